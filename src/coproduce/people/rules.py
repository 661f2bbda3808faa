from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from coproduce.organisations.roles import (
    facilitates_person,
    has_facilitator_role,
    is_facilitator_anywhere,
    is_facilitator_of,
    is_org_admin,
)
from coproduce.people.models import Person
from coproduce.people.predicates import is_place_admin, is_signed_in

if TYPE_CHECKING:
    from coproduce.people.models import CommunityAsset


rules.add_perm("people.change_own_preferences", is_signed_in)


@rules.predicate
def is_someone_else(user: Person, person: Person | None) -> bool:
    return person is not None and person.pk != user.pk


rules.add_perm("people.nominate_pioneer", is_signed_in)
rules.add_perm("people.view_pioneers", is_place_admin | is_facilitator_anywhere)
# The facilitating page gathers what facilitators, organisation admins and place admins look after.
rules.add_perm("people.facilitate", is_place_admin | is_facilitator_anywhere | has_facilitator_role)
rules.add_perm("people.manage_own_data", is_signed_in)
# The object is the person: their facilitator may record a consent they gave on paper or in person.
rules.add_perm("people.record_consent_for", is_someone_else & (is_place_admin | facilitates_person))
rules.add_perm("people.import_people", is_place_admin | is_facilitator_anywhere)
# The object is the organisation the imported people join.
rules.add_perm("people.import_people_into", is_place_admin | is_facilitator_of)
# Making someone an organisation admin gives them power over other people's access.
rules.add_perm("people.import_org_admins", is_place_admin | is_org_admin)


# Profiles and the shared list of tags. "Facilitator" here is the facilitator role itself, the same test
# visibility.viewer_scope uses, so whoever may fill in a profile is also who sees fields shared with facilitators.
@rules.predicate
def is_active_person(user: Person, person: Person | None) -> bool:
    return person is not None and person.is_active


rules.add_perm("people.view_profile", is_signed_in)
rules.add_perm("people.change_own_profile", is_signed_in)
# The object is the person whose profile the facilitator fills in with them.
rules.add_perm("people.fill_in_profile", is_someone_else & is_active_person & has_facilitator_role)
rules.add_perm("people.curate_tags", is_place_admin | has_facilitator_role)


# "Who can help?" and community assets. Assets are public information (a group's time, place and contact), so
# anyone may read them. Facilitators, organisation admins and place admins add them; an asset that belongs to an
# organisation is changed by that organisation's facilitators and admins or by whoever added it, so one
# organisation cannot rewrite another's; an asset that belongs to none, by any of them.
@rules.predicate
def may_change_community_asset(user: Person, asset: CommunityAsset | None) -> bool:
    if asset is None or not is_facilitator_anywhere(user):
        return False
    if asset.organisation_id is None or asset.added_by_id == user.pk:
        return True
    return bool(is_facilitator_of(user, asset.organisation))


rules.add_perm("people.search_people", is_signed_in)
rules.add_perm("people.view_community_asset", rules.always_allow)
rules.add_perm("people.add_community_asset", is_place_admin | is_facilitator_anywhere)
rules.add_perm("people.change_community_asset", is_place_admin | may_change_community_asset)
