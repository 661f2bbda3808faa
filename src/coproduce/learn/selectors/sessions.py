"""Reads for training sessions: the lists, one session's page, how trainers are named, and the "what I will do
differently" notes that count as evidence in a person's workforce competency reflections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.organisations.models import Organisation
from coproduce.organisations.roles import FACILITATING, held_roles
from coproduce.people.models import Person


def trainer_label(trainer: SessionTrainer) -> str:
    """How a trainer is shown to everyone, themselves included, when they chose not to be named: the trainer's
    choice, never the organiser's."""
    if trainer.credit == SessionTrainer.Credit.NAMED:
        return trainer.person.display_name
    return _("A trainer with lived experience") if trainer.lived_experience else _("A trainer")


@dataclass(frozen=True)
class TrainerShown:
    trainer: SessionTrainer
    label: str
    is_you: bool

    @property
    def named(self) -> bool:
        return self.trainer.credit == SessionTrainer.Credit.NAMED


def trainers_shown(session: TrainingSession, viewer: Person | None) -> list[TrainerShown]:
    """The session's trainers as everyone sees them (uses the prefetched trainers and their people)."""
    viewer_id = viewer.pk if viewer is not None else None
    return [
        TrainerShown(trainer=trainer, label=trainer_label(trainer), is_you=trainer.person_id == viewer_id)
        for trainer in session.trainers.all()
    ]


def _trainers() -> Prefetch:
    return Prefetch("trainers", queryset=SessionTrainer.objects.select_related("person").order_by("pk"))


def _listed() -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.select_related("organisation")
        .prefetch_related(_trainers())
        .annotate(signed_up=Count("attendances", distinct=True))
    )


@dataclass(frozen=True)
class SessionListing:
    upcoming: list[TrainingSession]
    # Sessions whose start has passed, newest first: held ones, and ones waiting for their organiser to say so.
    past: QuerySet[TrainingSession]


UPCOMING_LIMIT = 100


def sessions_listing(*, kind: str = "", now: datetime | None = None) -> SessionListing:
    """Upcoming sessions, soonest first (a bounded list), and the past ones as a queryset for the view to page."""
    now = now or timezone.now()
    sessions = _listed()
    if kind:
        sessions = sessions.filter(kind=kind)
    upcoming = list(
        sessions.filter(starts_at__gte=now, held_at__isnull=True).order_by("starts_at", "pk")[:UPCOMING_LIMIT]
    )
    past = sessions.filter(Q(starts_at__lt=now) | Q(held_at__isnull=False)).order_by("-starts_at", "-pk")
    return SessionListing(upcoming=upcoming, past=past)


def session_detail(session_id: int) -> TrainingSession:
    """One session with its organisation, organiser and trainers (raises TrainingSession.DoesNotExist)."""
    return (
        TrainingSession.objects.select_related("organisation", "organised_by")
        .prefetch_related(_trainers())
        .get(pk=session_id)
    )


def session_attendances(session: TrainingSession) -> list[SessionAttendance]:
    """Everyone who signed up or was recorded as there, by name."""
    return list(
        SessionAttendance.objects.filter(session=session)
        .select_related("person")
        .order_by("person__preferred_name", "person_id")
    )


def attendance_of(session: TrainingSession, person: Person) -> SessionAttendance | None:
    if not person.is_authenticated:
        return None
    return SessionAttendance.objects.filter(session=session, person=person).first()


@dataclass(frozen=True)
class TrainingNote:
    """A "what I will do differently" note, as the reflect answer form shows it."""

    competency: str
    text: str
    session_title: str
    held_at: datetime | None


def training_notes_by_competency(person: Person) -> dict[str, list[TrainingNote]]:
    """The person's own notes from sessions they attended, tied to a competency, oldest first. One query."""
    rows = (
        SessionAttendance.objects.filter(person=person, attended=True)
        .exclude(will_do_differently="")
        .exclude(competency="")
        .select_related("session")
        .only("competency", "will_do_differently", "session__title", "session__held_at")
        .order_by("session__starts_at", "pk")
    )
    notes: dict[str, list[TrainingNote]] = {}
    for row in rows:
        notes.setdefault(row.competency, []).append(
            TrainingNote(
                competency=row.competency,
                text=row.will_do_differently,
                session_title=row.session.title,
                held_at=row.session.held_at,
            )
        )
    return notes


def organisations_organised_by(person: Person) -> list[Organisation]:
    """The organisations this person may run sessions for: those they facilitate or administer."""
    ids = {organisation for organisation, role in held_roles(person) if role in FACILITATING}
    return list(Organisation.objects.filter(pk__in=ids).order_by("name")) if ids else []
