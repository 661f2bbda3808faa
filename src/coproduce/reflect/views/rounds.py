"""Opening a round, its page, bringing people in, and closing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.people.selectors.people_pick import organisation_members
from coproduce.reflect.forms_rounds import InviteForm, JoinForm, ParticipantAddForm, RoundOpenForm
from coproduce.reflect.models import ReflectionRound
from coproduce.reflect.selectors.frameworks import frameworks_offered
from coproduce.reflect.selectors.rounds import (
    organisations_to_reflect_on,
    perspective_counts,
    round_participants,
    rounds_run_by,
    rounds_taking_part,
)
from coproduce.reflect.services.rounds import (
    NoAnswersError,
    RoundClosedError,
    participant_add,
    participant_join,
    round_close,
    round_invite,
    round_join_url,
    round_open,
    round_reopen,
)


def _round(request: HttpRequest, round_id: int, perm: str) -> ReflectionRound:
    round_ = get_object_or_404(
        ReflectionRound.objects.select_related("framework", "organisation", "service", "opened_by"), pk=round_id
    )
    check_perm(request, perm, round_)
    return round_


@require_perm("reflect.use")
def home(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    return render(
        request,
        "reflect/home.html",
        {
            "running": rounds_run_by(person),
            "taking_part": rounds_taking_part(person),
            "may_open": person.has_perm("reflect.open_round"),
            "may_overview": person.has_perm("reflect.view_overview"),
        },
    )


@require_perm("reflect.open_round")
def round_new(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    organisations = organisations_to_reflect_on(person)
    form = RoundOpenForm(
        request.POST if request.method == "POST" else None, frameworks=frameworks_offered(), organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = round_open(
                actor=person,
                framework=data["framework"],
                organisation=data["organisation"],
                service=data["service"],
                title=data["title"],
                purpose=data["purpose"],
                subjects=data["subjects"].splitlines(),
                allow_anonymous=data["allow_anonymous"],
                closes_on=data["closes_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round is open. Now bring people in: share its link or invite them."))
            return redirect(round_)
    status = 400 if request.method == "POST" else 200
    return render(request, "reflect/round_new.html", {"form": form, "organisations": organisations}, status=status)


def _round_page(
    request: HttpRequest,
    round_: ReflectionRound,
    *,
    invite: InviteForm | None = None,
    add: ParticipantAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    person = signed_in_person(request)
    runs = person.has_perm("reflect.run_round", round_)
    participants = round_participants(round_) if runs else []
    mine = round_.participants.filter(person=person).first()
    context = {
        "round": round_,
        "definition": round_.framework.definition,
        "runs": runs,
        "mine": mine,
        "may_see_results": person.has_perm("reflect.view_results", round_),
        "join_url": request.build_absolute_uri(round_join_url(round_)),
    }
    if runs:
        members = organisation_members(round_.organisation_id)
        already = {p.person_id for p in participants}
        context.update(
            {
                "participants": participants,
                "perspectives": perspective_counts(participants),
                "invite": invite or InviteForm(people=[m for m in members if m.pk not in already]),
                "add": add or ParticipantAddForm(allow_anonymous=round_.allow_anonymous),
                "answered": sum(p.submitted_at is not None for p in participants),
            }
        )
    return render(request, "reflect/round.html", context, status=status)


@require_perm("reflect.use")
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_object_or_404(
        ReflectionRound.objects.select_related("framework", "organisation", "service", "opened_by"), pk=round_id
    )
    person = signed_in_person(request)
    if not (person.has_perm("reflect.run_round", round_) or person.has_perm("reflect.view_results", round_)):
        check_perm(request, "reflect.run_round", round_)
    return _round_page(request, round_)


@require_POST
@require_perm("reflect.use")
def round_invite_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id, "reflect.run_round")
    members = organisation_members(round_.organisation_id, keep=request.POST.getlist("invite-people"))
    form = InviteForm(request.POST, people=members)
    if form.is_valid():
        try:
            invited = round_invite(
                actor=signed_in_person(request),
                round_=round_,
                people=form.cleaned_data["people"],
                perspective=form.cleaned_data["perspective"],
                site_url=site_url(request),
            )
        except RoundClosedError:
            form.add_error(None, _("This round has closed, so no one new can be invited. Reopen it first."))
        else:
            messages.success(request, _("Invited %(n)s. Each has been sent the round’s link.") % {"n": invited})
            return redirect(round_)
    return _round_page(request, round_, invite=form, status=400)


@require_POST
@require_perm("reflect.use")
def participant_add_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id, "reflect.run_round")
    form = ParticipantAddForm(request.POST, allow_anonymous=round_.allow_anonymous)
    if form.is_valid():
        try:
            participant = participant_add(
                actor=signed_in_person(request),
                round_=round_,
                name=form.cleaned_data["name"],
                perspective=form.cleaned_data["perspective"],
                channel=form.cleaned_data["channel"],
                anonymous=form.cleaned_data.get("anonymous", False),
            )
        except RoundClosedError:
            form.add_error(
                None,
                _("This round has closed. Answers on paper can still be typed in: choose ‘On paper’."),
            )
        else:
            return redirect("reflect:answer", participant_id=participant.pk)
    return _round_page(request, round_, add=form, status=400)


@require_POST
@require_perm("reflect.use")
def round_close_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id, "reflect.run_round")
    try:
        round_close(actor=signed_in_person(request), round_=round_)
    except NoAnswersError:
        messages.error(request, _("No one has answered yet, so there is nothing to close. Bring people in first."))
    else:
        messages.success(request, _("The round is closed. Its results are ready."))
    return redirect(round_)


@require_POST
@require_perm("reflect.use")
def round_reopen_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id, "reflect.run_round")
    round_reopen(actor=signed_in_person(request), round_=round_)
    messages.success(request, _("The round is open again for answers."))
    return redirect(round_)


@require_perm("reflect.use")
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Where the round's shared link leads: say who you are here, then answer."""
    round_ = get_object_or_404(
        ReflectionRound.objects.select_related("framework", "organisation", "service"), join_token=token
    )
    person = signed_in_person(request)
    existing = round_.participants.filter(person=person).first()
    initial = {"perspective": existing.perspective, "anonymous": existing.anonymous} if existing else {}
    form = JoinForm(
        request.POST if request.method == "POST" else None, initial=initial, allow_anonymous=round_.allow_anonymous
    )
    closed = not round_.is_open
    if request.method == "POST" and not closed and form.is_valid():
        try:
            participant = participant_join(
                round_=round_,
                person=person,
                perspective=form.cleaned_data["perspective"],
                anonymous=form.cleaned_data.get("anonymous", False),
            )
        except RoundClosedError:
            closed = True
        else:
            return redirect("reflect:answer", participant_id=participant.pk)
    return render(
        request,
        "reflect/join.html",
        {"round": round_, "form": form, "closed": closed, "existing": existing},
        status=409 if closed and request.method == "POST" else 200,
    )
