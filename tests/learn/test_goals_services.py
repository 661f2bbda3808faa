"""Learning goals and baby steps: setting, ordering, finishing with what was learned, and being recognised."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import BabyStep, LearningGoal, StepRecognition
from coproduce.learn.selectors.goals import goal_steps, profile_learning, steps_to_recognise
from coproduce.learn.services.goals import (
    GoalError,
    goal_achieve,
    goal_change,
    goal_create,
    goal_delete,
    goal_reopen,
    recognition_show,
    step_add,
    step_change,
    step_done,
    step_move,
    step_recognise,
    step_remove,
    step_reopen,
)
from coproduce.organisations.models import Role
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(organisation):
    return MembershipFactory(organisation=organisation, role=Role.STAFF, person__preferred_name="Lena").person


def _goal_with_steps(person, *whats):
    goal = goal_create(person=person, title="Chair a meeting")
    return goal, [step_add(actor=person, goal=goal, what=what) for what in whats]


def test_a_goal_is_private_by_default_and_can_name_a_competency(learner):
    key, title = competency_choices()[0]
    goal = goal_create(person=learner, title="  Listen first  ", why="People told me", competency=key)
    assert (goal.title, goal.competency, goal.shown_on_profile) == ("Listen first", key, False)
    assert title and len(competency_choices()) == 7
    entry = AuditEntry.objects.get(action="learn.goal_create")
    # The audit row names the learner, never the goal's words.
    assert entry.detail["goal"] == goal.pk and "Listen" not in entry.target_label


def test_an_unknown_competency_or_empty_or_long_title_is_refused(learner):
    with pytest.raises(GoalError) as unknown:
        goal_create(person=learner, title="Listen", competency="not-a-competency")
    assert unknown.value.field == "competency"
    with pytest.raises(GoalError) as empty:
        goal_create(person=learner, title="   ")
    assert empty.value.field == "title"
    with pytest.raises(GoalError) as long:
        goal_create(person=learner, title="x" * 201)
    assert "201" in str(long.value)
    assert not LearningGoal.objects.exists()


def test_the_same_form_sent_twice_makes_one_goal_and_one_step(learner):
    first = goal_create(person=learner, title="Listen", idempotency_key="a" * 32)
    again = goal_create(person=learner, title="Listen", idempotency_key="a" * 32)
    assert first.pk == again.pk and LearningGoal.objects.count() == 1
    step_add(actor=learner, goal=first, what="Ask", idempotency_key="b" * 32)
    step_add(actor=learner, goal=first, what="Ask", idempotency_key="b" * 32)
    assert first.steps.count() == 1


def test_steps_go_on_the_end_and_move_up_and_down(learner):
    goal, (one, two, three) = _goal_with_steps(learner, "One", "Two", "Three")
    assert [s.what for s in goal.steps.all()] == ["One", "Two", "Three"]
    step_move(actor=learner, step=three, up=True)
    assert [s.what for s in goal.steps.all()] == ["One", "Three", "Two"]
    step_move(actor=learner, step=one, up=False)
    assert [s.what for s in goal.steps.all()] == ["Three", "One", "Two"]
    # Already at the top: nothing moves.
    step_move(actor=learner, step=three, up=True)
    assert [s.what for s in goal.steps.all()] == ["Three", "One", "Two"]
    step_remove(actor=learner, step=one)
    step_move(actor=learner, step=two, up=True)
    assert [s.what for s in goal.steps.all()] == ["Two", "Three"]


def test_marking_done_needs_what_was_learned(learner):
    _goal, (step,) = _goal_with_steps(learner, "Ask Sam")
    with pytest.raises(GoalError) as missing:
        step_done(actor=learner, step=step, learned="  ")
    assert missing.value.field == "learned"
    with pytest.raises(GoalError):
        step_done(actor=learner, step=step, learned="x" * 1001)
    step.refresh_from_db()
    assert step.done_at is None
    step_done(actor=learner, step=step, learned="She asks everyone before she decides")
    step.refresh_from_db()
    assert step.done_at is not None and step.learned == "She asks everyone before she decides"


def test_a_done_step_cannot_be_changed_or_removed(learner):
    _goal, (step,) = _goal_with_steps(learner, "Ask Sam")
    step_done(actor=learner, step=step, learned="Listen")
    with pytest.raises(GoalError):
        step_change(actor=learner, step=step, what="Something else")
    with pytest.raises(GoalError):
        step_remove(actor=learner, step=step)
    assert BabyStep.objects.get(pk=step.pk).what == "Ask Sam"


def test_only_the_learner_changes_their_goal(learner, facilitator):
    goal, (step,) = _goal_with_steps(learner, "Ask Sam")
    for attempt in (
        lambda: goal_change(actor=facilitator, goal=goal, title="x", why="", competency="", shown_on_profile=True),
        lambda: goal_achieve(actor=facilitator, goal=goal),
        lambda: goal_delete(actor=facilitator, goal=goal),
        lambda: step_add(actor=facilitator, goal=goal, what="x"),
        lambda: step_done(actor=facilitator, step=step, learned="x"),
        lambda: step_move(actor=facilitator, step=step, up=True),
    ):
        with pytest.raises(GoalError):
            attempt()
    goal.refresh_from_db()
    assert goal.title == "Chair a meeting" and goal.achieved_at is None and not goal.shown_on_profile


def test_the_learner_says_when_a_goal_is_achieved(learner):
    goal, _steps = _goal_with_steps(learner, "One", "Two")
    goal_achieve(actor=learner, goal=goal)
    assert LearningGoal.objects.get(pk=goal.pk).achieved_at is not None
    goal_reopen(actor=learner, goal=goal)
    assert LearningGoal.objects.get(pk=goal.pk).achieved_at is None


def test_a_facilitator_recognises_a_done_step_once_and_the_learner_is_emailed(
    learner, facilitator, django_capture_on_commit_callbacks
):
    _goal, (step,) = _goal_with_steps(learner, "Ask Sam")
    with pytest.raises(GoalError):
        step_recognise(actor=facilitator, step=step, note="Well done")  # not done yet
    step_done(actor=learner, step=step, learned="Listen")
    with django_capture_on_commit_callbacks(execute=True):
        recognition = step_recognise(actor=facilitator, step=step, note="You asked brilliantly", site_url="http://x")
    assert not recognition.shown_on_profile
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email] and "Femi" in message.subject
    assert "You asked brilliantly" in message.body and f"http://x/learn/goals/{step.goal_id}/" in message.body
    with pytest.raises(GoalError):
        step_recognise(actor=facilitator, step=step, note="Again")
    with pytest.raises(GoalError):
        step_recognise(actor=learner, step=step, note="Me")
    assert StepRecognition.objects.count() == 1


def test_a_recognised_step_stays_done(learner, facilitator):
    _goal, (step, other) = _goal_with_steps(learner, "Ask Sam", "Try it")
    step_done(actor=learner, step=step, learned="Listen")
    step_done(actor=learner, step=other, learned="Hard")
    step_recognise(actor=facilitator, step=step, note="Well done")
    with pytest.raises(GoalError):
        step_reopen(actor=learner, step=step)
    step_reopen(actor=learner, step=other)
    assert BabyStep.objects.get(pk=other.pk).done_at is None
    assert BabyStep.objects.get(pk=step.pk).done_at is not None


def test_only_the_learner_chooses_whether_a_note_shows(learner, facilitator):
    _goal, (step,) = _goal_with_steps(learner, "Ask Sam")
    step_done(actor=learner, step=step, learned="Listen")
    note = step_recognise(actor=facilitator, step=step, note="Well done")
    with pytest.raises(GoalError):
        recognition_show(actor=facilitator, recognition=note, shown=True)
    assert profile_learning(learner).notes == []
    recognition_show(actor=learner, recognition=note, shown=True)
    assert [n.pk for n in profile_learning(learner).notes] == [note.pk]


def test_others_see_only_the_notes_shown_or_their_own(learner, facilitator, organisation):
    goal, (step,) = _goal_with_steps(learner, "Ask Sam")
    step_done(actor=learner, step=step, learned="Listen")
    other = MembershipFactory(organisation=organisation, role=Role.FACILITATOR).person
    mine = step_recognise(actor=facilitator, step=step, note="From Femi")
    theirs = step_recognise(actor=other, step=step, note="From the other")
    assert {n.pk for n in goal_steps(goal, learner)[0].notes} == {mine.pk, theirs.pk}
    assert {n.pk for n in goal_steps(goal, facilitator)[0].notes} == {mine.pk}
    recognition_show(actor=learner, recognition=theirs, shown=True)
    assert {n.pk for n in goal_steps(goal, facilitator)[0].notes} == {mine.pk, theirs.pk}
    assert {n.pk for n in goal_steps(goal, PersonFactory())[0].notes} == {theirs.pk}


def test_steps_to_recognise_are_recent_unrecognised_steps_of_people_i_facilitate(learner, facilitator):
    _goal, (recent, old, mine_done) = _goal_with_steps(learner, "Recent", "Old", "Recognised")
    for step in (recent, old, mine_done):
        step_done(actor=learner, step=step, learned="Something")
    BabyStep.objects.filter(pk=old.pk).update(done_at=timezone.now() - timedelta(days=31))
    step_recognise(actor=facilitator, step=mine_done, note="Well done")
    stranger = PersonFactory()
    _goal2, (elsewhere,) = _goal_with_steps(stranger, "Not one of mine")
    step_done(actor=stranger, step=elsewhere, learned="x")
    _goal3, (own,) = _goal_with_steps(facilitator, "My own")
    step_done(actor=facilitator, step=own, learned="x")
    assert [s.pk for s in steps_to_recognise(facilitator)] == [recent.pk]
    assert steps_to_recognise(learner) == []


def test_deleting_a_goal_takes_its_steps_and_notes(learner, facilitator):
    goal, (step,) = _goal_with_steps(learner, "Ask Sam")
    step_done(actor=learner, step=step, learned="Listen")
    step_recognise(actor=facilitator, step=step, note="Well done")
    goal_delete(actor=learner, goal=goal)
    assert not BabyStep.objects.exists() and not StepRecognition.objects.exists()
    assert AuditEntry.objects.filter(action="learn.goal_delete").exists()
