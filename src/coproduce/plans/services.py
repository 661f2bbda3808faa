"""Every write in plans: making a plan, adding and changing its actions, and posting progress on them.

Services do not check permissions (views and the calling area's own services do); they check that what they are
given makes sense, and say what is wrong in words meant for the person who typed it. Other areas (reflection
rounds, events, stories) call plan_create and action_add with `source=` to link their actions here.

A form's submission key (`idempotency_key`, optional) is written into the audit row, so the same form sent twice, a
double click or a resent page, returns what the first one made instead of making it again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, audited_with_key, place_get
from coproduce.organisations.models import Organisation, Service
from coproduce.people.models import Person
from coproduce.plans.models import Action, ActionUpdate, Plan

TITLE_MAX = 200
SUMMARY_MAX = 5000
WHAT_MAX = 300
HOW_MAX = 5000
UPDATE_MAX = 5000

CHANGEABLE_ACTION_FIELDS = frozenset({"what", "how", "owner_person", "owner_organisation", "due_on", "status"})
CHANGEABLE_PLAN_FIELDS = frozenset({"title", "summary", "organisation", "service"})


class PlanError(ValueError):
    """Something that cannot be saved as given. `field` names the form field it is about, or is None."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ActionError(PlanError):
    pass


def _too_long(what: str, limit: int, count: int) -> str:
    return _("%(what)s can be up to %(limit)s characters. It has %(count)s: please shorten it.") % {
        "what": what,
        "limit": limit,
        "count": count,
    }


def _source_fields(source: models.Model | None) -> dict[str, Any]:
    if source is None:
        return {}
    if source.pk is None:
        raise PlanError(_("What this came from has not been saved yet."))
    return {"source_type": ContentType.objects.get_for_model(source), "source_id": str(source.pk)}


def _source_detail(source: models.Model | None) -> dict[str, Any]:
    if source is None:
        return {}
    return {"source": f"{source._meta.label_lower}:{source.pk}"}


def _plan_checked(
    *, title: str, summary: str, organisation: Organisation | None, service: Service | None
) -> tuple[str, str, Organisation | None]:
    title, summary = title.strip(), summary.strip()
    if not title:
        raise PlanError(_("Give the plan a title."), field="title")
    if len(title) > TITLE_MAX:
        raise PlanError(_too_long(_("The title"), TITLE_MAX, len(title)), field="title")
    if len(summary) > SUMMARY_MAX:
        raise PlanError(_too_long(_("The summary"), SUMMARY_MAX, len(summary)), field="summary")
    if service is not None:
        if organisation is None:
            organisation = service.organisation
        elif service.organisation_id != organisation.pk:
            raise PlanError(
                _("%(service)s is not one of %(organisation)s’s services. Choose one of theirs, or no service.")
                % {"service": service.name, "organisation": organisation.name},
                field="service",
            )
    return title, summary, organisation


def plan_create(
    *,
    actor: Person | None,
    title: str,
    summary: str = "",
    organisation: Organisation | None = None,
    service: Service | None = None,
    source: models.Model | None = None,
    idempotency_key: str = "",
) -> Plan:
    """A new plan, empty until actions are added. A service without an organisation brings its organisation."""
    title, summary, organisation = _plan_checked(
        title=title, summary=summary, organisation=organisation, service=service
    )
    source_fields = _source_fields(source)
    with transaction.atomic():
        if idempotency_key and actor is not None:
            # The actor's row lock makes the same form sent twice wait for itself, so the second finds the first.
            Person.objects.select_for_update().filter(pk=actor.pk).first()
            earlier = audited_with_key(action="plans.plan_create", actor=actor, idempotency_key=idempotency_key)
            if earlier is not None:
                return Plan.objects.get(pk=earlier.target_id)
        plan = Plan.objects.create(
            title=title,
            summary=summary,
            organisation=organisation,
            service=service,
            created_by=actor,
            **source_fields,
        )
        detail: dict[str, Any] = {"organisation": organisation.pk if organisation else None, **_source_detail(source)}
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="plans.plan_create", target=plan, detail=detail)
    return plan


def plan_change(*, actor: Person | None, plan: Plan, **fields: Any) -> Plan:
    """Change a plan's title, summary, organisation or service. Changing nothing writes nothing."""
    unknown = set(fields) - CHANGEABLE_PLAN_FIELDS
    if unknown:
        raise TypeError(f"plan_change() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        plan = Plan.objects.select_for_update(of=("self",)).select_related("organisation", "service").get(pk=plan.pk)
        wanted = {field: fields.get(field, getattr(plan, field)) for field in CHANGEABLE_PLAN_FIELDS}
        title, summary, organisation = _plan_checked(**wanted)
        wanted.update(title=title, summary=summary, organisation=organisation)
        changed = sorted(field for field, value in wanted.items() if getattr(plan, field) != value)
        if not changed:
            return plan
        for field in changed:
            setattr(plan, field, wanted[field])
        plan.save()
        audit_record(actor=actor, action="plans.plan_change", target=plan, detail={"changed": changed})
    return plan


def _action_checked(*, what: str, how: str, owner_person: Person | None) -> tuple[str, str]:
    what, how = what.strip(), how.strip()
    if not what:
        raise ActionError(_("Say what will be done."), field="what")
    if len(what) > WHAT_MAX:
        raise ActionError(_too_long(_("What will be done"), WHAT_MAX, len(what)), field="what")
    if len(how) > HOW_MAX:
        raise ActionError(_too_long(_("How it will be done"), HOW_MAX, len(how)), field="how")
    if owner_person is not None and (not owner_person.is_active or owner_person.closed_at is not None):
        raise ActionError(
            _("%(name)s’s account is closed, so the action cannot be given to them. Choose someone else.")
            % {"name": owner_person.display_name},
            field="owner_person",
        )
    return what, how


def _tell_new_owner(*, actor: Person | None, action: Action, site_url: str) -> None:
    """Email the person an action has just been given to, unless they gave it to themselves."""
    owner = action.owner_person
    if owner is None or not owner.email or not owner.is_active:
        return
    if actor is not None and actor.pk == owner.pk:
        return
    email_on_commit(
        to=owner.email,
        subject=_("An action for you: %(what)s") % {"what": action.what[:80]},
        template="plans/email/action_given.txt",
        context={
            "person": owner,
            "action": action,
            "plan": action.plan,
            "who": actor.display_name if actor is not None else "",
            "place": place_get(),
            "link": f"{site_url}{reverse('plans:action', args=[action.pk])}",
        },
    )


def action_add(
    *,
    actor: Person | None,
    plan: Plan,
    what: str,
    how: str = "",
    owner_person: Person | None = None,
    owner_organisation: Organisation | None = None,
    due_on: date | None = None,
    source: models.Model | None = None,
    idempotency_key: str = "",
    site_url: str = "",
) -> Action:
    """Add an action to a plan. A new action cannot be due in the past (a past one is recorded by editing it
    afterwards). Its owner, if a person other than the actor, is emailed."""
    what, how = _action_checked(what=what, how=how, owner_person=owner_person)
    if due_on is not None and due_on < timezone.localdate():
        raise ActionError(
            _(
                "The date it is due by is in the past. Choose today or a later date; to record something already "
                "done, add it and then change its date."
            ),
            field="due_on",
        )
    source_fields = _source_fields(source)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if idempotency_key and actor is not None:
            earlier = audited_with_key(action="plans.action_add", actor=actor, idempotency_key=idempotency_key)
            if earlier is not None:
                return Action.objects.get(pk=earlier.target_id)
        action = Action.objects.create(
            plan=plan,
            what=what,
            how=how,
            owner_person=owner_person,
            owner_organisation=owner_organisation,
            due_on=due_on,
            created_by=actor,
            **source_fields,
        )
        detail: dict[str, Any] = {
            "plan": plan.pk,
            "owner_person": owner_person.pk if owner_person else None,
            "owner_organisation": owner_organisation.pk if owner_organisation else None,
            "due_on": due_on.isoformat() if due_on else None,
            **_source_detail(source),
        }
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="plans.action_add", target=action, detail=detail)
        # Touching the plan marks it as recently active in the list.
        Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
        _tell_new_owner(actor=actor, action=action, site_url=site_url)
    return action


def _status_moved(action: Action, status: str) -> None:
    action.status = status
    action.completed_at = timezone.now() if status == Action.Status.DONE else None


def action_change(*, actor: Person | None, action: Action, site_url: str = "", **fields: Any) -> Action:
    """Change an action's what, how, owners, due date or status. A date in the past is allowed here: someone may
    be recording a plan after the event. A new owner person is emailed. Changing nothing writes nothing."""
    unknown = set(fields) - CHANGEABLE_ACTION_FIELDS
    if unknown:
        raise TypeError(f"action_change() cannot change {', '.join(sorted(unknown))}")
    if "status" in fields and fields["status"] not in Action.Status.values:
        raise ActionError(_("Choose one of the statuses listed."), field="status")
    with transaction.atomic():
        action = (
            # Only the action's own row is locked; the rows it refers to are read for comparison.
            Action.objects.select_for_update(of=("self",))
            .select_related("plan", "owner_person", "owner_organisation")
            .get(pk=action.pk)
        )
        wanted = {field: fields.get(field, getattr(action, field)) for field in CHANGEABLE_ACTION_FIELDS}
        # An owner whose account has closed since may stay on a finished action; only a new owner is checked.
        new_person = wanted["owner_person"] if wanted["owner_person"] != action.owner_person else None
        what, how = _action_checked(what=wanted["what"], how=wanted["how"], owner_person=new_person)
        wanted.update(what=what, how=how)
        changed = sorted(field for field, value in wanted.items() if getattr(action, field) != value)
        if not changed:
            return action
        new_owner = "owner_person" in changed and wanted["owner_person"] is not None
        status_before = action.status
        for field in changed:
            if field == "status":
                _status_moved(action, wanted["status"])
            else:
                setattr(action, field, wanted[field])
        action.save()
        detail: dict[str, Any] = {"changed": changed}
        if "status" in changed:
            detail.update(status_before=status_before, status_after=action.status)
        audit_record(actor=actor, action="plans.action_change", target=action, detail=detail)
        if new_owner:
            _tell_new_owner(actor=actor, action=action, site_url=site_url)
    return action


def action_update_post(
    *,
    actor: Person | None,
    action: Action,
    text: str,
    status: str | None = None,
    idempotency_key: str = "",
) -> ActionUpdate:
    """Say how an action is going, optionally moving its status on. Marking it done records when."""
    text = text.strip()
    if status == "":
        status = None
    if status is not None and status not in Action.Status.values:
        raise ActionError(_("Choose one of the statuses listed."), field="status")
    if len(text) > UPDATE_MAX:
        raise ActionError(_too_long(_("Your update"), UPDATE_MAX, len(text)), field="text")
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if idempotency_key and actor is not None:
            earlier = audited_with_key(action="plans.update_post", actor=actor, idempotency_key=idempotency_key)
            if earlier is not None:
                return ActionUpdate.objects.get(pk=earlier.detail["update"])
        before = action.status
        after = status or before
        if not text and after == before:
            raise ActionError(_("Write what has happened, or choose a new status, or both."), field="text")
        update = ActionUpdate.objects.create(
            action=action, author=actor, text=text, status_before=before, status_after=after
        )
        if after != before:
            _status_moved(action, after)
        # Saved either way: updated_at says when anyone last said anything about it.
        action.save()
        detail: dict[str, Any] = {"update": update.pk, "status_before": before, "status_after": after}
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="plans.update_post", target=action, detail=detail)
    return update
