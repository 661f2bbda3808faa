"""Who may do what with sign-in settings and invitations.

Inviting people at all is `organisations.invite_people` (in organisations/rules.py); these add the finer checks
on which organisation and role an invitation may carry.
"""

from __future__ import annotations

import rules

from coproduce.organisations.roles import is_facilitator_anywhere, is_facilitator_of, is_org_admin
from coproduce.people.predicates import is_place_admin, is_signed_in

# Two-step sign-in and passwords belong to the person themselves.
rules.add_perm("accounts.manage_own_sign_in", is_signed_in)
rules.add_perm("accounts.view_sent_invitations", is_place_admin | is_facilitator_anywhere)
# The object is the organisation the invitation offers a role in.
rules.add_perm("accounts.invite_to_organisation", is_place_admin | is_facilitator_of)
# Making someone an organisation admin gives them power over other people's access, so it takes the same
# permission as managing that organisation's members directly.
rules.add_perm("accounts.invite_org_admin", is_place_admin | is_org_admin)
# Clearing someone's second factor lets whoever holds their password in, so only place admins may.
rules.add_perm("accounts.reset_two_factor", is_place_admin)
