"""Every non-trivial read in plans. Each returns a query set or a fixed number of queries' worth of rows, so that
no page asks the database more often as plans and actions grow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import rules
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import Person
from coproduce.plans.models import Action, ActionUpdate, CameFrom, Plan
from coproduce.plans.rules import WORKS_THERE

OPEN = ~Q(status__in=[Action.Status.DONE, Action.Status.COULD_NOT])
# "Due soon" on My actions: within the next two weeks.
DUE_SOON_DAYS = 14
# My actions lists open ones up to this many, and the most recently finished ones up to FINISHED_SHOWN.
OPEN_SHOWN = 300
FINISHED_SHOWN = 20


def _action_rows(actions: QuerySet[Action]) -> QuerySet[Action]:
    return actions.select_related("plan", "owner_person", "owner_organisation")


def _for_source(obj: models.Model) -> Q:
    return Q(source_type=ContentType.objects.get_for_model(obj), source_id=str(obj.pk))


def actions_for_source(obj: models.Model) -> QuerySet[Action]:
    """The actions that came from `obj` (a round, an event, a story...), soonest due first."""
    return _action_rows(Action.objects.filter(_for_source(obj)))


def plans_for_source(obj: models.Model) -> QuerySet[Plan]:
    return Plan.objects.filter(_for_source(obj)).select_related("organisation", "service")


def plans_list(*, organisation: Organisation | None = None) -> QuerySet[Plan]:
    """Plans, newest first, each with its actions counted by status and how many are overdue."""
    today = timezone.localdate()
    plans = Plan.objects.select_related("organisation", "service", "created_by").annotate(
        actions_total=Count("actions"),
        overdue_count=Count("actions", filter=Q(actions__due_on__lt=today) & _open_through("actions__")),
        **{f"count_{status}": Count("actions", filter=Q(actions__status=status)) for status in Action.Status.values},
    )
    if organisation is not None:
        plans = plans.filter(organisation=organisation)
    return plans.order_by("-updated_at", "-id")


def _open_through(prefix: str) -> Q:
    return ~Q(**{f"{prefix}status__in": [Action.Status.DONE, Action.Status.COULD_NOT]})


def status_counts(plan: Plan) -> list[tuple[str, str, int]]:
    """(status, label, count) for a plan annotated by plans_list, in the statuses' own order."""
    return [(status, str(label), getattr(plan, f"count_{status}", 0)) for status, label in Action.Status.choices]


def plan_detail(plan_id: int) -> Plan:
    return Plan.objects.select_related("organisation", "service", "created_by", "source_type").get(pk=plan_id)


def plan_actions(plan: Plan) -> QuerySet[Action]:
    return _action_rows(plan.actions.all())


def action_detail(action_id: int) -> Action:
    return Action.objects.select_related(
        "plan__organisation",
        "plan__service",
        "owner_person",
        "owner_organisation",
        "created_by",
        "source_type",
    ).get(pk=action_id)


def action_updates(action: Action) -> QuerySet[ActionUpdate]:
    """Newest first."""
    return action.updates.select_related("author").order_by("-created_at", "-id")


def _organisations_i_answer_for(person: Person) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(person=person, role__in=WORKS_THERE).values("organisation_id")


def actions_mine(person: Person) -> QuerySet[Action]:
    """Actions given to me, or to an organisation where I am staff, an admin or a facilitator."""
    if not person.pk:
        return Action.objects.none()
    return _action_rows(
        Action.objects.filter(Q(owner_person=person) | Q(owner_organisation_id__in=_organisations_i_answer_for(person)))
    )


def actions_overdue(*, organisation: Organisation | None = None) -> QuerySet[Action]:
    """Open actions whose date has passed, longest overdue first. With an organisation: those given to it, or in
    its plans."""
    actions = Action.objects.filter(OPEN, due_on__lt=timezone.localdate())
    if organisation is not None:
        actions = actions.filter(Q(owner_organisation=organisation) | Q(plan__organisation=organisation))
    return _action_rows(actions).order_by("due_on", "id")


@dataclass
class MyActions:
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)
    later: list[Action] = field(default_factory=list)
    finished: list[Action] = field(default_factory=list)
    # More open actions than OPEN_SHOWN: the page says so.
    open_cut: bool = False

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.later or self.finished)


def my_actions_grouped(person: Person, *, today: date | None = None) -> MyActions:
    """My actions in four groups: overdue, due in the next two weeks, later (or no date yet), and finished
    (done or could not be done, most recent first). Two queries, whatever the numbers."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    mine = actions_mine(person)
    grouped = MyActions()
    open_actions = list(mine.filter(OPEN).order_by(models.F("due_on").asc(nulls_last=True), "id")[: OPEN_SHOWN + 1])
    grouped.open_cut = len(open_actions) > OPEN_SHOWN
    for action in open_actions[:OPEN_SHOWN]:
        if action.due_on is not None and action.due_on < today:
            grouped.overdue.append(action)
        elif action.due_on is not None and action.due_on <= soon:
            grouped.due_soon.append(action)
        else:
            grouped.later.append(action)
    grouped.finished = list(
        mine.exclude(OPEN).order_by(models.F("completed_at").desc(nulls_last=True), "-updated_at", "-id")[
            :FINISHED_SHOWN
        ]
    )
    return grouped


@dataclass(frozen=True)
class Source:
    """What the "Came from" line shows: a link, a note that the source has gone, or that the viewer may not see
    it (then its title is not shown either)."""

    label: str
    url: str = ""
    kind: str = ""
    removed: bool = False
    hidden: bool = False


def came_from(item: CameFrom, viewer: Any) -> Source | None:
    """Where a plan or action came from, as this viewer may see it. An area can keep its rows' titles from people
    who may not see them by defining a rule named "<app label>.view_<model name>", for example
    "stories.view_story"; without one, the title and link show to everyone who can see the plan."""
    if not item.has_source:
        return None
    source = item.source_or_none()
    content_type = ContentType.objects.get_for_id(item.source_type_id) if item.source_type_id else None
    model = content_type.model_class() if content_type is not None else None
    kind = str(model._meta.verbose_name) if model is not None else ""
    if source is None:
        return Source(label="", kind=kind, removed=True)
    assert model is not None
    perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
    if rules.perm_exists(perm) and not viewer.has_perm(perm, source):
        return Source(label="", kind=kind, hidden=True)
    get_url = getattr(source, "get_absolute_url", None)
    return Source(label=str(source), url=get_url() if callable(get_url) else "", kind=kind)
