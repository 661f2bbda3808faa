"""An action's page with its progress updates, posting an update, and changing an action."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.plans.forms import ActionForm, UpdateForm
from coproduce.plans.models import Action
from coproduce.plans.selectors import action_detail, action_updates, came_from
from coproduce.plans.services import PlanError, action_change, action_update_post


def action_or_404(action_id: int) -> Action:
    try:
        return action_detail(action_id)
    except Action.DoesNotExist as exc:
        raise Http404 from exc


def _action_page(request: HttpRequest, action: Action, form: UpdateForm | None = None) -> HttpResponse:
    may_update = bool(request.user.has_perm("plans.post_update", action))
    if form is None and may_update:
        form = UpdateForm(action=action)
    return render(
        request,
        "plans/action_page.html",
        {
            "action": action,
            "plan": action.plan,
            "updates": list(action_updates(action)),
            "came_from": came_from(action, request.user),
            "may_change": bool(request.user.has_perm("plans.change_plan", action.plan)),
            "form": form if may_update else None,
        },
    )


@require_perm("plans.view_plan")
def action_page(request: HttpRequest, action_id: int) -> HttpResponse:
    return _action_page(request, action_or_404(action_id))


@require_POST
@require_perm("plans.view_plan")
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(action_id)
    check_perm(request, "plans.post_update", action)
    form = UpdateForm(request.POST, action=action)
    if form.is_valid():
        try:
            update = action_update_post(
                actor=signed_in_person(request),
                action=action,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"] or None,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except PlanError as exc:
            form.add_error(exc.field, str(exc))
        else:
            if update.changed_status:
                messages.success(
                    request,
                    _("Thank you. Your update is posted and the action is now “%(status)s”.")
                    % {"status": update.get_status_after_display()},
                )
            else:
                messages.success(request, _("Thank you. Your update is posted."))
            return redirect("plans:action", action_id=action.pk)
    return _action_page(request, action, form)


@require_perm("plans.view_plan")
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = action_or_404(action_id)
    check_perm(request, "plans.change_plan", action.plan)
    if request.method != "POST":
        form = ActionForm(
            initial={
                "what": action.what,
                "how": action.how,
                "owner_organisation": action.owner_organisation,
                "owner_person": action.owner_person_id,
                "due_on": action.due_on,
            },
            current_owner=action.owner_person,
        )
    else:
        searching = ActionForm.wants_search(request.POST)
        form = ActionForm(request.POST, searching=searching, current_owner=action.owner_person)
        if not searching and form.is_valid():
            data = form.cleaned_data
            try:
                action_change(
                    actor=signed_in_person(request),
                    action=action,
                    site_url=site_url(request),
                    what=data["what"],
                    how=data["how"],
                    owner_person=data["owner_person"],
                    owner_organisation=data["owner_organisation"],
                    due_on=data["due_on"],
                )
            except PlanError as exc:
                form.add_error(exc.field, str(exc))
            else:
                messages.success(request, _("The action is saved."))
                return redirect("plans:action", action_id=action.pk)
    return render(request, "plans/action_form.html", {"form": form, "action": action, "plan": action.plan})
