"""Curating the shared lists (place admins and facilitators): tags waiting for review, the words that find each
tag, tags that belong together, and the place's neighbourhoods and languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from coproduce.core.permissions import require_perm
from coproduce.people.forms_tags import (
    ListNameForm,
    RelatedAddForm,
    SynonymAddForm,
    TagAddForm,
    TagRejectForm,
    TagRenameForm,
)
from coproduce.people.models import Language, Neighbourhood, Tag, TagSynonym
from coproduce.people.selectors.tags import (
    languages_with_counts,
    neighbourhoods_with_counts,
    tag_for_curation,
    tags_approved,
    tags_pending,
)
from coproduce.people.services import tags as services

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@require_perm("people.curate_tags")
def tag_list(request: HttpRequest) -> HttpResponse:
    form = TagAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tag = services.tag_create(actor=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except services.TagError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("‘%(name)s’ is in the shared list.") % {"name": tag.name})
            return redirect("people:tags")
    return render(
        request,
        "people/tags_list.html",
        {"form": form, "pending": tags_pending(), "approved": tags_approved()},
    )


def _tag(tag_id: int) -> Tag:
    try:
        return tag_for_curation(tag_id)
    except Tag.DoesNotExist as exc:
        raise Http404 from exc


@require_perm("people.curate_tags")
def tag_detail(request: HttpRequest, tag_id: int) -> HttpResponse:
    tag = _tag(tag_id)
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    forms = {
        "rename": TagRenameForm(data if which == "rename" else None, prefix="rename", initial={"name": tag.name}),
        "synonym": SynonymAddForm(data if which == "synonym" else None, prefix="synonym"),
        "related": RelatedAddForm(data if which == "related" else None, prefix="related", tag=tag),
        "reject": TagRejectForm(data if which == "reject" else None, prefix="reject", tag=tag),
    }
    form = forms.get(which or "")
    if form is not None and form.is_valid():
        actor = request.user
        try:
            if which == "rename":
                services.tag_rename(actor=actor, tag=tag, name=form.cleaned_data["name"])  # type: ignore[arg-type]
                messages.success(request, _("The tag is renamed."))
            elif which == "synonym":
                services.tag_synonym_add(actor=actor, tag=tag, term=form.cleaned_data["term"])  # type: ignore[arg-type]
                messages.success(request, _("‘%(term)s’ now finds this tag.") % {"term": form.cleaned_data["term"]})
            elif which == "related":
                services.tag_relate(actor=actor, tag=tag, other=form.cleaned_data["other"])  # type: ignore[arg-type]
                messages.success(request, _("The tags are linked."))
            elif which == "reject":
                merge_into = form.cleaned_data["merge_into"]
                services.tag_reject(actor=actor, tag=tag, merge_into=merge_into)  # type: ignore[arg-type]
                messages.success(
                    request,
                    _("‘%(name)s’ is merged into ‘%(into)s’.") % {"name": tag.name, "into": merge_into.name}
                    if merge_into is not None
                    else _("‘%(name)s’ is left out of the shared list.") % {"name": tag.name},
                )
                return redirect("people:tags")
        except services.TagError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("people:tag", tag_id=tag.pk)
    return render(request, "people/tags_detail.html", {"tag": tag, "forms": forms, "form": form})


@require_POST
@require_perm("people.curate_tags")
def tag_approve_view(request: HttpRequest, tag_id: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=tag_id)
    try:
        services.tag_approve(actor=request.user, tag=tag)  # type: ignore[arg-type]
    except services.TagError as exc:
        messages.error(request, str(exc))
        return redirect("people:tag", tag_id=tag.pk)
    messages.success(request, _("‘%(name)s’ is in the shared list.") % {"name": tag.name})
    return redirect("people:tags")


@require_POST
@require_perm("people.curate_tags")
def tag_synonym_remove_view(request: HttpRequest, tag_id: int, synonym_id: int) -> HttpResponse:
    synonym = get_object_or_404(TagSynonym.objects.select_related("tag"), pk=synonym_id, tag_id=tag_id)
    services.tag_synonym_remove(actor=request.user, synonym=synonym)  # type: ignore[arg-type]
    messages.success(request, _("‘%(term)s’ no longer finds this tag.") % {"term": synonym.term})
    return redirect("people:tag", tag_id=tag_id)


@require_POST
@require_perm("people.curate_tags")
def tag_unrelate_view(request: HttpRequest, tag_id: int, other_id: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=tag_id)
    other = get_object_or_404(Tag, pk=other_id)
    services.tag_unrelate(actor=request.user, tag=tag, other=other)  # type: ignore[arg-type]
    messages.success(request, _("The tags are no longer linked."))
    return redirect("people:tag", tag_id=tag_id)


@dataclass(frozen=True)
class PlaceList:
    """Neighbourhoods and languages: the same two pages for each, a list with a box to add one, and a rename page."""

    model: type[Neighbourhood] | type[Language]
    limit: int
    title: StrOrPromise
    add_label: StrOrPromise
    list_url: str
    item_url: str


LISTS = {
    "neighbourhoods": PlaceList(
        model=Neighbourhood,
        limit=100,
        title=_l("Neighbourhoods"),
        add_label=_l("Add a neighbourhood"),
        list_url="people:neighbourhoods",
        item_url="people:neighbourhood",
    ),
    "languages": PlaceList(
        model=Language,
        limit=60,
        title=_l("Languages"),
        add_label=_l("Add a language"),
        list_url="people:languages",
        item_url="people:language",
    ),
}


def _list_page(request: HttpRequest, kind: str) -> HttpResponse:
    spec = LISTS[kind]
    form = ListNameForm(request.POST or None, label=spec.add_label, limit=spec.limit)
    if request.method == "POST" and form.is_valid():
        create = services.neighbourhood_create if kind == "neighbourhoods" else services.language_create
        try:
            item = create(actor=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except services.TagError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("‘%(name)s’ is added.") % {"name": item.name})
            return redirect(spec.list_url)
    items = neighbourhoods_with_counts() if kind == "neighbourhoods" else languages_with_counts()
    return render(request, "people/tags_place_list.html", {"form": form, "items": items, "spec": spec, "kind": kind})


def _item_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = LISTS[kind]
    item = cast("Neighbourhood | Language", get_object_or_404(spec.model, pk=pk))
    form = ListNameForm(request.POST or None, label=_("New name"), limit=spec.limit, initial={"name": item.name})
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(item, Neighbourhood):
                services.neighbourhood_rename(actor=request.user, neighbourhood=item, name=form.cleaned_data["name"])  # type: ignore[arg-type]
            else:
                services.language_rename(actor=request.user, language=item, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except services.TagError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("The name is changed."))
            return redirect(spec.list_url)
    return render(request, "people/tags_place_edit.html", {"form": form, "item": item, "spec": spec})


@require_perm("people.curate_tags")
def neighbourhood_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "neighbourhoods")


@require_perm("people.curate_tags")
def neighbourhood_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, "neighbourhoods", pk)


@require_perm("people.curate_tags")
def language_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "languages")


@require_perm("people.curate_tags")
def language_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, "languages", pk)
