"""Who may see, make and change plans, and who may say how an action is going."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from coproduce.organisations.models import Role
from coproduce.people.services.closing import person_close
from tests.factories import ActionFactory, MembershipFactory, OrganisationFactory, PersonFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_sees_plans_and_visitors_do_not(person):
    assert person.has_perm("plans.view_plan")
    assert not AnonymousUser().has_perm("plans.view_plan")


def test_making_a_plan_is_for_place_admins_facilitators_and_org_admins(person, facilitator, org_admin, place_admin):
    staff = MembershipFactory(role=Role.STAFF).person
    assert place_admin.has_perm("plans.create_plan")
    assert facilitator.has_perm("plans.create_plan")
    assert org_admin.has_perm("plans.create_plan")
    assert not person.has_perm("plans.create_plan")
    assert not staff.has_perm("plans.create_plan")


def test_changing_a_plan(person, facilitator, org_admin, place_admin, organisation):
    creator = PersonFactory()
    plan = PlanFactory(created_by=creator, organisation=organisation)
    other_facilitator = MembershipFactory(role=Role.FACILITATOR, organisation=OrganisationFactory()).person
    staff = MembershipFactory(role=Role.STAFF, organisation=organisation).person

    for allowed in (creator, facilitator, org_admin, place_admin):
        assert allowed.has_perm("plans.change_plan", plan), allowed
    for refused in (person, other_facilitator, staff):
        assert not refused.has_perm("plans.change_plan", plan), refused
    # A plan for no organisation: only its maker and place admins.
    loose = PlanFactory(created_by=creator)
    assert creator.has_perm("plans.change_plan", loose) and place_admin.has_perm("plans.change_plan", loose)
    assert not facilitator.has_perm("plans.change_plan", loose)


def test_a_closed_account_changes_nothing(facilitator):
    plan = PlanFactory(created_by=facilitator)
    person_close(person=facilitator)
    facilitator.refresh_from_db()
    assert not facilitator.has_perm("plans.change_plan", plan)


def test_posting_an_update(person, organisation):
    owner = PersonFactory()
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).person
    uses_service = MembershipFactory(organisation=organisation, role=Role.USES_SERVICE).person
    creator = PersonFactory()
    action = ActionFactory(plan=PlanFactory(created_by=creator), owner_person=owner, owner_organisation=organisation)

    for allowed in (owner, staff, creator):
        assert allowed.has_perm("plans.post_update", action), allowed
    for refused in (person, member, uses_service):
        assert not refused.has_perm("plans.post_update", action), refused
    assert not staff.has_perm("plans.change_plan", action.plan)
    assert not AnonymousUser().has_perm("plans.post_update", action)


def test_the_overdue_list_is_for_people_who_run_things(person, facilitator, org_admin, place_admin):
    for allowed in (facilitator, org_admin, place_admin):
        assert allowed.has_perm("plans.view_overdue")
    assert not person.has_perm("plans.view_overdue")
