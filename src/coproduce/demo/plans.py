"""Brackenfold's plans: two action plans with owners, dates, progress and one thing that could not be done, so that
"My actions", the overdue list and a plan's page all have something true-looking in them.

Loading is idempotent like the rest of the demo: a plan is matched by its title and an action by its plan and what,
and a row that exists is left alone, even if someone clicking around the demo has changed it. Rows are written
here directly, with the system as the actor in the audit log, as the timebank's demo listings are: the made-up
people did not do these things themselves. That also lets an action be due in the past, as a plan recorded after
the event may be. Dates are counted from the day the demo is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.demo.brackenfold import CARERS, CARERS_DROP_IN, KITCHEN, NHS, RECOVERY_COLLEGE
from coproduce.organisations.models import Organisation, Service
from coproduce.people.models import Person
from coproduce.plans.models import Action, ActionUpdate, Plan

DOMAIN = "@brackenfold.example"
S = Action.Status


@dataclass(frozen=True)
class DemoUpdate:
    author: str
    text: str
    status: str
    days_ago: int


@dataclass(frozen=True)
class DemoAction:
    what: str
    how: str = ""
    # A person's address before the @ and an organisation's name; either, both or neither.
    person: str = ""
    organisation: str = ""
    # Days from the load; negative is in the past. None: no date yet.
    due_in: int | None = None
    updates: tuple[DemoUpdate, ...] = ()


@dataclass(frozen=True)
class DemoPlan:
    title: str
    summary: str
    organisation: str
    service: str
    made_by: str
    days_ago: int
    actions: tuple[DemoAction, ...]


PLANS = (
    DemoPlan(
        title="Evening meetings for carers who work",
        summary=(
            "At the spring get-together, carers with jobs said every meeting about them happens while they are at "
            "work. We chose three things we can really do this season."
        ),
        organisation=CARERS,
        service=CARERS_DROP_IN,
        made_by="bernadette.okafor",
        days_ago=40,
        actions=(
            DemoAction(
                what="Ask carers at the drop-in and the coffee morning which evening suits them",
                how="A paper slip at the drop-in, a question at the Bengali coffee morning, and a text to the list.",
                person="zainab.hussain",
                organisation=CARERS,
                due_in=10,
                updates=(
                    DemoUpdate(
                        "zainab.hussain",
                        "Fourteen carers have answered so far. Thursday is well ahead of the other evenings.",
                        S.IN_PROGRESS,
                        6,
                    ),
                ),
            ),
            DemoAction(
                what="Find a room free after six, step-free and with a hearing loop",
                how="Ask the Shared Table first: their hall is free on weekday evenings.",
                person="yusuf.rahman",
                organisation=KITCHEN,
                due_in=-6,
            ),
            DemoAction(
                what="Run the first evening meeting, chaired by a carer",
                person="margaret.ellis",
                due_in=40,
            ),
            DemoAction(
                what="Put the question in the centre’s newsletter",
                person="amira.haddad",
                due_in=-20,
                updates=(DemoUpdate("amira.haddad", "It went out in English, Arabic and Bengali.", S.DONE, 25),),
            ),
        ),
    ),
    DemoPlan(
        title="Peer trainers in every staff induction",
        summary=(
            "New staff at the Recovery College should hear from people who use services in their first week, "
            "not their first year."
        ),
        organisation=NHS,
        service=RECOVERY_COLLEGE,
        made_by="neil.sharma",
        days_ago=60,
        actions=(
            DemoAction(
                what="Co-deliver the induction session on listening with two peer trainers",
                how="Jay and Bilal plan it together; Paul sits in the first time and says what he would change.",
                person="jay.morgan",
                organisation=NHS,
                due_in=21,
                updates=(
                    DemoUpdate(
                        "jay.morgan",
                        "We have a draft of the session and tried it on the Recovery College team.",
                        S.IN_PROGRESS,
                        9,
                    ),
                ),
            ),
            DemoAction(
                what="Offer peer trainers payment or timebank hours for their time, as each prefers",
                person="neil.sharma",
                organisation=NHS,
                due_in=-12,
                updates=(
                    DemoUpdate(
                        "neil.sharma",
                        "Finance have agreed the payment rate; the timebank option needs a word with the council.",
                        S.IN_PROGRESS,
                        15,
                    ),
                ),
            ),
            DemoAction(
                what="Film a short welcome from people who use the service",
                organisation=NHS,
                due_in=-30,
                updates=(
                    DemoUpdate(
                        "neil.sharma",
                        "Nobody wanted to be filmed, and that is fine. We will read out written welcomes instead.",
                        S.COULD_NOT,
                        35,
                    ),
                ),
            ),
            DemoAction(
                what="Ask new starters what they will do differently after the session",
                person="bilal.khan",
            ),
        ),
    ),
)


def demo_plans_ensure(people: dict[str, Person], organisations: dict[str, Organisation]) -> int:
    """Load whatever part of the demo plans is missing; returns how many rows this run added."""
    by_local = {email.removesuffix(DOMAIN): person for email, person in people.items()}
    services = {
        (service.organisation.name, service.name): service
        for service in Service.objects.filter(organisation__in=organisations.values()).select_related("organisation")
    }
    added = 0
    with transaction.atomic():
        for entry in PLANS:
            plan = Plan.objects.filter(title=entry.title).first()
            if plan is None:
                plan = _plan_create(entry, by_local, organisations, services)
                added += 1
            have = set(plan.actions.values_list("what", flat=True))
            for action_entry in entry.actions:
                if action_entry.what in have:
                    continue
                added += _action_create(plan, action_entry, by_local, organisations)
    return added


def _ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def _on(days: int | None) -> date | None:
    return None if days is None else timezone.localdate() + timedelta(days=days)


def _plan_create(
    entry: DemoPlan,
    people: dict[str, Person],
    organisations: dict[str, Organisation],
    services: dict[tuple[str, str], Service],
) -> Plan:
    plan = Plan.objects.create(
        title=entry.title,
        summary=entry.summary,
        organisation=organisations[entry.organisation],
        service=services[(entry.organisation, entry.service)],
        created_by=people[entry.made_by],
    )
    plan.created_at = _ago(entry.days_ago)
    Plan.objects.filter(pk=plan.pk).update(created_at=plan.created_at)
    audit_record(actor=None, action="plans.plan_create", target=plan, detail={"source": "demo"})
    return plan


def _action_create(
    plan: Plan, entry: DemoAction, people: dict[str, Person], organisations: dict[str, Organisation]
) -> int:
    """The action and its updates, in the order they happened; returns how many rows it added."""
    action = Action.objects.create(
        plan=plan,
        what=entry.what,
        how=entry.how,
        owner_person=people[entry.person] if entry.person else None,
        owner_organisation=organisations[entry.organisation] if entry.organisation else None,
        due_on=_on(entry.due_in),
        created_by=plan.created_by,
    )
    audit_record(actor=None, action="plans.action_add", target=action, detail={"source": "demo"})
    status: str = S.NOT_STARTED
    for update_entry in sorted(entry.updates, key=lambda u: -u.days_ago):
        update = ActionUpdate.objects.create(
            action=action,
            author=people[update_entry.author],
            text=update_entry.text,
            status_before=status,
            status_after=update_entry.status,
        )
        ActionUpdate.objects.filter(pk=update.pk).update(created_at=_ago(update_entry.days_ago))
        status = update_entry.status
        audit_record(actor=None, action="plans.update_post", target=action, detail={"source": "demo"})
    completed_at = _ago(entry.updates[-1].days_ago) if status == S.DONE else None
    # Added when the plan was made, so its updates come after it.
    Action.objects.filter(pk=action.pk).update(status=status, completed_at=completed_at, created_at=plan.created_at)
    return 1 + len(entry.updates)
