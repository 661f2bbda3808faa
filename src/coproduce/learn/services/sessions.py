"""Training sessions: people who use services and carers train staff, community members run skills sessions, and
people practise in prototyping sessions.

An organiser (a facilitator or admin of the organisation) creates a session and adds its trainers; each trainer
decides how they are credited; anyone signs up. When the organiser marks it held, they record who came, and every
trainer is credited with the session's time through the timebank, paid by the organisation's account, in one
transfer whose key belongs to the session, so marking it held again can never pay twice. Attendees then say what
they will do differently, which counts as evidence in their own competency reflections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, audited_with_key, place_get
from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.timebank.models import Category, Transfer
from coproduce.timebank.services.accounts import account_for_organisation
from coproduce.timebank.services.group import Share, group_activity_record

TITLE_MAX = 200
DESCRIPTION_MAX = 3000
WHERE_MAX = 300
DIFFERENTLY_MAX = 2000
MINUTES_MIN = 15
# A long day: anything longer is a typing mistake, or several sessions.
MINUTES_MAX = 10 * 60
TRAINING_CATEGORY = "Training staff"


class SessionError(ValueError):
    """Something about a session that cannot be done; the message is written for the person who tried. `field`
    names the form field it belongs beside, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_text(value: str, *, limit: int, what: str, field: str, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise SessionError(_("Write %(what)s.") % {"what": what}, field=field)
    if len(value) > limit:
        raise SessionError(
            _("%(what)s can be up to %(limit)s characters. It has %(count)s: please shorten it.")
            % {"what": what[:1].upper() + what[1:], "limit": limit, "count": len(value)},
            field=field,
        )
    return value


def _check_minutes(minutes: int) -> int:
    if minutes < MINUTES_MIN or minutes > MINUTES_MAX:
        raise SessionError(
            _("A session can be from %(low)s minutes to %(high)s hours long.")
            % {"low": MINUTES_MIN, "high": MINUTES_MAX // 60},
            field="minutes",
        )
    return minutes


def _open(person: Person) -> bool:
    return person.is_active and person.closed_at is None


def training_session_create(
    *,
    actor: Person,
    organisation: Organisation,
    kind: str,
    title: str,
    description: str,
    starts_at: datetime,
    minutes: int,
    where: str = "",
    idempotency_key: str = "",
) -> TrainingSession:
    """A new session. The same form sent twice (a double click, a resent page) makes one session."""
    if kind not in TrainingSession.Kind.values:
        raise SessionError(_("Choose the kind of session."), field="kind")
    session = TrainingSession(
        organisation=organisation,
        kind=kind,
        title=_check_text(title, limit=TITLE_MAX, what=_("the title"), field="title"),
        description=_check_text(
            description, limit=DESCRIPTION_MAX, what=_("what the session is about"), field="description"
        ),
        starts_at=starts_at,
        minutes=_check_minutes(minutes),
        where=_check_text(where, limit=WHERE_MAX, what=_("where it is"), field="where", required=False),
        organised_by=actor,
    )
    with transaction.atomic():
        if idempotency_key:
            # The actor's row lock makes the same form sent twice wait for itself, so the second finds the first.
            Person.objects.select_for_update().filter(pk=actor.pk).first()
            earlier = audited_with_key(action="learn.session_create", actor=actor, idempotency_key=idempotency_key)
            if earlier is not None:
                return TrainingSession.objects.get(pk=earlier.target_id)
        session.save()
        audit_record(
            actor=actor,
            action="learn.session_create",
            target=session,
            detail={"organisation": organisation.pk, "key": idempotency_key},
        )
    return session


def _not_held(session: TrainingSession, message: str) -> None:
    if session.held_at is not None:
        raise SessionError(message)


def session_trainer_add(
    *, actor: Person, session: TrainingSession, person: Person, lived_experience: bool, site_url: str = ""
) -> SessionTrainer:
    """Add a trainer, and tell them by email. They are not named until they say so themselves: how a trainer is
    credited is theirs to choose, so no one's name goes up before they have chosen."""
    if not _open(person):
        raise SessionError(
            _("%(name)s’s account is closed, so they cannot be added as a trainer.") % {"name": person.display_name},
            field="person",
        )
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        _not_held(session, _("This session has been held, so its trainers can no longer change."))
        if SessionTrainer.objects.filter(session=session, person=person).exists():
            raise SessionError(
                _("%(name)s is already a trainer at this session.") % {"name": person.display_name}, field="person"
            )
        # A trainer is not also an attendee of their own session: their sign-up (if any) gives way.
        SessionAttendance.objects.filter(session=session, person=person).delete()
        trainer = SessionTrainer.objects.create(
            session=session, person=person, lived_experience=lived_experience, credit=SessionTrainer.Credit.UNNAMED
        )
        audit_record(
            actor=actor,
            action="learn.trainer_add",
            target=session,
            detail={"trainer": trainer.pk, "lived_experience": lived_experience},
        )
        if person.email and person.pk != actor.pk:
            email_on_commit(
                to=person.email,
                subject=_("You are a trainer at “%(title)s”") % {"title": session.title[:80]},
                template="learn/session_email_trainer_added.txt",
                context={
                    "person": person,
                    "session": session,
                    "who": actor.display_name,
                    "place": place_get(),
                    "link": f"{site_url}{session.get_absolute_url()}",
                },
            )
    return trainer


def session_trainer_remove(*, actor: Person, trainer: SessionTrainer) -> None:
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=trainer.session_id)
        _not_held(session, _("This session has been held, so its trainers can no longer change."))
        audit_record(actor=actor, action="learn.trainer_remove", target=session, detail={"trainer": trainer.pk})
        trainer.delete()


def session_trainer_credit_set(*, actor: Person, trainer: SessionTrainer, credit: str) -> SessionTrainer:
    """How the trainer is credited: named or not. Only the trainer may choose (the rules say so too; this makes
    sure no other path can)."""
    if actor.pk != trainer.person_id:
        raise SessionError(_("Only the trainer can choose how they are credited."))
    if credit not in SessionTrainer.Credit.values:
        raise SessionError(_("Choose whether to be named."), field="credit")
    with transaction.atomic():
        changed = SessionTrainer.objects.filter(pk=trainer.pk).exclude(credit=credit).update(credit=credit)
        if changed:
            audit_record(actor=actor, action="learn.trainer_credit", target=trainer.session, detail={"credit": credit})
    trainer.credit = credit
    return trainer


def session_sign_up(*, actor: Person, session: TrainingSession) -> SessionAttendance:
    """Sign up to attend. Signing up twice is one sign-up."""
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        _not_held(session, _("This session has already been held, so it is too late to sign up."))
        if SessionTrainer.objects.filter(session=session, person=actor).exists():
            raise SessionError(_("You are training at this session, so you do not need to sign up."))
        attendance, created = SessionAttendance.objects.get_or_create(session=session, person=actor)
        if created:
            audit_record(actor=actor, action="learn.session_sign_up", target=session)
    return attendance


def session_sign_up_cancel(*, actor: Person, session: TrainingSession) -> None:
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        _not_held(session, _("This session has been held, so your place can no longer be cancelled."))
        deleted, _rows = SessionAttendance.objects.filter(session=session, person=actor).delete()
        if deleted:
            audit_record(actor=actor, action="learn.session_cancel", target=session)


@dataclass(frozen=True)
class Held:
    session: TrainingSession
    attended: int
    # The timebank transfer that credited the trainers; None when the session had no trainers.
    transfer: Transfer | None
    # False when the session had been marked held before (only who came was recorded again).
    first_time: bool


def session_mark_held(
    *,
    # None only when the system records it (the demo).
    actor: Person | None,
    session: TrainingSession,
    attended: list[Person],
    approved_by: Person | None = None,
) -> Held:
    """Mark the session held with who came (signed up or not), and credit every trainer with the session's time,
    paid by the organisation's account. Done again it records who came again and pays no one twice. Everything
    happens in one transaction: if the timebank refuses (a balance limit, a closed account), nothing is saved.

    Raises SessionError, or the timebank's LedgerError (whose message is written for the organiser)."""
    if len({person.pk for person in attended}) != len(attended):
        raise SessionError(_("Each person can be in the list only once."), field="attended")
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if session.starts_at > timezone.now():
            raise SessionError(_("This session has not started yet. Mark it held once it has taken place."))
        trainers = list(SessionTrainer.objects.filter(session=session).select_related("person").order_by("pk"))
        trainer_ids = {trainer.person_id for trainer in trainers}
        if any(person.pk in trainer_ids for person in attended):
            raise SessionError(
                _("Trainers are credited for the session, so they are not listed as people who came."),
                field="attended",
            )
        came = {person.pk for person in attended}
        known = set(SessionAttendance.objects.filter(session=session).values_list("person_id", flat=True))
        for person in attended:
            if person.pk not in known and not _open(person):
                raise SessionError(
                    _("%(name)s’s account is closed, so they cannot be added.") % {"name": person.display_name},
                    field="attended",
                )
        SessionAttendance.objects.filter(session=session).exclude(person_id__in=came).update(attended=False)
        SessionAttendance.objects.filter(session=session, person_id__in=came).update(attended=True)
        SessionAttendance.objects.bulk_create(
            [
                SessionAttendance(session=session, person=person, attended=True)
                for person in attended
                if person.pk not in known
            ]
        )
        first_time = session.held_at is None
        if first_time:
            session.held_at = timezone.now()
            session.save(update_fields=["held_at"])
        transfer = _credit_trainers(actor=actor, session=session, trainers=trainers, approved_by=approved_by)
        audit_record(
            actor=actor,
            action="learn.session_held",
            target=session,
            detail={
                "attended": len(came),
                "transfer": transfer.pk if transfer is not None else None,
                "first_time": first_time,
            },
        )
    return Held(session=session, attended=len(came), transfer=transfer, first_time=first_time)


def session_transfer_key(session: TrainingSession) -> str:
    return f"learn-session-{session.pk}"


def _credit_trainers(
    *, actor: Person | None, session: TrainingSession, trainers: list[SessionTrainer], approved_by: Person | None
) -> Transfer | None:
    if not trainers:
        return None
    credited = [trainer for trainer in trainers if trainer.hours_credited_id is not None]
    if credited:
        # Trainers cannot change once a session is held, so they were all credited together the first time.
        return credited[0].hours_credited
    transfer = group_activity_record(
        actor=actor,
        payer=account_for_organisation(session.organisation),
        shares=[Share(person=trainer.person, minutes=session.minutes) for trainer in trainers],
        occurred_on=timezone.localdate(session.starts_at),
        description=_("Training: %(title)s") % {"title": session.title},
        category=Category.objects.filter(name=TRAINING_CATEGORY).first(),
        idempotency_key=session_transfer_key(session),
        approved_by=approved_by,
    )
    SessionTrainer.objects.filter(pk__in=[trainer.pk for trainer in trainers]).update(hours_credited=transfer)
    for trainer in trainers:
        trainer.hours_credited = transfer
    return transfer


def session_differently_record(
    *, actor: Person, attendance: SessionAttendance, text: str, competency: str = ""
) -> SessionAttendance:
    """What an attendee will do differently after the session, tied to a workforce competency if they wish. Only
    the attendee writes it, about a session they were at."""
    if actor.pk != attendance.person_id:
        raise SessionError(_("Only the person who came can say what they will do differently."))
    if not attendance.attended or attendance.session.held_at is None:
        raise SessionError(_("You can say what you will do differently once the session is held and you were there."))
    text = _check_text(text, limit=DIFFERENTLY_MAX, what=_("what you will do differently"), field="text")
    if competency and competency not in dict(competency_choices()):
        raise SessionError(_("Choose one of the competencies listed, or none."), field="competency")
    with transaction.atomic():
        SessionAttendance.objects.filter(pk=attendance.pk).update(will_do_differently=text, competency=competency)
        audit_record(
            actor=actor,
            action="learn.session_differently",
            target=attendance.session,
            detail={"competency": competency},
        )
    attendance.will_do_differently = text
    attendance.competency = competency
    return attendance
