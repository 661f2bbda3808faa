from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.db.models import QuerySet

from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.organisations.models import Membership, Organisation
    from coproduce.people.models import CommunityAsset


@rules.predicate
def is_place_admin(user: Person) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_place_admin)


@rules.predicate
def is_signed_in(user: Person) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


rules.add_perm("people.change_own_preferences", is_signed_in)


# Pioneers, consent recorded for someone, and importing people. The facilitator checks query Membership here
# rather than importing organisations.rules, which imports this module.
_FACILITATING_ROLES = ("facilitator", "org_admin")


def _memberships_of(user: Person) -> QuerySet[Membership]:
    from coproduce.organisations.models import Membership

    return Membership.objects.filter(person=user)


@rules.predicate
def facilitates_anywhere(user: Person) -> bool:
    return bool(is_signed_in(user) and _memberships_of(user).filter(role__in=_FACILITATING_ROLES).exists())


@rules.predicate
def facilitates_organisation(user: Person, organisation: Organisation | None) -> bool:
    return bool(
        organisation is not None
        and is_signed_in(user)
        and _memberships_of(user).filter(organisation=organisation, role__in=_FACILITATING_ROLES).exists()
    )


@rules.predicate
def is_org_admin_of(user: Person, organisation: Organisation | None) -> bool:
    return bool(
        organisation is not None
        and is_signed_in(user)
        and _memberships_of(user).filter(organisation=organisation, role="org_admin").exists()
    )


@rules.predicate
def facilitates_person(user: Person, person: Person | None) -> bool:
    """The user facilitates (or administers) an organisation the person belongs to."""
    return bool(
        person is not None
        and is_signed_in(user)
        and _memberships_of(user)
        .filter(role__in=_FACILITATING_ROLES, organisation__memberships__person=person)
        .exists()
    )


@rules.predicate
def is_someone_else(user: Person, person: Person | None) -> bool:
    return person is not None and person.pk != user.pk


rules.add_perm("people.nominate_pioneer", is_signed_in)
rules.add_perm("people.view_pioneers", is_place_admin | facilitates_anywhere)
rules.add_perm("people.manage_own_data", is_signed_in)
# The object is the person: their facilitator may record a consent they gave on paper or in person.
rules.add_perm("people.record_consent_for", is_someone_else & (is_place_admin | facilitates_person))
rules.add_perm("people.import_people", is_place_admin | facilitates_anywhere)
# The object is the organisation the imported people join.
rules.add_perm("people.import_people_into", is_place_admin | facilitates_organisation)
# Making someone an organisation admin gives them power over other people's access.
rules.add_perm("people.import_org_admins", is_place_admin | is_org_admin_of)


# Profiles and the shared list of tags. "Facilitator" here is the facilitator role itself, the same test
# visibility.viewer_scope uses, so whoever may fill in a profile is also who sees fields shared with facilitators.
@rules.predicate
def is_facilitator(user: Person) -> bool:
    return bool(is_signed_in(user) and _memberships_of(user).filter(role="facilitator").exists())


@rules.predicate
def is_active_person(user: Person, person: Person | None) -> bool:
    return person is not None and person.is_active


rules.add_perm("people.view_profile", is_signed_in)
rules.add_perm("people.change_own_profile", is_signed_in)
# The object is the person whose profile the facilitator fills in with them.
rules.add_perm("people.fill_in_profile", is_someone_else & is_active_person & is_facilitator)
rules.add_perm("people.curate_tags", is_place_admin | is_facilitator)


# "Who can help?" and community assets. Assets are public information (a group's time, place and contact), so
# anyone may read them. Facilitators, organisation admins and place admins add them; an asset that belongs to an
# organisation is changed by that organisation's facilitators and admins or by whoever added it, so one
# organisation cannot rewrite another's; an asset that belongs to none, by any of them.
@rules.predicate
def may_change_community_asset(user: Person, asset: CommunityAsset | None) -> bool:
    if asset is None or not facilitates_anywhere(user):
        return False
    if asset.organisation_id is None or asset.added_by_id == user.pk:
        return True
    return bool(facilitates_organisation(user, asset.organisation))


rules.add_perm("people.search_people", is_signed_in)
rules.add_perm("people.view_community_asset", rules.always_allow)
rules.add_perm("people.add_community_asset", is_place_admin | facilitates_anywhere)
rules.add_perm("people.change_community_asset", is_place_admin | may_change_community_asset)
