"""Failures that teach: the list of stories, telling one, a story's page with thanks and praise, and the author's
own changes. No page here lists or counts stories by who told them."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.learn.forms_failures import NO, YES, FailureForm, PraiseForm
from coproduce.learn.models import FailureStory
from coproduce.learn.selectors.failures import (
    failure_detail,
    failure_praise_list,
    failures_list,
    my_thanks,
    organisations_to_tell_for,
)
from coproduce.learn.services.failures import (
    FailureError,
    failure_change,
    failure_praise,
    failure_tell,
    failure_thank,
    failure_thanks_take_back,
    failure_withdraw,
)

STORIES_PER_PAGE = 20


def _story(failure_id: int) -> FailureStory:
    try:
        return failure_detail(failure_id)
    except FailureStory.DoesNotExist as exc:
        raise Http404 from exc


@require_perm("learn.view_failures")
def failure_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(failures_list(), STORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "learn/failures.html", {"page": page, "stories": page.object_list})


@require_perm("learn.tell_failure")
def failure_new(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = FailureForm(request.POST or None, organisations=organisations_to_tell_for(person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = failure_tell(
                author=person,
                title=data["title"],
                tried=data["tried"],
                happened=data["happened"],
                learned=data["learned"],
                organisation=data["organisation"],
                show_name=form.wants_name_shown,
                idempotency_key=data["idempotency_key"],
            )
        except FailureError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Thank you for telling it. Others can learn from it now."))
            return redirect(story)
    status = 400 if form.errors else 200
    return render(request, "learn/failure_form.html", {"form": form, "story": None}, status=status)


def _story_page(request: HttpRequest, story: FailureStory, praise_form: PraiseForm | None = None) -> HttpResponse:
    person = signed_in_person(request)
    may_praise = person.has_perm("learn.praise_failure", story)
    if may_praise and praise_form is None:
        praise_form = PraiseForm()
    return render(
        request,
        "learn/failure.html",
        {
            "story": story,
            "praise": failure_praise_list(story),
            "is_author": story.author_id == person.pk,
            "may_thank": person.has_perm("learn.thank_failure", story),
            "thanks": my_thanks(story, person),
            "form": praise_form if may_praise else None,
        },
        status=400 if praise_form is not None and praise_form.errors else 200,
    )


@require_perm("learn.view_failures")
def failure_page(request: HttpRequest, failure_id: int) -> HttpResponse:
    return _story_page(request, _story(failure_id))


@require_perm("learn.view_failures")
def failure_edit(request: HttpRequest, failure_id: int) -> HttpResponse:
    story = _story(failure_id)
    check_perm(request, "learn.change_failure", story)
    initial = {
        "title": story.title,
        "tried": story.tried,
        "happened": story.happened,
        "learned": story.learned,
        "organisation": story.organisation,
        "show_name": YES if story.show_name else NO,
    }
    form = FailureForm(
        request.POST or None,
        initial=initial,
        organisations=organisations_to_tell_for(signed_in_person(request), keep=story.organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            failure_change(
                actor=signed_in_person(request),
                story=story,
                title=data["title"],
                tried=data["tried"],
                happened=data["happened"],
                learned=data["learned"],
                organisation=data["organisation"],
                show_name=form.wants_name_shown,
            )
        except FailureError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Your story is saved."))
            return redirect(story)
    status = 400 if form.errors else 200
    return render(request, "learn/failure_form.html", {"form": form, "story": story}, status=status)


@require_perm("learn.view_failures")
def failure_withdraw_view(request: HttpRequest, failure_id: int) -> HttpResponse:
    story = _story(failure_id)
    check_perm(request, "learn.change_failure", story)
    if request.method == "POST":
        failure_withdraw(actor=signed_in_person(request), story=story)
        messages.success(request, _("Your story “%(title)s” is withdrawn.") % {"title": story.title})
        return redirect("learn:failures")
    return render(request, "learn/failure_withdraw.html", {"story": story})


@require_POST
@require_perm("learn.view_failures")
def failure_thanks_view(request: HttpRequest, failure_id: int) -> HttpResponse:
    """One form, several buttons: thank, say "I learned from this", or take either back."""
    story = _story(failure_id)
    check_perm(request, "learn.thank_failure", story)
    person = signed_in_person(request)
    choice = request.POST.get("thanks", "")
    if choice == "thank":
        failure_thank(person=person, story=story)
        messages.success(request, _("Your thanks are added."))
    elif choice == "learned":
        failure_thank(person=person, story=story, learned_from_it=True)
        messages.success(request, _("You said you learned from this. Thank you for saying so."))
    elif choice == "unlearned":
        failure_thank(person=person, story=story, learned_from_it=False)
        messages.success(request, _("You took back ‘I learned from this’. Your thanks stay."))
    elif choice == "take-back":
        failure_thanks_take_back(person=person, story=story)
        messages.success(request, _("You took back your thanks."))
    return redirect(story.get_absolute_url() + "#thanks")


@require_POST
@require_perm("learn.view_failures")
def failure_praise_view(request: HttpRequest, failure_id: int) -> HttpResponse:
    story = _story(failure_id)
    check_perm(request, "learn.praise_failure", story)
    form = PraiseForm(request.POST)
    if form.is_valid():
        try:
            failure_praise(actor=signed_in_person(request), story=story, note=form.cleaned_data["note"])
        except FailureError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Your praise is shown on the story."))
            return redirect(story.get_absolute_url() + "#praise")
    return _story_page(request, story, praise_form=form)
