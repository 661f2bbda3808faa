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


# Who sees an organisation's (or its services') hours: the people who work there.
_WORKS_THERE = frozenset({Role.STAFF, Role.ORG_ADMIN, Role.FACILITATOR})


@rules.predicate
def may_see_account(user: object, account: object) -> bool:
    """Your own account; an organisation's (or one of its services') if you work there; the pot for everyone."""
    from coproduce.timebank.models import Account

    if not isinstance(account, Account) or not is_signed_in(user):
        return False
    if account.kind == Account.Kind.POT:
        return True
    if account.kind == Account.Kind.PERSON:
        return account.person_id == getattr(user, "pk", None)
    if account.kind == Account.Kind.ORGANISATION:
        organisation_id = account.organisation_id
    else:
        organisation_id = account.service.organisation_id if account.service is not None else None
    return organisation_id is not None and holds(user, _WORKS_THERE, organisation_id)


@rules.predicate
def owns_api_token(user: object, token: object) -> bool:
    from coproduce.timebank.models import ApiToken

    return isinstance(token, ApiToken) and token.person_id == getattr(user, "pk", None)


rules.add_perm("timebank.view_account", may_see_account)
# API keys act as their person, so only that person may see or revoke them.
rules.add_perm("timebank.revoke_api_token", is_signed_in & owns_api_token)


# Statements: an account's own people see it (may_see_account), and place admins see any organisation's or
# service's, since they answer for the whole timebank.
@rules.predicate
def is_not_a_persons_account(user: object, account: object) -> bool:
    from coproduce.timebank.models import Account

    return isinstance(account, Account) and account.kind != Account.Kind.PERSON


# A person's hours are theirs: running the installation does not open them to a place admin.
rules.add_perm("timebank.view_statement", (is_place_admin & is_not_a_persons_account) | may_see_account)
# The place report shows no one's own hours, only totals, so anyone who runs things may read it.
rules.add_perm("timebank.view_report", is_place_admin | is_facilitator_anywhere)
rules.add_perm("timebank.change_settings", is_place_admin)


# Acting for an account on the board and in exchanges (listing, answering, agreeing, confirming): your own account,
# or an organisation's or one of its services' when you are its staff or one of its admins.
_ACTS_FOR_ORGANISATION = frozenset({Role.STAFF, Role.ORG_ADMIN})


@rules.predicate
def acts_for_account(user: object, account: object) -> bool:
    from coproduce.timebank.models import Account

    if not isinstance(account, Account) or not is_signed_in(user):
        return False
    if account.kind == Account.Kind.PERSON:
        return account.person_id == getattr(user, "pk", None)
    if account.kind == Account.Kind.ORGANISATION:
        return holds(user, _ACTS_FOR_ORGANISATION, account.organisation_id)
    if account.kind == Account.Kind.SERVICE and account.service is not None:
        return holds(user, _ACTS_FOR_ORGANISATION, account.service.organisation_id)
    return False


rules.add_perm("timebank.act_for_account", acts_for_account)
