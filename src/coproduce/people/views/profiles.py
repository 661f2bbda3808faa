"""Profile pages, the first-time journey, the edit pages, and filling a profile in with someone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.permissions import check_perm
from coproduce.people.forms_profiles import STEPS, STEPS_BY_SLUG, ProfileStep, ProfileStepForm, TagBoxesMixin
from coproduce.people.models import Person, Profile
from coproduce.people.selectors.profiles import profile_for_editing, profile_page
from coproduce.people.services.consent import ConsentError, consent_wording_current
from coproduce.people.services.profiles import (
    ProfileError,
    profile_confirm,
    profile_fill_in_start,
    profile_update,
)
from coproduce.people.services.tags import TagError
from coproduce.people.visibility import consent_topics_live, viewer_scope

# People whose profile this browser session is filling in, set when the facilitator starts (and it is audited).
FILL_IN_SESSION_KEY = "coproduce_filling_in"


def _profile_response(request: HttpRequest, person_id: int) -> HttpResponse:
    check_perm(request, "people.view_profile")
    try:
        page = profile_page(person_id, viewer_scope(request.user))
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "people/profiles_page.html",
        {
            "page": page,
            "can_fill_in": request.user.has_perm("people.fill_in_profile", page.person),
            # Curators reach the shared lists from their own page, not the header: a header link would cost every
            # page a permission query.
            "can_curate": page.is_self and request.user.has_perm("people.curate_tags"),
            "resume_step": _resume_step(page.profile),
        },
    )


def my_profile(request: HttpRequest) -> HttpResponse:
    check_perm(request, "people.view_profile")
    return _profile_response(request, int(request.user.pk))  # type: ignore[arg-type]


def profile(request: HttpRequest, person_id: int) -> HttpResponse:
    return _profile_response(request, person_id)


@require_POST
def profile_confirm_view(request: HttpRequest) -> HttpResponse:
    check_perm(request, "people.change_own_profile")
    profile_confirm(person=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Thank you. Your profile is confirmed."))
    return redirect("people:my-profile")


def _resume_step(profile: Profile | None) -> int:
    if profile is None or profile._state.adding:
        return 1
    return min(profile.journey_step + 1, len(STEPS))


def journey_start(request: HttpRequest) -> HttpResponse:
    check_perm(request, "people.change_own_profile")
    profile = profile_for_editing(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "people/profiles_start.html",
        {"subject": request.user, "profile": profile, "steps": STEPS, "resume_step": _resume_step(profile)},
    )


def _fill_in_subject(request: HttpRequest, person_id: int) -> Person:
    subject = Person.objects.filter(pk=person_id, is_active=True).first()
    if subject is None:
        raise Http404
    check_perm(request, "people.fill_in_profile", subject)
    return subject


def fill_in_start(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _fill_in_subject(request, person_id)
    profile = profile_for_editing(subject)
    if request.method == "POST":
        profile_fill_in_start(facilitator=request.user, person=subject)  # type: ignore[arg-type]
        filling = set(request.session.get(FILL_IN_SESSION_KEY, []))
        request.session[FILL_IN_SESSION_KEY] = sorted(filling | {subject.pk})
        return redirect("people:fill-in", person_id=subject.pk, step=_resume_step(profile))
    return render(
        request,
        "people/profiles_start.html",
        {
            "subject": subject,
            "profile": profile,
            "steps": STEPS,
            "resume_step": _resume_step(profile),
            "fill_in": True,
        },
    )


def journey(request: HttpRequest, step: int) -> HttpResponse:
    check_perm(request, "people.change_own_profile")
    return _step_page(request, subject=request.user, step=_step(step), mode="journey")  # type: ignore[arg-type]


def fill_in(request: HttpRequest, person_id: int, step: int) -> HttpResponse:
    subject = _fill_in_subject(request, person_id)
    if subject.pk not in request.session.get(FILL_IN_SESSION_KEY, []):
        # Opening someone's answers is recorded on the start page; nobody arrives here without passing it.
        return redirect("people:fill-in-start", person_id=subject.pk)
    return _step_page(request, subject=subject, step=_step(step), mode="fill_in")


def profile_edit(request: HttpRequest, section: str) -> HttpResponse:
    check_perm(request, "people.change_own_profile")
    step = STEPS_BY_SLUG.get(section)
    if step is None:
        raise Http404
    return _step_page(request, subject=request.user, step=step, mode="edit")  # type: ignore[arg-type]


def _step(number: int) -> ProfileStep:
    if not 1 <= number <= len(STEPS):
        raise Http404
    return STEPS[number - 1]


def _step_url(mode: str, subject: Person, number: int) -> str:
    if mode == "fill_in":
        return reverse("people:fill-in", kwargs={"person_id": subject.pk, "step": number})
    return reverse("people:journey", kwargs={"step": number})


def _step_page(request: HttpRequest, *, subject: Person, step: ProfileStep, mode: str) -> HttpResponse:
    profile = profile_for_editing(subject)
    live = consent_topics_live([subject.pk])[subject.pk]
    easy_read = bool(getattr(getattr(request, "preferences", None), "easy_read", False))
    form = step.form_class(
        request.POST if request.method == "POST" else None,
        person=subject,
        profile=profile,
        easy_read=easy_read,
        consent_live=live,
    )
    consents = _consent_blocks(form, live, easy_read)
    if request.method == "POST" and form.is_valid():
        later = request.POST.get("action") == "later"
        last = step.number == len(STEPS)
        try:
            profile_update(
                actor=request.user,  # type: ignore[arg-type]
                person=subject,
                changes=form.changes(),
                journey_reached=None if mode == "edit" else (step.number - 1 if later else step.number),
                journey_finished=mode != "edit" and last and not later,
            )
        except (ProfileError, TagError, ConsentError) as exc:
            form.add_error(None, str(exc))
        else:
            _say_what_happened(request, form, mode=mode, subject=subject, later=later, last=last)
            return redirect(_next_url(mode, subject, step, later=later))
    return render(
        request,
        "people/profiles_step.html",
        {
            "form": form,
            "step": step,
            "steps": STEPS,
            "mode": mode,
            "subject": subject,
            "consents": consents,
            "back_url": _back_url(mode, subject, step),
        },
    )


def _say_what_happened(
    request: HttpRequest, form: ProfileStepForm, *, mode: str, subject: Person, later: bool, last: bool
) -> None:
    if mode == "edit":
        messages.success(request, _("Your changes are saved."))
    elif mode == "fill_in" and (later or last):
        messages.success(
            request,
            _("Saved. %(name)s will be asked to check it and confirm it next time they sign in.")
            % {"name": subject.display_name},
        )
    elif later:
        messages.success(request, _("Your answers are saved. You can carry on whenever you like."))
    elif last:
        messages.success(request, _("Your profile is ready. You can change any part of it here."))
    if isinstance(form, TagBoxesMixin):
        for typed, name in form.saved_as.items():
            messages.info(request, _("We saved ‘%(typed)s’ as ‘%(name)s’.") % {"typed": typed, "name": name})
        if form.left_out:
            messages.info(request, _("We left out: %(names)s.") % {"names": ", ".join(form.left_out)})


def _next_url(mode: str, subject: Person, step: ProfileStep, *, later: bool) -> str:
    last = step.number == len(STEPS)
    if mode == "edit":
        return reverse("people:my-profile")
    if mode == "fill_in":
        if later or last:
            return reverse("people:profile", kwargs={"person_id": subject.pk})
        return _step_url(mode, subject, step.number + 1)
    if later:
        return reverse("people:journey-start")
    if last:
        return reverse("people:my-profile")
    return _step_url(mode, subject, step.number + 1)


def _back_url(mode: str, subject: Person, step: ProfileStep) -> str:
    if mode == "edit":
        return reverse("people:my-profile")
    if step.number > 1:
        return _step_url(mode, subject, step.number - 1)
    if mode == "fill_in":
        return reverse("people:fill-in-start", kwargs={"person_id": subject.pk})
    return reverse("people:journey-start")


def _consent_blocks(form: ProfileStepForm, live: frozenset[str], easy_read: bool) -> dict[str, dict[str, Any]]:
    """The words of each consent the step asks for, exactly as they will be recorded."""
    blocks: dict[str, dict[str, Any]] = {}
    for name, topic in getattr(form, "consent_fields", {}).items():
        try:
            wording = consent_wording_current(topic)
        except ConsentError:
            # No words to agree to yet (a place that removed them): the question is left off, not asked blank.
            form.fields.pop(name, None)
            continue
        blocks[name] = {
            "title": form.consent_title(name),  # type: ignore[attr-defined]
            "text": wording.easy_read_text if easy_read and wording.easy_read_text else wording.text,
            "version": wording.version,
            "live": topic in live,
        }
    return blocks
