"""The place's badges: the list, a badge's page, defining and changing a badge, retiring it, and
nominating someone for it."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.permissions import require_perm, signed_in_person
from coproduce.recognition.forms_awards import NominateForm
from coproduce.recognition.forms_badges import BadgeForm
from coproduce.recognition.models import Badge
from coproduce.recognition.selectors.badges import badge_by_slug, badge_holder_count, badge_holders_shown, badges_list
from coproduce.recognition.services.awards import AwardError, nomination_create
from coproduce.recognition.services.badges import (
    BadgeError,
    BadgeImage,
    badge_change,
    badge_define,
    badge_restore,
    badge_retire,
)

HOLDERS_PER_PAGE = 50
# The picture of a form sent back with errors elsewhere (see forms_badges.py), kept for the next try.
KEPT_IMAGE_SESSION_KEY = "recognition_kept_badge_image"


def badge_or_404(slug: str) -> Badge:
    try:
        return badge_by_slug(slug)
    except Badge.DoesNotExist as exc:
        raise Http404 from exc


@require_perm("recognition.view_badges")
def badge_list(request: HttpRequest) -> HttpResponse:
    badges = list(badges_list())
    return render(
        request,
        "recognition/badges_list.html",
        {
            "badges": [badge for badge in badges if badge.retired_at is None],
            "retired": [badge for badge in badges if badge.retired_at is not None],
            "may_define": request.user.has_perm("recognition.define_badge"),
            "may_decide": request.user.has_perm("recognition.view_nominations"),
            "may_see_suggestions": request.user.has_perm("recognition.view_suggestions"),
        },
    )


@require_perm("recognition.view_badges")
def badge_page(request: HttpRequest, slug: str) -> HttpResponse:
    badge = badge_or_404(slug)
    page = Paginator(badge_holders_shown(badge), HOLDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "recognition/badges_page.html",
        {
            "badge": badge,
            "page": page,
            "holder_count": badge_holder_count(badge),
            "may_define": request.user.has_perm("recognition.define_badge"),
            "may_award": badge.retired_at is None and request.user.has_perm("recognition.award", badge),
        },
    )


# --- defining and changing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptImage:
    key: str
    name: str
    data: bytes


def _kept_image(request: HttpRequest) -> KeptImage | None:
    """The picture kept for this very form (matched by its submission key), if any."""
    kept = request.session.get(KEPT_IMAGE_SESSION_KEY)
    key = request.POST.get("idempotency_key", "")
    if not kept or not key or kept.get("key") != key:
        return None
    return KeptImage(key=key, name=kept["name"], data=base64.b64decode(kept["data"]))


def _keep_image(request: HttpRequest, form: BadgeForm) -> None:
    if form.image_data is None or "image" in form.errors:
        return
    request.session[KEPT_IMAGE_SESSION_KEY] = {
        "key": request.POST.get("idempotency_key", ""),
        "name": form.image_name[:100],
        "data": base64.b64encode(form.image_data).decode("ascii"),
    }
    form.image_kept(form.image_name)


def _image_from(form: BadgeForm, kept: KeptImage | None) -> BadgeImage | None:
    if form.image_data is not None:
        return BadgeImage(data=form.image_data)
    return BadgeImage(data=kept.data) if kept is not None else None


@require_perm("recognition.define_badge")
def badge_new(request: HttpRequest) -> HttpResponse:
    kept = _kept_image(request) if request.method == "POST" else None
    form = BadgeForm(request.POST or None, request.FILES or None, kept_image_name=kept.name if kept else "")
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                badge = badge_define(
                    actor=signed_in_person(request),
                    name=data["name"],
                    description=data["description"],
                    criteria=data["criteria"],
                    kind=data["kind"],
                    image=_image_from(form, kept),
                    image_alt=data["image_alt"],
                    peers_may_award=data["peers_may_award"],
                    suggest_for=data["suggest_for"],
                    suggest_at=data["suggest_at"],
                    idempotency_key=data["idempotency_key"],
                )
            except BadgeError as exc:
                form.add_error(exc.field, str(exc))
            else:
                request.session.pop(KEPT_IMAGE_SESSION_KEY, None)
                messages.success(
                    request,
                    _("The badge “%(name)s” is ready. Anyone can now nominate people for it.") % {"name": badge.name},
                )
                return redirect("recognition:badge", slug=badge.slug)
        _keep_image(request, form)
    return render(request, "recognition/badges_form.html", {"form": form, "badge": None})


@require_perm("recognition.define_badge")
def badge_edit(request: HttpRequest, slug: str) -> HttpResponse:
    badge = badge_or_404(slug)
    initial = {
        field: getattr(badge, field)
        for field in (
            "name",
            "description",
            "criteria",
            "kind",
            "image_alt",
            "peers_may_award",
            "suggest_for",
            "suggest_at",
        )
    }
    kept = _kept_image(request) if request.method == "POST" else None
    form = BadgeForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        has_image=True,
        kept_image_name=kept.name if kept else "",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            badge_change(
                actor=signed_in_person(request),
                badge=badge,
                name=data["name"],
                description=data["description"],
                criteria=data["criteria"],
                kind=data["kind"],
                image=_image_from(form, kept),
                image_alt=data["image_alt"],
                peers_may_award=data["peers_may_award"],
                suggest_for=data["suggest_for"],
                suggest_at=data["suggest_at"],
            )
        except BadgeError as exc:
            form.add_error(exc.field, str(exc))
        else:
            request.session.pop(KEPT_IMAGE_SESSION_KEY, None)
            messages.success(request, _("The badge is saved."))
            return redirect("recognition:badge", slug=badge.slug)
    if request.method == "POST":
        _keep_image(request, form)
    return render(request, "recognition/badges_form.html", {"form": form, "badge": badge})


@require_POST
@require_perm("recognition.define_badge")
def badge_retire_view(request: HttpRequest, slug: str) -> HttpResponse:
    badge = badge_or_404(slug)
    if request.POST.get("restore"):
        badge_restore(actor=signed_in_person(request), badge=badge)
        messages.success(request, _("The badge can be nominated for and given again."))
    else:
        badge_retire(actor=signed_in_person(request), badge=badge)
        messages.success(
            request,
            _("The badge is no longer given. Everyone who holds it keeps it, and their badge files still check out."),
        )
    return redirect("recognition:badge", slug=badge.slug)


# --- nominating --------------------------------------------------------------------------------------------------


@require_perm("recognition.nominate")
def nominate(request: HttpRequest, slug: str) -> HttpResponse:
    badge = badge_or_404(slug)
    if badge.retired_at is not None:
        messages.info(request, _("This badge is no longer given, so nobody can be nominated for it."))
        return redirect("recognition:badge", slug=badge.slug)
    if request.method == "POST":
        searching = NominateForm.wants_search(request.POST)
        form = NominateForm(request.POST, searching=searching)
        if not searching and form.is_valid():
            data = form.cleaned_data
            try:
                nomination = nomination_create(
                    actor=signed_in_person(request),
                    badge=badge,
                    nominee=data["nominee"],
                    reason=data["reason"],
                    idempotency_key=data["idempotency_key"],
                )
            except AwardError as exc:
                form.add_error(exc.field, str(exc))
            else:
                messages.success(
                    request,
                    _("Thank you. You have nominated %(name)s for “%(badge)s”. We will email you when it is decided.")
                    % {"name": nomination.nominee.display_name, "badge": badge.name},
                )
                return redirect("recognition:badge", slug=badge.slug)
    else:
        form = NominateForm(initial={"nominee": request.GET.get("person")} if request.GET.get("person") else None)
    return render(request, "recognition/badges_nominate.html", {"form": form, "badge": badge})
