"""Awards: giving a badge (from a nomination or directly), the nominations waiting for a decision, a person's own
badges and nominations, an award's page with the recipient's answer, and taking a badge back."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.recognition.forms_awards import (
    AwardForm,
    AwardNominationForm,
    DeclineNominationForm,
    RespondForm,
    RevokeForm,
)
from coproduce.recognition.models import Award, Nomination
from coproduce.recognition.selectors.badges import (
    award_detail,
    awards_of,
    nomination_detail,
    nominations_by,
    nominations_to_decide,
)
from coproduce.recognition.services.awards import (
    AwardError,
    award_accept,
    award_decline,
    award_give,
    award_revoke,
    award_show_on_profile,
    nomination_decline,
    nomination_withdraw,
)
from coproduce.recognition.views.badges import badge_or_404


def award_or_404(award_id: int) -> Award:
    try:
        return award_detail(award_id)
    except Award.DoesNotExist as exc:
        raise Http404 from exc


def nomination_or_404(nomination_id: int) -> Nomination:
    try:
        return nomination_detail(nomination_id)
    except Nomination.DoesNotExist as exc:
        raise Http404 from exc


def _awarded_message(award: Award) -> str:
    if award.recipient.email:
        return _("%(name)s has been offered “%(badge)s”. We have emailed them to let them know.") % {
            "name": award.recipient.display_name,
            "badge": award.badge.name,
        }
    return _("%(name)s has been offered “%(badge)s”. They will see it next time they sign in.") % {
        "name": award.recipient.display_name,
        "badge": award.badge.name,
    }


# --- giving -------------------------------------------------------------------------------------------------------


@require_perm("recognition.view_badges")
def badge_award(request: HttpRequest, slug: str) -> HttpResponse:
    """Give a badge directly, without waiting for a nomination."""
    badge = badge_or_404(slug)
    check_perm(request, "recognition.award", badge)
    if badge.retired_at is not None:
        messages.info(request, _("This badge is no longer given."))
        return redirect("recognition:badge", slug=badge.slug)
    if request.method == "POST":
        searching = AwardForm.wants_search(request.POST)
        form = AwardForm(request.POST, searching=searching)
        if not searching and form.is_valid():
            data = form.cleaned_data
            try:
                award = award_give(
                    actor=signed_in_person(request),
                    badge=badge,
                    recipient=data["recipient"],
                    evidence=data["evidence"],
                    idempotency_key=data["idempotency_key"],
                    site_url=site_url(request),
                )
            except AwardError as exc:
                form.add_error(exc.field, str(exc))
            else:
                messages.success(request, _awarded_message(award))
                return redirect("recognition:award", award_id=award.pk)
    else:
        person = request.GET.get("person", "")
        form = AwardForm(initial={"recipient": person} if person.isdigit() else None)
    return render(request, "recognition/awards_give.html", {"form": form, "badge": badge})


@require_perm("recognition.view_nominations")
def nomination_queue(request: HttpRequest) -> HttpResponse:
    may_decide_all = request.user.has_perm("recognition.define_badge")
    nominations = list(nominations_to_decide(signed_in_person(request), may_decide_all=may_decide_all))
    return render(request, "recognition/awards_queue.html", {"nominations": nominations})


def _decide_page(
    request: HttpRequest,
    nomination: Nomination,
    award_form: AwardNominationForm | None = None,
    decline_form: DeclineNominationForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "recognition/awards_decide.html",
        {
            "nomination": nomination,
            "award_form": award_form or AwardNominationForm(),
            "decline_form": decline_form or DeclineNominationForm(),
            "is_open": nomination.status == Nomination.Status.OPEN and nomination.badge.retired_at is None,
        },
    )


@require_perm("recognition.view_nominations")
def nomination_decide(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = nomination_or_404(nomination_id)
    check_perm(request, "recognition.award", nomination)
    if request.method != "POST":
        return _decide_page(request, nomination)
    if nomination.status != Nomination.Status.OPEN:
        messages.info(request, _("This nomination has already been decided."))
        return redirect("recognition:nominations")
    if "decline" in request.POST:
        decline_form = DeclineNominationForm(request.POST)
        if decline_form.is_valid():
            try:
                nomination_decline(
                    actor=signed_in_person(request),
                    nomination=nomination,
                    note=decline_form.cleaned_data["note"],
                    site_url=site_url(request),
                )
            except AwardError as exc:
                decline_form.add_error(exc.field, str(exc))
            else:
                messages.success(
                    request,
                    _("The nomination of %(name)s is closed, and whoever nominated them has been told why.")
                    % {"name": nomination.nominee.display_name},
                )
                return redirect("recognition:nominations")
        return _decide_page(request, nomination, decline_form=decline_form)
    award_form = AwardNominationForm(request.POST)
    if award_form.is_valid():
        try:
            award = award_give(
                actor=signed_in_person(request),
                nomination=nomination,
                evidence=award_form.cleaned_data["evidence"],
                idempotency_key=award_form.cleaned_data["idempotency_key"],
                site_url=site_url(request),
            )
        except AwardError as exc:
            award_form.add_error("evidence" if exc.field == "evidence" else None, str(exc))
        else:
            messages.success(request, _awarded_message(award))
            return redirect("recognition:nominations")
    return _decide_page(request, nomination, award_form=award_form)


@require_POST
@require_perm("recognition.nominate")
def nomination_withdraw_view(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = nomination_or_404(nomination_id)
    try:
        nomination_withdraw(actor=signed_in_person(request), nomination=nomination)
    except AwardError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your nomination is withdrawn."))
    return redirect("recognition:mine")


# --- a person's own -------------------------------------------------------------------------------------------------


@require_perm("recognition.view_badges")
def mine(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    awards = awards_of(person)
    return render(
        request,
        "recognition/awards_mine.html",
        {
            "offered": [(award, RespondForm(award=award)) for award in awards["offered"]],
            "held": awards["held"],
            "past": awards["past"],
            "nominations": list(nominations_by(person)),
        },
    )


def _award_page(request: HttpRequest, award: Award, respond_form: RespondForm | None = None) -> HttpResponse:
    user = request.user
    is_recipient = award.recipient_id == user.pk
    live = award.revoked_at is None
    context: dict[str, Any] = {
        "award": award,
        "is_recipient": is_recipient,
        "respond_form": None,
        "may_revoke": live and award.status != Award.Status.DECLINED and user.has_perm("recognition.revoke", award),
    }
    if is_recipient and live and award.status == Award.Status.OFFERED:
        context["respond_form"] = respond_form or RespondForm(award=award)
    # The badge file is the recipient's to download once they have accepted it (views/credentials.py).
    context["may_download"] = is_recipient and live and award.status == Award.Status.ACCEPTED
    return render(request, "recognition/awards_page.html", context)


@require_perm("recognition.view_badges")
def award_page(request: HttpRequest, award_id: int) -> HttpResponse:
    award = award_or_404(award_id)
    if not request.user.has_perm("recognition.view_award", award):
        # Whether a badge was given to someone is theirs to share: to anyone else it is not there.
        raise Http404
    return _award_page(request, award)


@require_POST
@require_perm("recognition.view_badges")
def award_respond(request: HttpRequest, award_id: int) -> HttpResponse:
    award = award_or_404(award_id)
    check_perm(request, "recognition.respond", award)
    form = RespondForm(request.POST, award=award)
    if form.is_valid():
        answer = form.cleaned_data["answer"]
        try:
            if answer == RespondForm.DECLINE:
                award_decline(actor=signed_in_person(request), award=award)
                message = _("You have declined “%(badge)s”. Nobody else is told.")
            else:
                award_accept(actor=signed_in_person(request), award=award, shown_on_profile=answer == RespondForm.SHOW)
                message = (
                    _("“%(badge)s” is yours, and it shows on your profile.")
                    if answer == RespondForm.SHOW
                    else _("“%(badge)s” is yours. Only you can see it.")
                )
        except AwardError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, message % {"badge": award.badge.name})
        if request.POST.get("from") == "mine":
            return redirect("recognition:mine")
        return redirect("recognition:award", award_id=award.pk)
    return _award_page(request, award, respond_form=form)


@require_POST
@require_perm("recognition.view_badges")
def award_show(request: HttpRequest, award_id: int) -> HttpResponse:
    award = award_or_404(award_id)
    check_perm(request, "recognition.respond", award)
    shown = request.POST.get("shown") == "yes"
    try:
        award_show_on_profile(actor=signed_in_person(request), award=award, shown=shown)
    except AwardError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            (_("“%(badge)s” now shows on your profile.") if shown else _("“%(badge)s” is now off your profile."))
            % {"badge": award.badge.name},
        )
    if request.POST.get("from") == "mine":
        return redirect("recognition:mine")
    return redirect("recognition:award", award_id=award.pk)


@require_perm("recognition.view_badges")
def award_revoke_view(request: HttpRequest, award_id: int) -> HttpResponse:
    award = award_or_404(award_id)
    check_perm(request, "recognition.revoke", award)
    if award.revoked_at is not None:
        messages.info(request, _("This badge has already been taken back."))
        return redirect("recognition:award", award_id=award.pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award_revoke(
                actor=signed_in_person(request),
                award=award,
                reason=form.cleaned_data["reason"],
                site_url=site_url(request),
            )
        except AwardError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(
                request,
                _("The badge has been taken back, and %(name)s has been told why.")
                % {"name": award.recipient.display_name},
            )
            return redirect("recognition:award", award_id=award.pk)
    return render(request, "recognition/awards_revoke.html", {"form": form, "award": award})
