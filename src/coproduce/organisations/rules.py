"""Who may do what with organisations. Roles come from memberships; a place admin may do everything here."""

from __future__ import annotations

import rules

from coproduce.organisations.roles import (
    is_facilitator_anywhere,
    is_facilitator_of,
    is_org_admin,
    is_org_admin_anywhere,
)
from coproduce.people.predicates import is_place_admin, is_signed_in

__all__ = ["is_facilitator_anywhere", "is_facilitator_of", "is_org_admin", "is_org_admin_anywhere"]


rules.add_perm("organisations.view_organisation", rules.always_allow)
rules.add_perm("organisations.add_organisation", is_place_admin)
rules.add_perm("organisations.change_organisation", is_place_admin | is_org_admin)
rules.add_perm("organisations.add_service", is_place_admin | is_org_admin)
rules.add_perm("organisations.manage_members", is_place_admin | is_org_admin)
rules.add_perm("organisations.view_members", is_signed_in)
# Who may invite someone to join the place (accounts uses this).
rules.add_perm("organisations.invite_people", is_place_admin | is_facilitator_anywhere)
