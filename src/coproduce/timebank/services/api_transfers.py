"""Time recorded through the JSON API: "I received help from someone", which moves hours from the caller to them.

The API only ever records time in this direction. A caller can spend their own hours (within their limit) but can
never add hours to their own balance: that takes the other person, a broker or a facilitator, through the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, Transfer
from coproduce.timebank.services.accounts import account_for_person
from coproduce.timebank.services.ledger import IdempotencyConflictError, LedgerError, Leg, transfer_record

# Room for a UUID and then some, leaving space in the stored 80 characters for the caller's namespace.
CLIENT_KEY_MAX = 60
_CLIENT_KEY = re.compile(rf"^[\x21-\x7e]{{1,{CLIENT_KEY_MAX}}}$")


@dataclass(frozen=True)
class HelpReceived:
    transfer: Transfer
    # False when the same request was sent again and the first transfer is returned.
    created: bool
    # The caller's account, whose side of the transfer the API shows.
    account: Account


def client_key_valid(key: str) -> bool:
    return bool(_CLIENT_KEY.match(key))


def api_idempotency_key(*, person: Person, client_key: str) -> str:
    # Each caller has their own space of keys, so two programs that both start counting at "1" never collide and
    # no one can learn anything about another person's keys.
    return f"api-{person.pk}-{client_key}"


def help_received_record(
    *,
    receiver: Person,
    helper: Person,
    minutes: int,
    description: str,
    client_key: str,
    category: Category | None = None,
    occurred_on: date | None = None,
) -> HelpReceived:
    """Record that `receiver` was helped by `helper` for `minutes`: the receiver's hours go down, the helper's up.

    The same client key with the same request returns the first transfer (created=False); with a different request
    it raises IdempotencyConflictError. Limits raise BalanceLimitError, other refusals LedgerError.
    """
    if not client_key_valid(client_key):
        raise LedgerError(
            _("The Idempotency-Key must be 1 to %(n)s visible characters with no spaces, such as a UUID.")
            % {"n": CLIENT_KEY_MAX}
        )
    # Checked here, not only in the API's validation: a negative amount would run the other way and add hours.
    if minutes <= 0:
        raise LedgerError(_("Each amount must be more than zero minutes."))
    if helper.pk == receiver.pk:
        raise LedgerError(_("You cannot give time to yourself."))
    if not helper.is_active:
        raise LedgerError(_("%(name)s’s account is closed.") % {"name": helper.display_name})
    description = description.strip()
    if not description:
        raise LedgerError(_("Say what the help was, so you both recognise it on your statements."))
    key = api_idempotency_key(person=receiver, client_key=client_key)
    with transaction.atomic():
        # The same locks, in the same order, that transfer_record takes (finding the two accounts in the same
        # statement): a retry racing its original waits here and then finds it, so the caller is told truthfully
        # whether this request made the transfer.
        locked = _lock_accounts_of(receiver, helper)
        if len(locked) < 2:
            # Someone's first time in the timebank: open their account (a row no one else can be waiting on yet).
            account_for_person(receiver), account_for_person(helper)
            locked = _lock_accounts_of(receiver, helper)
        paying, earning = locked[receiver.pk], locked[helper.pk]
        legs = [Leg(account_id=paying.pk, minutes=-minutes), Leg(account_id=earning.pk, minutes=minutes)]
        existing = Transfer.objects.filter(idempotency_key=key).first()
        if existing is not None:
            if not _same_request(existing, legs, description, category, occurred_on):
                raise IdempotencyConflictError(
                    _("This Idempotency-Key was already used for a different transfer. Use a new key for new time.")
                )
            return HelpReceived(transfer=existing, created=False, account=paying)
        transfer = transfer_record(
            idempotency_key=key,
            legs=legs,
            kind=Transfer.Kind.DIRECT,
            description=description,
            recorded_by=receiver,
            occurred_on=occurred_on,
            category=category,
        )
    return HelpReceived(transfer=transfer, created=True, account=paying)


def _lock_accounts_of(*people: Person) -> dict[int | None, Account]:
    accounts = Account.objects.select_for_update().filter(kind=Account.Kind.PERSON, person__in=people).order_by("pk")
    return {account.person_id: account for account in accounts}


def _same_request(
    existing: Transfer, legs: list[Leg], description: str, category: Category | None, occurred_on: date | None
) -> bool:
    written = sorted((e.account_id, e.minutes) for e in existing.entries.all())
    return (
        written == sorted((leg.account_id, leg.minutes) for leg in legs)
        and existing.kind == Transfer.Kind.DIRECT
        and existing.description == description[:300]
        and existing.category_id == (category.pk if category is not None else None)
        # Left out, the date defaults to the day it was first sent; a retry the next morning is still the same.
        and (occurred_on is None or existing.occurred_on == occurred_on)
    )
