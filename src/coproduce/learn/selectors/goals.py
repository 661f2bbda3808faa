"""Reads for learning goals and baby steps: a person's own goals, one goal's steps as a given viewer may see them,
the steps waiting for a facilitator's note, and what a learner chose to show on their profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from coproduce.learn.models import BabyStep, LearningGoal, StepRecognition
from coproduce.organisations.models import Membership
from coproduce.organisations.roles import FACILITATING, held_roles
from coproduce.people.models import Person

# A facilitator is asked about steps done this recently; older ones have had their moment.
RECOGNISE_WITHIN = timedelta(days=30)


def _with_step_counts(goals: QuerySet[LearningGoal]) -> QuerySet[LearningGoal]:
    return goals.annotate(
        steps_total=Count("steps", distinct=True),
        steps_done=Count("steps", filter=Q(steps__done_at__isnull=False), distinct=True),
    )


def goals_of(person: Person) -> list[LearningGoal]:
    """The person's own goals, those still being worked on first, each with how many steps it has and has done."""
    return list(_with_step_counts(LearningGoal.objects.filter(person=person)))


def goal_detail(goal_id: int) -> LearningGoal:
    return LearningGoal.objects.select_related("person").get(pk=goal_id)


def goal_steps(goal: LearningGoal, viewer: Any) -> list[BabyStep]:
    """The goal's steps in order, each with `.notes`: every note for the learner; for anyone else the notes the
    learner chose to show and the ones the viewer wrote. Two queries however many steps and notes."""
    notes = StepRecognition.objects.select_related("by")
    if getattr(viewer, "pk", None) != goal.person_id:
        notes = notes.filter(Q(shown_on_profile=True) | Q(by_id=getattr(viewer, "pk", None)))
    return list(goal.steps.prefetch_related(Prefetch("recognitions", queryset=notes, to_attr="notes")))


def recognisable_learners(viewer: Any) -> QuerySet[Membership, Any]:
    """The ids of the people whose steps `viewer` may recognise, as a subquery: members of an organisation the
    viewer facilitates or administers (the same as rules.recognises_person). Buddies join here once they exist."""
    organisations = [org for org, role in held_roles(viewer) if role in FACILITATING]
    return Membership.objects.filter(organisation_id__in=organisations).values("person_id")


def _steps_to_recognise(viewer: Any) -> QuerySet[BabyStep]:
    return (
        BabyStep.objects.filter(
            done_at__gte=timezone.now() - RECOGNISE_WITHIN,
            goal__person__in=recognisable_learners(viewer),
            goal__person__is_active=True,
        )
        .exclude(goal__person_id=viewer.pk)
        .exclude(recognitions__by_id=viewer.pk)
    )


def steps_to_recognise(viewer: Any) -> list[BabyStep]:
    """Steps done in the last 30 days by people the viewer facilitates, that the viewer has not yet recognised,
    most recent first. One query."""
    if not held_roles(viewer):
        return []
    return list(_steps_to_recognise(viewer).select_related("goal__person").order_by("-done_at", "-pk"))


def steps_to_recognise_count(viewer: Any) -> int:
    if not held_roles(viewer):
        return 0
    return _steps_to_recognise(viewer).count()


@dataclass(frozen=True)
class ProfileLearning:
    goals: list[LearningGoal]
    notes: list[StepRecognition]

    @property
    def shows_anything(self) -> bool:
        return bool(self.goals or self.notes)


def profile_learning(person: Person) -> ProfileLearning:
    """What the person chose to show on their profile: goals, and notes recognising their steps. Two queries."""
    goals = list(_with_step_counts(LearningGoal.objects.filter(person=person, shown_on_profile=True)))
    notes = list(
        StepRecognition.objects.filter(step__goal__person=person, shown_on_profile=True)
        .select_related("by", "step__goal")
        .order_by("-created_at", "-pk")
    )
    return ProfileLearning(goals=goals, notes=notes)
