"""Who may do what in learning: goals and baby steps, failures that teach, and (below) training sessions."""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.roles import facilitates_person, is_facilitator_anywhere, is_facilitator_of
from coproduce.people.predicates import is_signed_in

rules.add_perm("learn.use", is_signed_in)


# --- Goals and baby steps -------------------------------------------------------------------------------------


def _learner_of(obj: Any) -> Any:
    """The person whose learning this is: a goal's, a step's or a recognition's person, or a person themselves."""
    from coproduce.learn.models import BabyStep, LearningGoal, StepRecognition
    from coproduce.people.models import Person

    if isinstance(obj, LearningGoal):
        return obj.person
    if isinstance(obj, BabyStep):
        return obj.goal.person
    if isinstance(obj, StepRecognition):
        return obj.step.goal.person
    if isinstance(obj, Person):
        return obj
    return None


@rules.predicate
def is_the_learner(user: Any, obj: Any) -> bool:
    learner = _learner_of(obj)
    return bool(is_signed_in(user) and learner is not None and learner.pk == user.pk)


# Who may recognise a learner's steps. Today that is whoever facilitates them; when the buddy system exists, add
# its predicate here (`facilitates_person | is_buddy_of`) and selectors.goals.recognisable_learners, and every rule
# and list that asks "may recognise" follows. A predicate here takes (user, learner).
recognises_person = facilitates_person


@rules.predicate
def recognises_learner(user: Any, obj: Any) -> bool:
    learner = _learner_of(obj)
    if learner is None or not is_signed_in(user) or learner.pk == user.pk or not learner.is_active:
        return False
    return bool(recognises_person(user, learner))


@rules.predicate
def goal_is_shown(user: Any, goal: Any) -> bool:
    """A goal its learner chose to show on their profile is seen by anyone signed in, as the profile is."""
    return bool(is_signed_in(user) and getattr(goal, "shown_on_profile", False))


@rules.predicate
def step_is_done(user: Any, step: Any) -> bool:
    return getattr(step, "done_at", None) is not None


# The object is a goal. Goals are private to their learner, unless shown; their facilitators see them, so that they
# can recognise the steps.
rules.add_perm("learn.view_goal", is_the_learner | goal_is_shown | recognises_learner)
rules.add_perm("learn.change_goal", is_the_learner)
# The object is a step: only someone who recognises its learner, and only once it is done.
rules.add_perm("learn.recognise_step", step_is_done & recognises_learner)
# The object is a recognition: only the learner decides whether it shows on their profile.
rules.add_perm("learn.choose_recognition_shown", is_the_learner)
# The list of steps waiting for a note is for facilitators; it is empty for everyone else anyway.
rules.add_perm("learn.see_steps_to_recognise", is_facilitator_anywhere)


# --- Failures that teach --------------------------------------------------------------------------------------


@rules.predicate
def told_it(user: Any, story: Any) -> bool:
    return bool(is_signed_in(user) and getattr(story, "author_id", None) == user.pk)


rules.add_perm("learn.view_failures", is_signed_in)
rules.add_perm("learn.tell_failure", is_signed_in)
# The object is a story. Only its author changes or withdraws it.
rules.add_perm("learn.change_failure", told_it)
rules.add_perm("learn.thank_failure", is_signed_in & ~told_it)
# Praise is public, from someone who facilitates: it says "this is what we want more of", never a judgement.
rules.add_perm("learn.praise_failure", is_facilitator_anywhere & ~told_it)


# --- Training sessions and the learning record ----------------------------------------------------------------


def _session_of(obj: Any) -> Any:
    from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession

    if isinstance(obj, (SessionTrainer, SessionAttendance)):
        return obj.session
    return obj if isinstance(obj, TrainingSession) else None


@rules.predicate
def organises_for(user: Any, obj: Any) -> bool:
    """Facilitates or administers the organisation: of a session (or its trainer or attendance), or the organisation
    itself. With no object, facilitating anywhere is enough to be offered "New session"."""
    from coproduce.organisations.models import Organisation

    if obj is None:
        return bool(is_facilitator_anywhere(user))
    session = _session_of(obj)
    organisation = session.organisation_id if session is not None else obj
    if not isinstance(organisation, (Organisation, int)):
        return False
    return bool(is_facilitator_of(user, organisation))


@rules.predicate
def is_the_trainer(user: Any, trainer: Any) -> bool:
    from coproduce.learn.models import SessionTrainer

    return bool(is_signed_in(user) and isinstance(trainer, SessionTrainer) and trainer.person_id == user.pk)


@rules.predicate
def came_to_it(user: Any, attendance: Any) -> bool:
    """The attendance is theirs, the session was held and they were there."""
    from coproduce.learn.models import SessionAttendance

    return bool(
        is_signed_in(user)
        and isinstance(attendance, SessionAttendance)
        and attendance.person_id == user.pk
        and attendance.attended
        and attendance.session.held_at is not None
    )


rules.add_perm("learn.view_sessions", is_signed_in)
rules.add_perm("learn.sign_up_session", is_signed_in)
# The object is an organisation (or None, to be offered the page); then a session, for adding trainers, marking it
# held and recording who came.
rules.add_perm("learn.create_session", organises_for)
rules.add_perm("learn.organise_session", organises_for)
# The object is a trainer: how they are credited is theirs alone to choose, never the organiser's.
rules.add_perm("learn.choose_trainer_credit", is_the_trainer)
# The object is an attendance: only the person who came says what they will do differently.
rules.add_perm("learn.record_differently", came_to_it)
# A learning record is the person's own: its address has no one else's id in it, so there is nothing to grant.
rules.add_perm("learn.view_record", is_signed_in)
