"""Learning goals and their baby steps: set a goal, add and order steps, mark them done with what you learned,
and, for the people who facilitate the learner, recognise a step with a note.

A goal someone may not see answers "not found", not "not allowed": whether a private goal exists is private too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.learn.competencies import competency_choices
from coproduce.learn.forms_goals import GoalForm, RecognitionForm, StepChangeForm, StepDoneForm, StepForm
from coproduce.learn.models import BabyStep, LearningGoal, StepRecognition
from coproduce.learn.selectors.goals import goal_detail, goal_steps, steps_to_recognise
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


def _goal(request: HttpRequest, goal_id: int, perm: str = "learn.view_goal") -> LearningGoal:
    try:
        goal = goal_detail(goal_id)
    except LearningGoal.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm(perm, goal):
        if request.user.has_perm("learn.view_goal", goal):
            check_perm(request, perm, goal)  # seen but not theirs to change: "not allowed"
        raise Http404
    return goal


def _step(request: HttpRequest, step_id: int, perm: str) -> BabyStep:
    step = BabyStep.objects.select_related("goal__person").filter(pk=step_id).first()
    if step is None or not request.user.has_perm("learn.view_goal", step.goal):
        raise Http404
    check_perm(request, perm, step)
    return step


def _to_goal(goal_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("learn:goal", kwargs={"goal_id": goal_id}) + anchor)


@require_perm("learn.use")
def goal_new(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = GoalForm(request.POST or None, competencies=competency_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal = goal_create(
                person=person,
                title=data["title"],
                why=data["why"],
                competency=data["competency"],
                shown_on_profile=data["shown_on_profile"],
                idempotency_key=data["idempotency_key"],
            )
        except GoalError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Your goal is set. Now break it into small steps you could take soon."))
            return _to_goal(goal.pk, "#add-step")
    return render(request, "learn/goal_form.html", {"form": form, "goal": None}, status=400 if form.errors else 200)


def _goal_page(request: HttpRequest, goal: LearningGoal, *, step_form: StepForm | None = None) -> HttpResponse:
    person = signed_in_person(request)
    is_learner = goal.person_id == person.pk
    steps = goal_steps(goal, person)
    for step in steps:
        step.recognised_by_me = any(note.by_id == person.pk for note in step.notes)  # type: ignore[attr-defined]
        step.may_recognise = (  # type: ignore[attr-defined]
            not is_learner and not step.recognised_by_me and person.has_perm("learn.recognise_step", step)  # type: ignore[attr-defined]
        )
    if is_learner and step_form is None:
        step_form = StepForm()
    return render(
        request,
        "learn/goal.html",
        {
            "goal": goal,
            "steps": steps,
            "is_learner": is_learner,
            "competency": dict(competency_choices()).get(goal.competency, goal.competency),
            "form": step_form if is_learner else None,
            "done_count": sum(1 for step in steps if step.done_at is not None),
        },
        status=400 if step_form is not None and step_form.errors else 200,
    )


@require_perm("learn.use")
def goal_page(request: HttpRequest, goal_id: int) -> HttpResponse:
    return _goal_page(request, _goal(request, goal_id))


@require_perm("learn.use")
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = _goal(request, goal_id, "learn.change_goal")
    initial = {
        "title": goal.title,
        "why": goal.why,
        "competency": goal.competency,
        "shown_on_profile": goal.shown_on_profile,
    }
    form = GoalForm(request.POST or None, initial=initial, competencies=competency_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal_change(
                actor=signed_in_person(request),
                goal=goal,
                title=data["title"],
                why=data["why"],
                competency=data["competency"],
                shown_on_profile=data["shown_on_profile"],
            )
        except GoalError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Your goal is saved."))
            return _to_goal(goal.pk)
    return render(request, "learn/goal_form.html", {"form": form, "goal": goal}, status=400 if form.errors else 200)


@require_POST
@require_perm("learn.use")
def goal_achieve_view(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = goal_achieve(actor=signed_in_person(request), goal=_goal(request, goal_id, "learn.change_goal"))
    messages.success(request, _("Well done: you have achieved “%(title)s”.") % {"title": goal.title})
    return _to_goal(goal.pk)


@require_POST
@require_perm("learn.use")
def goal_reopen_view(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = goal_reopen(actor=signed_in_person(request), goal=_goal(request, goal_id, "learn.change_goal"))
    messages.success(request, _("You are working on this goal again."))
    return _to_goal(goal.pk)


@require_perm("learn.use")
def goal_delete_view(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = _goal(request, goal_id, "learn.change_goal")
    if request.method == "POST":
        goal_delete(actor=signed_in_person(request), goal=goal)
        messages.success(request, _("The goal “%(title)s” and its steps are deleted.") % {"title": goal.title})
        return redirect("learn:home")
    return render(request, "learn/goal_delete.html", {"goal": goal})


@require_POST
@require_perm("learn.use")
def step_add_view(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = _goal(request, goal_id, "learn.change_goal")
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            step_add(
                actor=signed_in_person(request),
                goal=goal,
                what=form.cleaned_data["what"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except GoalError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The step is added."))
            return _to_goal(goal.pk, "#add-step")
    return _goal_page(request, goal, step_form=form)


@require_perm("learn.use")
def step_edit(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step(request, step_id, "learn.change_goal")
    if step.done_at is not None:
        messages.info(request, _("This step is done, so it stays as it was when you did it."))
        return _to_goal(step.goal_id)
    form = StepChangeForm(request.POST or None, initial={"what": step.what})
    if request.method == "POST" and form.is_valid():
        try:
            step_change(actor=signed_in_person(request), step=step, what=form.cleaned_data["what"])
        except GoalError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The step is saved."))
            return _to_goal(step.goal_id, f"#step-{step.pk}")
    return render(request, "learn/step_form.html", {"form": form, "step": step}, status=400 if form.errors else 200)


@require_POST
@require_perm("learn.use")
def step_move_view(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step(request, step_id, "learn.change_goal")
    step_move(actor=signed_in_person(request), step=step, up=request.POST.get("direction") == "up")
    return _to_goal(step.goal_id, f"#step-{step.pk}")


@require_POST
@require_perm("learn.use")
def step_remove_view(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step(request, step_id, "learn.change_goal")
    try:
        step_remove(actor=signed_in_person(request), step=step)
    except GoalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The step “%(what)s” is removed.") % {"what": step.what})
    return _to_goal(step.goal_id)


@require_perm("learn.use")
def step_done_view(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step(request, step_id, "learn.change_goal")
    form = StepDoneForm(request.POST or None, initial={"learned": step.learned})
    if request.method == "POST" and form.is_valid():
        try:
            step_done(actor=signed_in_person(request), step=step, learned=form.cleaned_data["learned"])
        except GoalError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Step done. What you learned is saved with it."))
            return _to_goal(step.goal_id, f"#step-{step.pk}")
    return render(request, "learn/step_done.html", {"form": form, "step": step}, status=400 if form.errors else 200)


@require_POST
@require_perm("learn.use")
def step_reopen_view(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step(request, step_id, "learn.change_goal")
    try:
        step_reopen(actor=signed_in_person(request), step=step)
    except GoalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The step is back on your list to do."))
    return _to_goal(step.goal_id, f"#step-{step.pk}")


@require_perm("learn.use")
def step_recognise_view(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step(request, step_id, "learn.recognise_step")
    form = RecognitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step_recognise(
                actor=signed_in_person(request), step=step, note=form.cleaned_data["note"], site_url=site_url(request)
            )
        except GoalError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                _("Your note is sent. %(name)s is told by email.") % {"name": step.goal.person.display_name},
            )
            return redirect("learn:steps-to-recognise")
    context: dict[str, Any] = {"form": form, "step": step}
    return render(request, "learn/step_recognise.html", context, status=400 if form.errors else 200)


@require_POST
@require_perm("learn.use")
def recognition_show_view(request: HttpRequest, recognition_id: int) -> HttpResponse:
    recognition = StepRecognition.objects.select_related("step__goal__person").filter(pk=recognition_id).first()
    if recognition is None or not request.user.has_perm("learn.view_goal", recognition.step.goal):
        raise Http404
    check_perm(request, "learn.choose_recognition_shown", recognition)
    shown = request.POST.get("shown") == "yes"
    recognition_show(actor=signed_in_person(request), recognition=recognition, shown=shown)
    if shown:
        messages.success(request, _("The note now shows on your profile."))
    else:
        messages.success(request, _("The note no longer shows on your profile. Only you can see it."))
    return _to_goal(recognition.step.goal_id, f"#step-{recognition.step_id}")


@require_perm("learn.see_steps_to_recognise")
def steps_to_recognise_page(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/steps_to_recognise.html", {"steps": steps_to_recognise(signed_in_person(request))})
