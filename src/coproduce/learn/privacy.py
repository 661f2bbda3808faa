"""What learning adds to a person's download and to closing their account.

Goals and steps are the learner's own, so closing deletes them (with the notes recognising their steps). Failure
stories they told are kept, because others learned from them, but never again with their name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy

from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import BabyStep, FailureStory, LearningGoal, StepRecognition
from coproduce.people.models import Person

GOAL_COLUMNS = (
    "goal",
    "why",
    "competency",
    "shown_on_profile",
    "set",
    "achieved",
    "step_number",
    "step",
    "done",
    "what_i_learned",
    "notes_recognising_it",
)
FAILURE_COLUMNS = (
    "title",
    "organisation",
    "name_shown",
    "what_we_tried",
    "what_happened",
    "what_it_taught_us",
    "told",
    "thanks",
    "learned_from_it",
    "praise",
)


def _notes(step: BabyStep) -> str:
    return "\n".join(
        f"{note.by.display_name if note.by else ''}: {note.note}"
        + (" (shown on my profile)" if note.shown_on_profile else "")
        for note in step.recognitions.all()
    )


def goals_section(person: Person) -> Iterator[dict[str, Any]]:
    """One row per step, and one for each goal that has no steps yet."""
    goals = LearningGoal.objects.filter(person=person).order_by("created_at", "pk")
    goals = goals.prefetch_related(
        Prefetch(
            "steps",
            queryset=BabyStep.objects.prefetch_related(
                Prefetch("recognitions", queryset=StepRecognition.objects.select_related("by"))
            ),
        )
    )
    for goal in goals:
        about = {
            "goal": goal.title,
            "why": goal.why,
            "competency": goal.competency,
            "shown_on_profile": goal.shown_on_profile,
            "set": goal.created_at,
            "achieved": goal.achieved_at,
        }
        steps = list(goal.steps.all())
        if not steps:
            yield about
        for number, step in enumerate(steps, start=1):
            yield {
                **about,
                "step_number": number,
                "step": step.what,
                "done": step.done_at,
                "what_i_learned": step.learned,
                "notes_recognising_it": _notes(step),
            }


def goals_count(person: Person) -> int:
    return BabyStep.objects.filter(goal__person=person).count() + LearningGoal.objects.filter(person=person).count()


def failures_section(person: Person) -> Iterator[dict[str, Any]]:
    stories = (
        FailureStory.objects.filter(author=person)
        .select_related("organisation")
        .annotate(
            thanks_count=Count("thanks", distinct=True),
            learned_count=Count("thanks", filter=Q(thanks__learned_from_it=True), distinct=True),
        )
        .prefetch_related("praise__by")
        .order_by("created_at", "pk")
    )
    for story in stories:
        yield {
            "title": story.title,
            "organisation": story.organisation.name if story.organisation else "",
            "name_shown": story.show_name,
            "what_we_tried": story.tried,
            "what_happened": story.happened,
            "what_it_taught_us": story.learned,
            "told": story.created_at,
            "thanks": story.thanks_count,
            "learned_from_it": story.learned_count,
            "praise": "\n".join(
                f"{praise.by.display_name if praise.by else ''}: {praise.note}" for praise in story.praise.all()
            ),
        }


def failures_count(person: Person) -> int:
    return FailureStory.objects.filter(author=person).count()


def goals_close(person: Person) -> dict[str, int]:
    steps = BabyStep.objects.filter(goal__person=person).count()
    goals = LearningGoal.objects.filter(person=person).delete()[1].get("learn.LearningGoal", 0)
    return {"goals_deleted": goals, "steps_deleted": steps}


def failures_close(person: Person) -> dict[str, int]:
    return {"stories_kept_without_name": FailureStory.objects.filter(author=person).update(show_name=False)}


def register() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "learning_goals.csv",
        goals_section,
        description=gettext_lazy(
            "Your learning goals and their baby steps: what you wanted to learn and why, each step, when you did it, "
            "what you learned, and the notes people wrote recognising your steps."
        ),
        columns=GOAL_COLUMNS,
        count=goals_count,
    )
    register_export_section(
        "failure_stories.csv",
        failures_section,
        description=gettext_lazy(
            "The stories of things that didn’t work that you told: what you tried, what happened, what it taught, "
            "whether your name shows, and how many people thanked or learned from each."
        ),
        columns=FAILURE_COLUMNS,
        count=failures_count,
    )
    register_close_step("learn_goals", goals_close)
    register_close_step("learn_failures", failures_close)
    _sessions_register()


# --- Training sessions ----------------------------------------------------------------------------------------
# Closing takes them off sessions still to come, removes what they wrote about what they would do differently (their
# own reflection), and keeps the sessions held (others' attendance and the timebank ledger need them), with a trainer
# no longer named.

SESSION_COLUMNS = (
    "session",
    "organisation",
    "kind",
    "starts",
    "held",
    "my_part",
    "how_i_am_credited",
    "trained_from_lived_experience",
    "minutes_added_to_my_timebank_hours",
    "what_i_will_do_differently",
    "competency",
)


def sessions_section(person: Person) -> Iterator[dict[str, Any]]:
    from coproduce.learn.models import SessionAttendance, SessionTrainer

    def about(session: Any) -> dict[str, Any]:
        return {
            "session": session.title,
            "organisation": session.organisation.name,
            "kind": session.get_kind_display(),
            "starts": session.starts_at,
            "held": session.held_at,
        }

    trained = SessionTrainer.objects.filter(person=person).select_related("session__organisation")
    for trainer in trained.order_by("session__starts_at", "pk"):
        yield {
            **about(trainer.session),
            "my_part": "trainer",
            "how_i_am_credited": trainer.get_credit_display(),
            "trained_from_lived_experience": trainer.lived_experience,
            "minutes_added_to_my_timebank_hours": trainer.session.minutes if trainer.hours_credited_id else 0,
        }
    attended = SessionAttendance.objects.filter(person=person).select_related("session__organisation")
    titles = dict(competency_choices())
    for attendance in attended.order_by("session__starts_at", "pk"):
        yield {
            **about(attendance.session),
            "my_part": "came" if attendance.attended else "signed up",
            "what_i_will_do_differently": attendance.will_do_differently,
            "competency": titles.get(attendance.competency, attendance.competency),
        }


def sessions_count(person: Person) -> int:
    from coproduce.learn.models import SessionAttendance, SessionTrainer

    return (
        SessionTrainer.objects.filter(person=person).count() + SessionAttendance.objects.filter(person=person).count()
    )


def sessions_close(person: Person) -> dict[str, int]:
    from coproduce.learn.models import SessionAttendance, SessionTrainer

    upcoming = {"session__held_at__isnull": True}
    return {
        "sign_ups_cancelled": SessionAttendance.objects.filter(person=person, **upcoming).delete()[0],
        "trainer_places_removed": SessionTrainer.objects.filter(person=person, **upcoming).delete()[0],
        "reflections_removed": SessionAttendance.objects.filter(person=person)
        .exclude(will_do_differently="", competency="")
        .update(will_do_differently="", competency=""),
        "trainers_unnamed": SessionTrainer.objects.filter(person=person, credit=SessionTrainer.Credit.NAMED).update(
            credit=SessionTrainer.Credit.UNNAMED
        ),
    }


def _sessions_register() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "training_sessions.csv",
        sessions_section,
        description=gettext_lazy(
            "The training and skills sessions you trained at, signed up for or came to: when, who ran them, how you "
            "chose to be credited as a trainer and the hours it added, and what you said you would do differently."
        ),
        columns=SESSION_COLUMNS,
        count=sessions_count,
    )
    register_close_step("learn_sessions", sessions_close)
