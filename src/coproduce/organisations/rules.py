"""Who may do what with organisations. Roles come from memberships; a place admin may do everything here."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import Person
from coproduce.people.rules import is_place_admin, is_signed_in


def _holds(user: Person, organisation: Organisation | None, roles: set[str]) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    memberships = Membership.objects.filter(person=user, role__in=roles)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.exists()


@rules.predicate
def is_org_admin(user: Person, organisation: Organisation | None) -> bool:
    return organisation is not None and _holds(user, organisation, {Role.ORG_ADMIN})


@rules.predicate
def is_org_admin_anywhere(user: Person) -> bool:
    return _holds(user, None, {Role.ORG_ADMIN})


@rules.predicate
def is_facilitator_of(user: Person, organisation: Organisation | None) -> bool:
    return organisation is not None and _holds(user, organisation, {Role.FACILITATOR, Role.ORG_ADMIN})


@rules.predicate
def is_facilitator_anywhere(user: Person) -> bool:
    return _holds(user, None, {Role.FACILITATOR, Role.ORG_ADMIN})


rules.add_perm("organisations.view_organisation", rules.always_allow)
rules.add_perm("organisations.add_organisation", is_place_admin)
rules.add_perm("organisations.change_organisation", is_place_admin | is_org_admin)
rules.add_perm("organisations.add_service", is_place_admin | is_org_admin)
rules.add_perm("organisations.manage_members", is_place_admin | is_org_admin)
rules.add_perm("organisations.view_members", is_signed_in)
# Who may invite someone to join the place (accounts uses this).
rules.add_perm("organisations.invite_people", is_place_admin | is_facilitator_anywhere)
