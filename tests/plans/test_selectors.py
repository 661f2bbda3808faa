"""Reading plans: actions from a source, mine, overdue, counts by status, and where things came from."""

from __future__ import annotations

from datetime import timedelta

import pytest
import rules
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.plans.models import Action
from coproduce.plans.selectors import (
    actions_for_source,
    actions_mine,
    actions_overdue,
    came_from,
    my_actions_grouped,
    plans_for_source,
    plans_list,
    status_counts,
)
from coproduce.plans.services import action_add, plan_create
from tests.factories import ActionFactory, MembershipFactory, OrganisationFactory, PersonFactory, PlanFactory

pytestmark = pytest.mark.django_db

S = Action.Status


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def test_actions_and_plans_for_a_source(facilitator):
    round_one, round_two = PlanFactory(title="Round one", id=9001), PlanFactory(title="Round two")
    plan = plan_create(actor=facilitator, title="From round one", source=round_one)
    mine = action_add(actor=facilitator, plan=plan, what="From one", source=round_one)
    action_add(actor=facilitator, plan=plan, what="From two", source=round_two)
    action_add(actor=facilitator, plan=plan, what="From nowhere")
    # A row of another kind with the same id is a different source.
    twin = ActionFactory(id=9001)

    assert list(actions_for_source(round_one)) == [mine]
    assert list(plans_for_source(round_one)) == [plan]
    assert list(plans_for_source(round_two)) == []
    assert list(actions_for_source(twin)) == [] and list(plans_for_source(twin)) == []


def test_actions_mine_are_mine_and_my_organisations(person, organisation):
    MembershipFactory(person=person, organisation=organisation, role=Role.STAFF)
    only_member = OrganisationFactory()
    MembershipFactory(person=person, organisation=only_member, role=Role.MEMBER)
    given_to_me = ActionFactory(owner_person=person)
    given_to_my_work = ActionFactory(owner_organisation=organisation)
    ActionFactory(owner_organisation=only_member)
    ActionFactory(owner_person=PersonFactory())
    ActionFactory()

    assert set(actions_mine(person)) == {given_to_me, given_to_my_work}


def test_overdue_is_open_and_past_its_date(organisation):
    late = ActionFactory(due_on=days(-3), owner_organisation=organisation)
    later_still = ActionFactory(due_on=days(-10), plan=PlanFactory(organisation=organisation))
    ActionFactory(due_on=days(-3), status=S.DONE)
    ActionFactory(due_on=days(-3), status=S.COULD_NOT)
    ActionFactory(due_on=days(0))
    ActionFactory(due_on=None)
    elsewhere = ActionFactory(due_on=days(-1), status=S.IN_PROGRESS)

    assert list(actions_overdue()) == [later_still, late, elsewhere]
    assert list(actions_overdue(organisation=organisation)) == [later_still, late]
    assert late.is_overdue and not ActionFactory(due_on=days(-3), status=S.DONE).is_overdue


def test_my_actions_in_four_groups(person):
    overdue = ActionFactory(owner_person=person, due_on=days(-1))
    soon = ActionFactory(owner_person=person, due_on=days(14))
    later = ActionFactory(owner_person=person, due_on=days(15))
    undated = ActionFactory(owner_person=person)
    done = ActionFactory(owner_person=person, due_on=days(-5), status=S.DONE, completed_at=timezone.now())
    could_not = ActionFactory(owner_person=person, status=S.COULD_NOT)

    grouped = my_actions_grouped(person)

    assert grouped.overdue == [overdue]
    assert grouped.due_soon == [soon]
    assert grouped.later == [later, undated]
    assert grouped.finished == [done, could_not]
    assert not grouped.empty and my_actions_grouped(PersonFactory()).empty


def test_plans_list_counts_actions_by_status_and_filters_by_organisation(organisation):
    plan = PlanFactory(organisation=organisation)
    for status in (S.NOT_STARTED, S.NOT_STARTED, S.IN_PROGRESS, S.DONE):
        ActionFactory(plan=plan, status=status)
    ActionFactory(plan=plan, due_on=days(-2))
    empty = PlanFactory()

    listed = {p.pk: p for p in plans_list()}
    counts = status_counts(listed[plan.pk])
    assert counts == [
        (S.NOT_STARTED, "Not started", 3),
        (S.IN_PROGRESS, "In progress", 1),
        (S.DONE, "Done", 1),
        (S.COULD_NOT, "We couldn't", 0),
    ]
    assert listed[plan.pk].actions_total == 5 and listed[plan.pk].overdue_count == 1
    assert listed[empty.pk].actions_total == 0
    assert list(plans_list(organisation=organisation)) == [plan]


def test_came_from_a_link_a_removed_source_and_a_hidden_one(person, facilitator):
    source = PlanFactory(title="Round: carers’ café")
    plan = plan_create(actor=facilitator, title="Plan", source=source)
    assert came_from(PlanFactory(), person) is None

    shown = came_from(plan, person)
    assert shown is not None and shown.label == "Round: carers’ café" and shown.url == source.get_absolute_url()

    source.delete()
    plan.refresh_from_db()
    removed = came_from(plan, person)
    assert removed is not None and removed.removed and removed.label == "" and removed.kind == "plan"

    secret = ActionFactory(what="Something private")
    from_secret = plan_create(actor=facilitator, title="From a secret", source=secret)
    rules.add_perm("plans.view_action", rules.always_deny)
    try:
        hidden = came_from(from_secret, person)
    finally:
        rules.remove_perm("plans.view_action")
    assert hidden is not None and hidden.hidden and "private" not in hidden.label
