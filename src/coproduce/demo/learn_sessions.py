"""Brackenfold's training sessions: one already held, where the Recovery College's peer trainer taught community
mental health staff from their own experience and was credited with timebank hours; and one coming up, a skills
session a carer runs, with people signed up.

Loading is idempotent like the rest of the demo: a session is matched by its title and organisation, and one that
exists is left alone. Sessions, trainers and sign-ups are written directly, with the system as the actor in the
audit log, as the other demo data is. Hours move only through the timebank: the held session is marked held through
learn's service, whose transfer key belongs to the session, so it can never pay twice. Dates count from the day the
demo is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.demo.brackenfold import NHS
from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.learn.services.sessions import session_mark_held
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person

DOMAIN = "@brackenfold.example"
ORGANISER = "neil.sharma"


@dataclass(frozen=True)
class DemoTrainer:
    person: str
    lived_experience: bool
    named: bool


@dataclass(frozen=True)
class DemoAttendee:
    person: str
    will_do_differently: str = ""
    competency: str = ""


@dataclass(frozen=True)
class DemoSession:
    title: str
    kind: str
    description: str
    days_from_now: int
    hour: int
    minutes: int
    where: str
    trainers: tuple[DemoTrainer, ...]
    attendees: tuple[DemoAttendee, ...]
    held: bool


SESSIONS = (
    DemoSession(
        title="When the voices get loud: what helps, from someone who has been there",
        kind=TrainingSession.Kind.ALTERNATIVE,
        description=(
            "Jay, the Recovery College’s peer trainer, talks with community mental health staff about the times "
            "support helped and the times it made things harder, and what they wish someone had said. Questions "
            "welcome; no notes taken about anyone’s care."
        ),
        days_from_now=-18,
        hour=13,
        minutes=150,
        where="Recovery College, Tanner’s Wharf, room 3",
        trainers=(DemoTrainer("jay.morgan", lived_experience=True, named=True),),
        attendees=(
            DemoAttendee(
                "tomasz.nowak",
                will_do_differently=(
                    "Ask people what has helped before, and write it in their words at the top of the care plan."
                ),
                competency="humanity-compassion",
            ),
            DemoAttendee("ruth.abrahams"),
        ),
        held=True,
    ),
    DemoSession(
        title="Telling a story that gets heard",
        kind=TrainingSession.Kind.SKILLS,
        description=(
            "A storytelling session for anyone who wants their experience to change something: how to pick the "
            "moment that matters, say it in a few minutes, and stay in charge of what is shared."
        ),
        days_from_now=12,
        hour=10,
        minutes=120,
        where="Recovery College, Tanner’s Wharf, the big room",
        trainers=(DemoTrainer("paul.whitcombe", lived_experience=True, named=False),),
        attendees=(DemoAttendee("ruth.abrahams"), DemoAttendee("jay.morgan")),
        held=False,
    ),
)


def demo_learn_sessions_ensure(people: dict[str, Person], organisations: dict[str, Organisation]) -> int:
    """Load whichever demo sessions are missing; returns how many rows this run added."""
    by_local = {email.removesuffix(DOMAIN): person for email, person in people.items()}
    organisation = organisations[NHS]
    added = 0
    with transaction.atomic():
        for entry in SESSIONS:
            if TrainingSession.objects.filter(organisation=organisation, title=entry.title).exists():
                continue
            added += _session_create(entry, organisation, by_local)
    return added


def _session_create(entry: DemoSession, organisation: Organisation, people: dict[str, Person]) -> int:
    organiser = people[ORGANISER]
    day = timezone.localdate() + timedelta(days=entry.days_from_now)
    starts_at = timezone.make_aware(datetime.combine(day, time(entry.hour)))
    session = TrainingSession.objects.create(
        organisation=organisation,
        kind=entry.kind,
        title=entry.title,
        description=entry.description,
        starts_at=starts_at,
        minutes=entry.minutes,
        where=entry.where,
        organised_by=organiser,
    )
    audit_record(actor=None, action="learn.session_create", target=session, detail={"source": "demo"})
    for trainer in entry.trainers:
        SessionTrainer.objects.create(
            session=session,
            person=people[trainer.person],
            lived_experience=trainer.lived_experience,
            credit=SessionTrainer.Credit.NAMED if trainer.named else SessionTrainer.Credit.UNNAMED,
        )
    attendees = [people[attendee.person] for attendee in entry.attendees]
    SessionAttendance.objects.bulk_create(SessionAttendance(session=session, person=person) for person in attendees)
    rows = 1 + len(entry.trainers) + len(attendees)
    if entry.held:
        # Recorded by the system, as the rest of the demo is; approved by the organiser, a facilitator, so that however
        # the demo's other hours left the trust's account, the trainer's hours are credited.
        session_mark_held(actor=None, session=session, attended=attendees, approved_by=organiser)
        for attendee in entry.attendees:
            if attendee.will_do_differently:
                SessionAttendance.objects.filter(session=session, person=people[attendee.person]).update(
                    will_do_differently=attendee.will_do_differently, competency=attendee.competency
                )
    return rows
