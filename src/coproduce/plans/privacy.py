"""What plans add to a person's download and to closing their account.

The download holds the actions given to them and the updates they wrote. Closing keeps every plan, action and
update, because they are the place's shared record of what was done; the people app has already turned the person's
name into "Former member <id>" on all of them. Actions still open lose their owner, so that they show as needing
someone new instead of waiting for a person who has left; finished ones keep the anonymised person who did them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from coproduce.people.models import Person
from coproduce.plans.models import Action, ActionUpdate

ACTION_COLUMNS = ("plan", "what", "how", "organisation", "due_on", "status", "completed_at", "came_from", "added_on")
UPDATE_COLUMNS = ("date", "plan", "action", "text", "status_before", "status_after")
_BATCH = 1000

OPEN = ~Q(status__in=[Action.Status.DONE, Action.Status.COULD_NOT])


def plans_close(person: Person) -> dict[str, Any]:
    """The "plans" close step; runs inside the closing transaction."""
    released = Action.objects.filter(OPEN, owner_person=person).update(owner_person=None)
    return {
        "open_actions_released": released,
        "finished_actions_kept": Action.objects.filter(owner_person=person).count(),
        "updates_kept": ActionUpdate.objects.filter(author=person).count(),
    }


def _came_from(action: Action) -> str:
    source = action.source_or_none()
    return str(source) if source is not None else ""


def actions_section(person: Person) -> Iterator[dict[str, Any]]:
    actions = (
        Action.objects.filter(owner_person=person)
        .select_related("plan", "owner_organisation", "source_type")
        .prefetch_related("source")
        .order_by("pk")
    )
    for action in actions.iterator(_BATCH):
        yield {
            "plan": action.plan.title,
            "what": action.what,
            "how": action.how,
            "organisation": action.owner_organisation.name if action.owner_organisation else "",
            "due_on": action.due_on,
            "status": action.get_status_display(),
            "completed_at": action.completed_at,
            "came_from": _came_from(action),
            "added_on": action.created_at,
        }


def updates_section(person: Person) -> Iterator[dict[str, Any]]:
    updates = ActionUpdate.objects.filter(author=person).select_related("action__plan").order_by("pk")
    for update in updates.iterator(_BATCH):
        yield {
            "date": update.created_at,
            "plan": update.action.plan.title,
            "action": update.action.what,
            "text": update.text,
            "status_before": update.get_status_before_display(),
            "status_after": update.get_status_after_display(),
        }


def register() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "plan_actions.csv",
        actions_section,
        description=gettext_lazy(
            "Actions in plans that were given to you: the plan, what was to be done and how, the organisation it "
            "was given to as well, when it was due, where it is up to, when it was finished, and what it came from."
        ),
        columns=ACTION_COLUMNS,
        count=lambda person: Action.objects.filter(owner_person=person).count(),
    )
    register_export_section(
        "plan_updates.csv",
        updates_section,
        description=gettext_lazy(
            "Updates you wrote on actions in plans: when, which plan and action, what you wrote, and whether you "
            "moved the action on."
        ),
        columns=UPDATE_COLUMNS,
        count=lambda person: ActionUpdate.objects.filter(author=person).count(),
    )
    register_close_step("plans", plans_close)
