"""A person's learning record: their goals and steps, the badges they hold, and the sessions they took and gave.

It is theirs alone. Nothing here takes anyone but the person asking, so no one can read another person's record:
recognition and learning are never used to manage anyone's performance.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import BabyStep, LearningGoal, SessionAttendance, SessionTrainer, StepRecognition
from coproduce.people.models import Person
from coproduce.recognition.models import Award


@dataclass(frozen=True)
class SessionTaken:
    attendance: SessionAttendance
    competency: str


@dataclass(frozen=True)
class LearningRecord:
    person: Person
    goals: list[LearningGoal]
    awards: list[Award]
    taken: list[SessionTaken]
    given: list[SessionTrainer]

    @property
    def empty(self) -> bool:
        return not (self.goals or self.awards or self.taken or self.given)


def badges_held(person: Person) -> list[Award]:
    """The badges the person accepted and still holds (not revoked), newest first."""
    return list(
        Award.objects.filter(recipient=person, status=Award.Status.ACCEPTED, revoked_at__isnull=True)
        .select_related("badge", "recipient")
        .defer("badge__image")
        .order_by("-awarded_at", "-pk")
    )


def learning_record(person: Person) -> LearningRecord:
    """Everything on the record, in a fixed number of queries however much there is."""
    steps = BabyStep.objects.prefetch_related(
        Prefetch("recognitions", queryset=StepRecognition.objects.select_related("by"))
    )
    goals = list(LearningGoal.objects.filter(person=person).prefetch_related(Prefetch("steps", queryset=steps)))
    titles = dict(competency_choices())
    taken = [
        SessionTaken(attendance=attendance, competency=titles.get(attendance.competency, ""))
        for attendance in SessionAttendance.objects.filter(person=person, attended=True, session__held_at__isnull=False)
        .select_related("session__organisation")
        .order_by("-session__starts_at", "-pk")
    ]
    given = list(
        SessionTrainer.objects.filter(person=person, session__held_at__isnull=False)
        .select_related("session__organisation", "hours_credited")
        .order_by("-session__starts_at", "-pk")
    )
    return LearningRecord(person=person, goals=goals, awards=badges_held(person), taken=taken, given=given)
