"""From ideas to action: gather every idea, let participants choose, settle on two or three, make the plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.people.selectors.people_pick import organisation_members
from coproduce.plans.selectors import plan_actions, plans_for_source
from coproduce.plans.services import PlanError
from coproduce.reflect.forms_ideas import ChooseForm, IdeaForm, PlanMakeForm, SettleForm
from coproduce.reflect.models import Idea, ReflectionRound
from coproduce.reflect.selectors.ideas import my_choices, round_ideas
from coproduce.reflect.services.ideas import (
    ChoosingNotOpenError,
    PlannedAction,
    idea_add,
    idea_choices_set,
    ideas_settle,
    round_choosing_open,
    round_plan_make,
)


def _round(request: HttpRequest, round_id: int) -> ReflectionRound:
    round_ = get_object_or_404(
        ReflectionRound.objects.select_related("framework", "organisation", "service"), pk=round_id
    )
    check_perm(request, "reflect.view_results", round_)
    return round_


def _page(request: HttpRequest, round_: ReflectionRound, status: int = 200, **forms: Any) -> HttpResponse:
    person = signed_in_person(request)
    runs = person.has_perm("reflect.run_round", round_)
    ideas = round_ideas(round_)
    participant = round_.participants.filter(person=person).first()
    settled = [idea for idea in ideas if idea.chosen]
    plan = plans_for_source(round_).first()
    context: dict[str, Any] = {
        "round": round_,
        "definition": round_.framework.definition,
        "ideas": ideas,
        "runs": runs,
        "participant": participant,
        "settled": settled,
        "plan": plan,
        "plan_actions": list(plan_actions(plan)) if plan else [],
    }
    context["dimension_titles"] = {d.key: d.title for d in round_.framework.definition.dimensions}
    context.update(dict.fromkeys(("idea_form", "choose_form", "settle_form", "plan_form")))
    if round_.settled_at is None:
        context["idea_form"] = forms.get("idea_form") or IdeaForm(definition=round_.framework.definition)
        if round_.choosing_opened_at is not None and participant is not None and ideas:
            context["choose_form"] = forms.get("choose_form") or ChooseForm(
                ideas=ideas, initial={"ideas": my_choices(participant)}
            )
        if runs and round_.choosing_opened_at is not None and ideas:
            context["settle_form"] = forms.get("settle_form") or SettleForm(ideas=ideas)
    elif runs and plan is None and settled:
        context["plan_form"] = forms.get("plan_form") or PlanMakeForm(
            ideas=settled,
            people=organisation_members(round_.organisation_id),
            organisation=round_.organisation,
            initial={"title": _("Our plan from %(round)s") % {"round": round_.title}},
        )
    return render(request, "reflect/ideas.html", context, status=status)


@require_perm("reflect.use")
def ideas(request: HttpRequest, round_id: int) -> HttpResponse:
    return _page(request, _round(request, round_id))


def _back(round_: ReflectionRound, anchor: str = "") -> HttpResponse:
    return redirect(reverse("reflect:ideas", kwargs={"round_id": round_.pk}) + anchor)


@require_POST
@require_perm("reflect.use")
def idea_add_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    person = signed_in_person(request)
    form = IdeaForm(request.POST, definition=round_.framework.definition)
    if form.is_valid():
        try:
            idea, created = idea_add(
                actor=person,
                round_=round_,
                text=form.cleaned_data["text"],
                dimension=form.cleaned_data["dimension"],
                participant=round_.participants.filter(person=person).first(),
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            if created:
                messages.success(request, _("Your idea is on the list."))
            else:
                messages.info(request, _("That idea is already on the list, so it was not added twice."))
            return _back(round_, f"#idea-{idea.pk}")
    return _page(request, round_, status=400, idea_form=form)


@require_POST
@require_perm("reflect.use")
def choosing_open_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    check_perm(request, "reflect.run_round", round_)
    try:
        round_choosing_open(actor=signed_in_person(request), round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Choosing is open: everyone who took part can now pick the ideas they prefer."))
    return _back(round_)


@require_POST
@require_perm("reflect.use")
def choose_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    person = signed_in_person(request)
    participant = round_.participants.filter(person=person).first()
    ideas = round_ideas(round_)
    form = ChooseForm(request.POST, ideas=ideas)
    if participant is None:
        messages.error(request, _("Only people who took part in this round choose among its ideas."))
        return _back(round_)
    if form.is_valid():
        try:
            idea_choices_set(
                actor=person, participant=participant, idea_ids=[idea.pk for idea in form.cleaned_data["ideas"]]
            )
        except ChoosingNotOpenError:
            form.add_error(None, _("Choosing is not open at the moment."))
        except ValidationError as error:
            form.add_error("ideas", error)
        else:
            messages.success(request, _("Your choices are saved. You can change them until the group settles."))
            return _back(round_)
    return _page(request, round_, status=400, choose_form=form)


@require_POST
@require_perm("reflect.use")
def settle_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    check_perm(request, "reflect.run_round", round_)
    form = SettleForm(request.POST, ideas=round_ideas(round_))
    if form.is_valid():
        try:
            ideas_settle(
                actor=signed_in_person(request), round_=round_, idea_ids=[i.pk for i in form.cleaned_data["ideas"]]
            )
        except ValidationError as error:
            form.add_error("ideas", error)
        else:
            messages.success(request, _("Settled. Now say what will be done, who will do it and by when."))
            return _back(round_, "#plan")
    return _page(request, round_, status=400, settle_form=form)


def _people_chosen(request: HttpRequest) -> list[str]:
    # Owners chosen in the form stay choosable even if they are beyond the first page of members.
    return [
        str(value).partition("-")[2]
        for key, value in request.POST.items()
        if key.endswith("-owner") and str(value).startswith("person-")
    ]


@require_POST
@require_perm("reflect.use")
def plan_make_view(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    check_perm(request, "reflect.run_round", round_)
    settled = list(Idea.objects.filter(round=round_, chosen=True).order_by("pk"))
    form = PlanMakeForm(
        request.POST,
        ideas=settled,
        people=organisation_members(round_.organisation_id, keep=_people_chosen(request)),
        organisation=round_.organisation,
    )
    if form.is_valid():
        data = form.cleaned_data
        planned = []
        for idea in settled:
            owner_person, owner_organisation = form.owner(idea)
            planned.append(
                PlannedAction(
                    idea=idea,
                    what=data[f"i{idea.pk}-what"],
                    how=data[f"i{idea.pk}-how"],
                    owner_person=owner_person,
                    owner_organisation=owner_organisation,
                    due_on=data[f"i{idea.pk}-due_on"],
                )
            )
        try:
            plan = round_plan_make(
                actor=signed_in_person(request),
                round_=round_,
                title=data["title"],
                actions=planned,
                idempotency_key=data["idempotency_key"],
                site_url=site_url(request),
            )
        except (ValidationError, PlanError) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The action plan is made. Everyone can follow it in Plans."))
            return redirect(plan)
    return _page(request, round_, status=400, plan_form=form)
