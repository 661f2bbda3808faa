"""The roles a person holds, read once per person object and shared by every rule and visibility check.

Rules are asked many times a page (the navigation alone asks several), so a person's memberships are read in one
query and kept on that person object. A request gets a fresh user object, so nothing outlives the request;
services that change memberships forget the cached roles of the person they change.
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.predicates import is_signed_in

_CACHE = "_coproduce_held_roles"
# Running things for an organisation: its facilitators and its admins.
FACILITATING = frozenset({Role.FACILITATOR, Role.ORG_ADMIN})


def held_roles(person: Any) -> frozenset[tuple[int, str]]:
    """(organisation id, role) for every membership the person holds."""
    if not getattr(person, "pk", None):
        return frozenset()
    cached: frozenset[tuple[int, str]] | None = person.__dict__.get(_CACHE)
    if cached is None:
        cached = frozenset(Membership.objects.filter(person_id=person.pk).values_list("organisation_id", "role"))
        person.__dict__[_CACHE] = cached
    return cached


def forget_held_roles(person: Any) -> None:
    person.__dict__.pop(_CACHE, None)


def holds(person: Any, roles: frozenset[str] | set[str], organisation: Organisation | int | None = None) -> bool:
    if not is_signed_in(person):
        return False
    organisation_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    return any(
        role in roles and (organisation_id is None or org == organisation_id) for org, role in held_roles(person)
    )


def organisation_ids(person: Any) -> frozenset[int]:
    return frozenset(org for org, _role in held_roles(person))


@rules.predicate
def is_org_admin(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and holds(user, {Role.ORG_ADMIN}, organisation)


@rules.predicate
def is_org_admin_anywhere(user: Any) -> bool:
    return holds(user, {Role.ORG_ADMIN})


@rules.predicate
def is_facilitator_of(user: Any, organisation: Organisation | None) -> bool:
    """Facilitates or administers this organisation."""
    return organisation is not None and holds(user, FACILITATING, organisation)


@rules.predicate
def is_facilitator_anywhere(user: Any) -> bool:
    """Facilitates or administers some organisation: may run things such as invitations, imports, assets."""
    return holds(user, FACILITATING)


@rules.predicate
def has_facilitator_role(user: Any) -> bool:
    """Holds the facilitator role itself. This, not administering, is who sees fields shared "with facilitators"
    and who may fill a profile in with someone: an organisation admin manages access, not people's stories."""
    return holds(user, {Role.FACILITATOR})


@rules.predicate
def facilitates_person(user: Any, person: Any) -> bool:
    """Facilitates or administers an organisation the person belongs to."""
    if person is None or not is_signed_in(user):
        return False
    theirs = organisation_ids(person)
    return any(role in FACILITATING and org in theirs for org, role in held_roles(user))
