"""Learning goals and baby steps: a person sets a goal, breaks it into small steps, says what each step taught
them, and the people who facilitate them say "well done".

These are learning goals, not performance goals: they belong to the learner, who alone changes them. Audit rows
name the learner as their target and the goal or step only by number, so a goal's words stay as private in the
audit log as they are everywhere else.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, audited_with_key, place_get
from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import BabyStep, LearningGoal, StepRecognition
from coproduce.people.models import Person

TITLE_MAX = 200
WHY_MAX = 2000
STEP_MAX = 200
LEARNED_MAX = 1000
NOTE_MAX = 1000


class GoalError(ValueError):
    """Something that cannot be saved as given. `field` names the form field it is about, or is None."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _too_long(what: str, limit: int, count: int) -> str:
    return _("%(what)s can be up to %(limit)s characters. It has %(count)s: please shorten it.") % {
        "what": what,
        "limit": limit,
        "count": count,
    }


def _text(value: str, *, limit: int, what: str, field: str, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise GoalError(required, field=field)
    if len(value) > limit:
        raise GoalError(_too_long(what, limit, len(value)), field=field)
    return value


def _goal_checked(*, title: str, why: str, competency: str) -> tuple[str, str, str]:
    title = _text(
        title,
        limit=TITLE_MAX,
        what=_("What you want to learn"),
        field="title",
        required=_("Say what you want to learn."),
    )
    why = _text(why, limit=WHY_MAX, what=_("Why it matters"), field="why")
    competency = competency.strip()
    if competency and competency not in dict(competency_choices()):
        raise GoalError(_("Choose one of the competencies in the list, or none."), field="competency")
    return title, why, competency


def _own(actor: Person, goal: LearningGoal) -> None:
    # Views check permission first; this keeps anyone else's hands off a learner's goal whatever calls it.
    if actor.pk != goal.person_id:
        raise GoalError(_("Only the person whose goal this is can change it."))


def _locked_goal(goal: LearningGoal) -> LearningGoal:
    """The goal, locked: every change to its steps waits for the one before, so positions never collide."""
    return LearningGoal.objects.select_for_update().get(pk=goal.pk)


def goal_create(
    *,
    person: Person,
    title: str,
    why: str = "",
    competency: str = "",
    shown_on_profile: bool = False,
    idempotency_key: str = "",
) -> LearningGoal:
    title, why, competency = _goal_checked(title=title, why=why, competency=competency)
    with transaction.atomic():
        if idempotency_key:
            # The person's row lock makes the same form sent twice wait for itself, so the second finds the first.
            Person.objects.select_for_update().filter(pk=person.pk).first()
            earlier = audited_with_key(action="learn.goal_create", actor=person, idempotency_key=idempotency_key)
            if earlier is not None:
                found = LearningGoal.objects.filter(pk=earlier.detail.get("goal"), person=person).first()
                if found is not None:
                    return found
        goal = LearningGoal.objects.create(
            person=person, title=title, why=why, competency=competency, shown_on_profile=shown_on_profile
        )
        detail: dict[str, Any] = {"goal": goal.pk}
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=person, action="learn.goal_create", target=person, detail=detail)
    return goal


def goal_change(
    *, actor: Person, goal: LearningGoal, title: str, why: str, competency: str, shown_on_profile: bool
) -> LearningGoal:
    _own(actor, goal)
    title, why, competency = _goal_checked(title=title, why=why, competency=competency)
    with transaction.atomic():
        goal = _locked_goal(goal)
        goal.title, goal.why, goal.competency, goal.shown_on_profile = title, why, competency, shown_on_profile
        goal.save(update_fields=["title", "why", "competency", "shown_on_profile"])
        audit_record(actor=actor, action="learn.goal_change", target=actor, detail={"goal": goal.pk})
    return goal


def goal_achieve(*, actor: Person, goal: LearningGoal) -> LearningGoal:
    """The learner says the goal is achieved: whenever they say so, whatever steps are left."""
    _own(actor, goal)
    with transaction.atomic():
        goal = _locked_goal(goal)
        if goal.achieved_at is None:
            goal.achieved_at = timezone.now()
            goal.save(update_fields=["achieved_at"])
            audit_record(actor=actor, action="learn.goal_achieve", target=actor, detail={"goal": goal.pk})
    return goal


def goal_reopen(*, actor: Person, goal: LearningGoal) -> LearningGoal:
    _own(actor, goal)
    with transaction.atomic():
        goal = _locked_goal(goal)
        if goal.achieved_at is not None:
            goal.achieved_at = None
            goal.save(update_fields=["achieved_at"])
            audit_record(actor=actor, action="learn.goal_reopen", target=actor, detail={"goal": goal.pk})
    return goal


def goal_delete(*, actor: Person, goal: LearningGoal) -> None:
    """Delete a goal with its steps and the notes on them: it is the learner's, to keep or to let go."""
    _own(actor, goal)
    with transaction.atomic():
        goal = _locked_goal(goal)
        steps = goal.steps.count()
        goal_id = goal.pk
        goal.delete()
        audit_record(actor=actor, action="learn.goal_delete", target=actor, detail={"goal": goal_id, "steps": steps})


def _step_what(what: str) -> str:
    return _text(what, limit=STEP_MAX, what=_("The step"), field="what", required=_("Say what the step is."))


def step_add(*, actor: Person, goal: LearningGoal, what: str, idempotency_key: str = "") -> BabyStep:
    """A new step at the end of the goal's list."""
    _own(actor, goal)
    what = _step_what(what)
    with transaction.atomic():
        goal = _locked_goal(goal)
        if idempotency_key:
            earlier = audited_with_key(action="learn.step_add", actor=actor, idempotency_key=idempotency_key)
            if earlier is not None:
                found = BabyStep.objects.filter(pk=earlier.detail.get("step"), goal=goal).first()
                if found is not None:
                    return found
        last = goal.steps.aggregate(last=Max("position"))["last"]
        step = BabyStep.objects.create(goal=goal, what=what, position=0 if last is None else last + 1)
        detail: dict[str, Any] = {"goal": goal.pk, "step": step.pk}
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="learn.step_add", target=actor, detail=detail)
    return step


def _not_done(step: BabyStep, message: str) -> None:
    if step.done_at is not None:
        raise GoalError(message)


def step_change(*, actor: Person, step: BabyStep, what: str) -> BabyStep:
    _own(actor, step.goal)
    what = _step_what(what)
    with transaction.atomic():
        _locked_goal(step.goal)
        step = BabyStep.objects.get(pk=step.pk)
        # A done step may have been recognised: what was recognised must stay what it was.
        _not_done(step, _("This step is done, so it stays as it was when you did it."))
        step.what = what
        step.save(update_fields=["what"])
        audit_record(actor=actor, action="learn.step_change", target=actor, detail={"step": step.pk})
    return step


def step_move(*, actor: Person, step: BabyStep, up: bool) -> BabyStep:
    """Swap the step with the one before it (up) or after it. At the top or bottom already, nothing changes."""
    _own(actor, step.goal)
    with transaction.atomic():
        goal = _locked_goal(step.goal)
        steps = list(goal.steps.order_by("position", "pk"))
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(steps):
            steps[index], steps[other] = steps[other], steps[index]
            # Numbered afresh from 0, so that steps added at the same moment, or positions left with gaps by a
            # removal, still end up in one clear order.
            for position, each in enumerate(steps):
                each.position = position
            BabyStep.objects.bulk_update(steps, ["position"])
            audit_record(actor=actor, action="learn.step_move", target=actor, detail={"step": step.pk, "up": up})
        step = next(s for s in steps if s.pk == step.pk)
    return step


def step_remove(*, actor: Person, step: BabyStep) -> None:
    _own(actor, step.goal)
    with transaction.atomic():
        _locked_goal(step.goal)
        step = BabyStep.objects.get(pk=step.pk)
        _not_done(step, _("This step is done, so it stays: it is part of what you have learned."))
        step_id = step.pk
        step.delete()
        audit_record(actor=actor, action="learn.step_remove", target=actor, detail={"step": step_id})


def step_done(*, actor: Person, step: BabyStep, learned: str) -> BabyStep:
    """Mark a step done with a line on what it taught: the learning is the point, so it is asked for."""
    _own(actor, step.goal)
    learned = _text(
        learned,
        limit=LEARNED_MAX,
        what=_("What you learned"),
        field="learned",
        required=_("Say in a line what you learned from this step."),
    )
    with transaction.atomic():
        _locked_goal(step.goal)
        step = BabyStep.objects.get(pk=step.pk)
        step.learned = learned
        fields = ["learned"]
        if step.done_at is None:
            step.done_at = timezone.now()
            fields.append("done_at")
        step.save(update_fields=fields)
        audit_record(actor=actor, action="learn.step_done", target=actor, detail={"step": step.pk})
    return step


def step_reopen(*, actor: Person, step: BabyStep) -> BabyStep:
    """Not done after all: allowed until someone has recognised the step, whose note would otherwise be orphaned."""
    _own(actor, step.goal)
    with transaction.atomic():
        _locked_goal(step.goal)
        step = BabyStep.objects.get(pk=step.pk)
        if step.recognitions.exists():
            raise GoalError(_("Someone has already recognised this step, so it stays done."))
        if step.done_at is not None:
            step.done_at = None
            step.save(update_fields=["done_at"])
            audit_record(actor=actor, action="learn.step_reopen", target=actor, detail={"step": step.pk})
    return step


def step_recognise(*, actor: Person, step: BabyStep, note: str, site_url: str = "") -> StepRecognition:
    """A note saying well done for a step. One from each person who recognises the learner; the learner is
    told by email and decides whether it shows on their profile (it does not, until they say so)."""
    note = _text(note, limit=NOTE_MAX, what=_("Your note"), field="note", required=_("Write your note."))
    learner = step.goal.person
    if actor.pk == learner.pk:
        raise GoalError(_("Your own steps are recognised by the people who support you."))
    with transaction.atomic():
        _locked_goal(step.goal)
        step = BabyStep.objects.select_related("goal__person").get(pk=step.pk)
        if step.done_at is None:
            raise GoalError(_("This step is not done yet, so there is nothing to recognise."))
        if step.recognitions.filter(by=actor).exists():
            raise GoalError(_("You have already recognised this step."))
        recognition = StepRecognition.objects.create(step=step, by=actor, note=note)
        audit_record(
            actor=actor,
            action="learn.step_recognise",
            target=learner,
            detail={"step": step.pk, "recognition": recognition.pk},
        )
        if learner.email and learner.is_active:
            email_on_commit(
                to=learner.email,
                subject=_("%(name)s recognised a step you took") % {"name": actor.display_name},
                template="learn/email/step_recognised.txt",
                context={
                    "person": learner,
                    "by": actor,
                    "step": step,
                    "note": note,
                    "place": place_get(),
                    "link": f"{site_url}{reverse('learn:goal', kwargs={'goal_id': step.goal_id})}",
                },
            )
    return recognition


def recognition_show(*, actor: Person, recognition: StepRecognition, shown: bool) -> StepRecognition:
    """The learner chooses whether a note about their step shows on their profile."""
    if actor.pk != recognition.step.goal.person_id:
        raise GoalError(_("Only the person the note is for chooses where it shows."))
    with transaction.atomic():
        recognition = StepRecognition.objects.select_for_update().get(pk=recognition.pk)
        if recognition.shown_on_profile != shown:
            recognition.shown_on_profile = shown
            recognition.save(update_fields=["shown_on_profile"])
            audit_record(
                actor=actor,
                action="learn.recognition_show" if shown else "learn.recognition_hide",
                target=actor,
                detail={"recognition": recognition.pk},
            )
    return recognition
