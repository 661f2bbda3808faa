"""The list of plans, making a plan, a plan's page with its actions, and adding an action to it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.people.models import Person
from coproduce.plans.forms import ActionForm, OrganisationFilterForm, PlanForm
from coproduce.plans.models import Action, Plan
from coproduce.plans.selectors import came_from, plan_actions, plan_detail, plans_list, status_counts
from coproduce.plans.services import PlanError, action_add, plan_change, plan_create

PLANS_PER_PAGE = 25


def plan_or_404(plan_id: int) -> Plan:
    try:
        return plan_detail(plan_id)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


@require_perm("plans.view_plan")
def plan_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisation = form.chosen()
    page = Paginator(plans_list(organisation=organisation), PLANS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/plan_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(plan, status_counts(plan)) for plan in page.object_list],
            "query": query.urlencode(),
            "filtered": organisation is not None,
            "organisation": organisation,
        },
    )


@require_perm("plans.create_plan")
def plan_new(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = plan_create(
                actor=signed_in_person(request),
                title=data["title"],
                summary=data["summary"],
                organisation=data["organisation"],
                service=data["service"],
                idempotency_key=data["idempotency_key"],
            )
        except PlanError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Your plan is made. Now add what will be done, who will do it and by when."))
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@require_perm("plans.view_plan")
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(plan_id)
    check_perm(request, "plans.change_plan", plan)
    initial = {"title": plan.title, "summary": plan.summary, "organisation": plan.organisation, "service": plan.service}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_change(
                actor=signed_in_person(request),
                plan=plan,
                title=data["title"],
                summary=data["summary"],
                organisation=data["organisation"],
                service=data["service"],
            )
        except PlanError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


def plan_page_response(request: HttpRequest, plan: Plan, form: ActionForm | None = None) -> HttpResponse:
    may_change = bool(request.user.has_perm("plans.change_plan", plan))
    if form is None and may_change:
        form = ActionForm()
    return render(
        request,
        "plans/plan_page.html",
        {
            "plan": plan,
            "actions": list(plan_actions(plan)),
            "came_from": came_from(plan, request.user),
            "may_change": may_change,
            "form": form if may_change else None,
        },
    )


@require_perm("plans.view_plan")
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    return plan_page_response(request, plan_or_404(plan_id))


@require_POST
@require_perm("plans.view_plan")
def action_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_or_404(plan_id)
    check_perm(request, "plans.change_plan", plan)
    searching = ActionForm.wants_search(request.POST)
    form = ActionForm(request.POST, searching=searching)
    if not searching and form.is_valid():
        data = form.cleaned_data
        try:
            action = action_add(
                actor=signed_in_person(request),
                plan=plan,
                what=data["what"],
                how=data["how"],
                owner_person=data["owner_person"],
                owner_organisation=data["owner_organisation"],
                due_on=data["due_on"],
                idempotency_key=data["idempotency_key"],
                site_url=site_url(request),
            )
        except PlanError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, added_message(action, signed_in_person(request)))
            return redirect("plans:plan", plan_id=plan.pk)
    return plan_page_response(request, plan, form)


def added_message(action: Action, actor: Person) -> str:
    owner = action.owner_person
    if owner is not None and owner.email and owner.pk != actor.pk:
        return _("Added: “%(what)s”. We have emailed %(name)s to let them know.") % {
            "what": action.what,
            "name": owner.display_name,
        }
    return _("Added: “%(what)s”.") % {"what": action.what}
