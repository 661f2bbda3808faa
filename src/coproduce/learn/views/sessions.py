"""Training sessions: the list, making one, its page (sign up, a trainer's credit, the organiser's tools), adding
trainers, marking it held with who came, and what an attendee will do differently."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.learn.competencies import competency_title
from coproduce.learn.forms_sessions import (
    CreditForm,
    DifferentlyForm,
    HeldForm,
    KindFilterForm,
    SessionForm,
    TrainerAddForm,
)
from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.learn.selectors.sessions import (
    attendance_of,
    organisations_organised_by,
    session_attendances,
    session_detail,
    sessions_listing,
    trainer_label,
    trainers_shown,
)
from coproduce.learn.services.sessions import (
    SessionError,
    session_differently_record,
    session_mark_held,
    session_sign_up,
    session_sign_up_cancel,
    session_trainer_add,
    session_trainer_credit_set,
    session_trainer_remove,
    training_session_create,
)
from coproduce.timebank.services.group import GroupActivityError
from coproduce.timebank.services.ledger import LedgerError, minutes_as_text

PAST_PER_PAGE = 20


def _session_or_404(session_id: int) -> TrainingSession:
    try:
        return session_detail(session_id)
    except TrainingSession.DoesNotExist as exc:
        raise Http404 from exc


@require_perm("learn.view_sessions")
def session_list(request: HttpRequest) -> HttpResponse:
    form = KindFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_bound and form.is_valid() else ""
    listing = sessions_listing(kind=kind)
    page = Paginator(listing.past, PAST_PER_PAGE).get_page(request.GET.get("page"))
    viewer = signed_in_person(request)

    def rows(sessions: Any) -> list[dict[str, Any]]:
        return [{"session": session, "trainers": trainers_shown(session, viewer)} for session in sessions]

    return render(
        request,
        "learn/session_list.html",
        {
            "form": form,
            "kind": kind,
            "upcoming": rows(listing.upcoming),
            "past": rows(page.object_list),
            "page": page,
            "query": f"kind={kind}" if kind else "",
            "may_create": request.user.has_perm("learn.create_session"),
        },
    )


@require_perm("learn.create_session")
def session_new(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    organisations = organisations_organised_by(person)
    form = SessionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check_perm(request, "learn.create_session", data["organisation"])
        try:
            session = training_session_create(
                actor=person,
                organisation=data["organisation"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                starts_at=form.starts_at(),
                minutes=data["minutes"],
                where=data["where"],
                idempotency_key=data["idempotency_key"],
            )
        except SessionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The session is ready. Now add its trainers."))
            return redirect(session)
    return render(request, "learn/session_form.html", {"form": form}, status=400 if form.errors else 200)


def _page_context(request: HttpRequest, session: TrainingSession) -> dict[str, Any]:
    viewer = signed_in_person(request)
    trainers = trainers_shown(session, viewer)
    mine = next((shown.trainer for shown in trainers if shown.is_you), None)
    organiser = viewer.has_perm("learn.organise_session", session)
    attendance = attendance_of(session, viewer)
    attendances = session_attendances(session) if organiser else []
    if attendance is not None:
        attendance.session = session
    return {
        "session": session,
        "trainers": trainers,
        "my_trainer": mine,
        "credit_form": CreditForm(trainer=mine) if mine is not None else None,
        "organiser": organiser,
        "attendance": attendance,
        "attendances": attendances,
        "came": [a for a in attendances if a.attended],
        "may_write": attendance is not None and viewer.has_perm("learn.record_differently", attendance),
        "competency": competency_title(attendance.competency) if attendance is not None else "",
        "hours": minutes_as_text(session.minutes),
        "session_started": session.starts_at <= timezone.now(),
    }


@require_perm("learn.view_sessions")
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    return render(request, "learn/session_page.html", _page_context(request, session))


@require_POST
@require_perm("learn.sign_up_session")
def session_sign_up_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=session_id)
    try:
        session_sign_up(actor=signed_in_person(request), session=session)
    except SessionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("You are signed up. See you there."))
    return redirect(session)


@require_POST
@require_perm("learn.sign_up_session")
def session_cancel_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=session_id)
    try:
        session_sign_up_cancel(actor=signed_in_person(request), session=session)
    except SessionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your place is cancelled. You can sign up again while the session is open."))
    return redirect(session)


@require_perm("learn.view_sessions")
def trainer_add(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    check_perm(request, "learn.organise_session", session)
    if request.method == "POST":
        searching = TrainerAddForm.wants_search(request.POST)
        form = TrainerAddForm(request.POST, searching=searching)
        if not searching and form.is_valid():
            data = form.cleaned_data
            try:
                session_trainer_add(
                    actor=signed_in_person(request),
                    session=session,
                    person=data["person"],
                    lived_experience=data["lived_experience"],
                    site_url=site_url(request),
                )
            except SessionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s is a trainer at this session. They choose how they are credited.")
                    % {"name": data["person"].display_name},
                )
                return redirect(session)
    else:
        form = TrainerAddForm()
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "learn/session_trainer_add.html", {"form": form, "session": session}, status=status)


@require_POST
@require_perm("learn.view_sessions")
def trainer_remove(request: HttpRequest, session_id: int, trainer_id: int) -> HttpResponse:
    trainer = get_object_or_404(SessionTrainer.objects.select_related("session", "person"), pk=trainer_id)
    if trainer.session_id != session_id:
        raise Http404
    check_perm(request, "learn.organise_session", trainer.session)
    try:
        session_trainer_remove(actor=signed_in_person(request), trainer=trainer)
    except SessionError as exc:
        messages.error(request, str(exc))
    else:
        # Named as they chose to be named, even here.
        messages.success(request, _("Removed: %(who)s.") % {"who": trainer_label(trainer)})
    return redirect(trainer.session)


@require_POST
@require_perm("learn.view_sessions")
def trainer_credit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    trainer = next((t for t in session.trainers.all() if t.person_id == request.user.pk), None)
    # Anyone who is not one of its trainers, the organiser included, is refused.
    check_perm(request, "learn.choose_trainer_credit", trainer)
    assert trainer is not None
    form = CreditForm(request.POST, trainer=trainer)
    if form.is_valid():
        session_trainer_credit_set(actor=signed_in_person(request), trainer=trainer, credit=form.cleaned_data["credit"])
        if trainer.credit == SessionTrainer.Credit.NAMED:
            messages.success(request, _("Saved: you are named as a trainer at this session."))
        else:
            messages.success(
                request,
                _("Saved: your name is not shown. Everyone sees “%(label)s” instead.")
                % {"label": trainer_label(trainer)},
            )
        return redirect(session)
    context = _page_context(request, session)
    context["credit_form"] = form
    return render(request, "learn/session_page.html", context, status=400)


@require_perm("learn.view_sessions")
def session_held(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    check_perm(request, "learn.organise_session", session)
    person = signed_in_person(request)
    attendances = session_attendances(session)
    trainer_ids = {trainer.person_id for trainer in session.trainers.all()}
    may_approve = bool(person.has_perm("timebank.approve_over_limit"))
    options: dict[str, Any] = {"attendances": attendances, "trainer_ids": trainer_ids, "may_approve": may_approve}
    if request.method == "POST":
        searching = HeldForm.wants_search(request.POST)
        form = HeldForm(request.POST, searching=searching, **options)
        if not searching and form.is_valid():
            try:
                held = session_mark_held(
                    actor=person,
                    session=session,
                    attended=form.people(),
                    approved_by=person if form.cleaned_data.get("approve") else None,
                )
            except (SessionError, LedgerError, GroupActivityError) as exc:
                form.add_error(None, _("Nothing was saved. %(reason)s") % {"reason": exc})
            else:
                messages.success(request, _held_message(held.first_time, held.attended, len(trainer_ids), session))
                return redirect(session)
    else:
        form = HeldForm(**options)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "learn/session_held.html",
        {
            "form": form,
            "session": session,
            "hours": minutes_as_text(session.minutes),
            "trainer_count": len(trainer_ids),
        },
        status=status,
    )


def _held_message(first_time: bool, attended: int, trainers: int, session: TrainingSession) -> str:
    came = ngettext("%(n)s person came.", "%(n)s people came.", attended) % {"n": attended}
    if not first_time:
        return _("Saved who came. %(came)s The trainers’ hours were added before, so nothing was added again.") % {
            "came": came
        }
    if not trainers:
        return _("The session is marked held. %(came)s") % {"came": came}
    credited = ngettext(
        "The trainer has %(hours)s added to their timebank hours.",
        "Each of the %(n)s trainers has %(hours)s added to their timebank hours.",
        trainers,
    ) % {"n": trainers, "hours": minutes_as_text(session.minutes)}
    return _("The session is marked held. %(came)s %(credited)s") % {"came": came, "credited": credited}


@require_perm("learn.view_sessions")
def session_differently(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    person = signed_in_person(request)
    attendance = SessionAttendance.objects.filter(session=session, person=person).first()
    if attendance is not None:
        attendance.session = session
    # No attendance at all is refused the same way as one for a session they did not come to.
    check_perm(request, "learn.record_differently", attendance)
    assert attendance is not None
    if request.method == "POST":
        form = DifferentlyForm(request.POST)
        if form.is_valid():
            try:
                session_differently_record(
                    actor=person,
                    attendance=attendance,
                    text=form.cleaned_data["text"],
                    competency=form.cleaned_data["competency"],
                )
            except SessionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(
                    request,
                    _("Saved. It is in your learning record, and shows as evidence when you next reflect on %(it)s.")
                    % {"it": competency_title(attendance.competency)}
                    if attendance.competency
                    else _("Saved. It is in your learning record."),
                )
                return redirect(session)
    else:
        form = DifferentlyForm(initial={"text": attendance.will_do_differently, "competency": attendance.competency})
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "learn/session_differently.html", {"form": form, "session": session}, status=status)
