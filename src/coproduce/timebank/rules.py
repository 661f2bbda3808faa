"""Who may do what in the timebank."""

from __future__ import annotations

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.roles import has_facilitator_role, holds, is_facilitator_anywhere
from coproduce.people.predicates import is_place_admin, is_signed_in

# Letting an account go below the place's limit, granting from the community pot and correcting transfers are
# facilitators' decisions.
rules.add_perm("timebank.approve_over_limit", is_place_admin | has_facilitator_role)
rules.add_perm("timebank.grant_from_pot", is_place_admin | has_facilitator_role)
rules.add_perm("timebank.correct_transfer", is_place_admin | has_facilitator_role)


@rules.predicate
def is_time_broker(user: object) -> bool:
    return holds(user, {Role.TIME_BROKER})


rules.add_perm("timebank.use", is_signed_in)
# A broker records exchanges on behalf of members who do not use computers.
rules.add_perm("timebank.broker", is_place_admin | is_time_broker | has_facilitator_role)
rules.add_perm("timebank.record_group_activity", is_place_admin | is_facilitator_anywhere)
