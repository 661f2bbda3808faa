"""The only code that moves hours.

Every movement is a Transfer with two or more Entries that sum to zero. The accounts touched are locked with
SELECT ... FOR UPDATE in id order (so two transfers over the same accounts can never deadlock), limits are checked
against the locked balances, the entries are written with a seal, and the stored balances are moved by the same
amounts, all in one transaction with its audit row. The idempotency key is checked after the locks are held, so a
retry racing its original waits for it and then finds it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, Entry, TimebankSettings, Transfer

# One account may earn at most this much in one transfer: larger figures are typing mistakes, not a day's help.
# Only earning legs are capped, so an organisation paying a large group (85 people × 2 hours) in one transfer
# is not mistaken for one person's week.
MAX_MINUTES_PER_LEG = 24 * 60 * 7


class LedgerError(ValueError):
    """A transfer that cannot be made; the message is written for the person who tried."""


class BalanceLimitError(LedgerError):
    def __init__(self, message: str, *, account: Account, new_balance: int, limit: int) -> None:
        super().__init__(message)
        self.account = account
        self.new_balance = new_balance
        self.limit = limit


class IdempotencyConflictError(LedgerError):
    """The key was already used for a different transfer."""


@dataclass(frozen=True)
class Leg:
    account_id: int
    minutes: int


def _ledger_key() -> bytes:
    return str(getattr(settings, "COPRODUCE_LEDGER_KEY", "") or settings.SECRET_KEY).encode()


def entry_seal(*, transfer_id: int, account_id: int, minutes: int, idempotency_key: str) -> str:
    message = f"{transfer_id}|{account_id}|{minutes}|{idempotency_key}".encode()
    return hmac.new(_ledger_key(), message, hashlib.sha256).hexdigest()


def timebank_settings() -> TimebankSettings:
    found = TimebankSettings.objects.order_by("pk").first()
    return found if found is not None else TimebankSettings.objects.create()


def account_limit(account: Account, place_limit: int) -> int:
    return account.min_balance_minutes if account.min_balance_minutes is not None else place_limit


def _normalise(legs: list[Leg]) -> list[Leg]:
    if len(legs) < 2:
        raise LedgerError(_("A transfer needs someone who gives time and someone who receives it."))
    if any(leg.minutes == 0 for leg in legs):
        raise LedgerError(_("Each amount must be more than zero minutes."))
    if any(leg.minutes > MAX_MINUTES_PER_LEG for leg in legs):
        raise LedgerError(_("That is more than a week of time in one go. Check the hours, or split it up."))
    if sum(leg.minutes for leg in legs) != 0:
        raise LedgerError(_("The time given and the time received must be the same."))
    counts = Counter(leg.account_id for leg in legs)
    if any(n > 1 for n in counts.values()):
        raise LedgerError(_("You cannot give time to yourself."))
    return sorted(legs, key=lambda leg: leg.account_id)


def _same_transfer(existing: Transfer, legs: list[Leg]) -> bool:
    written = sorted((e.account_id, e.minutes) for e in existing.entries.all())
    return written == sorted((leg.account_id, leg.minutes) for leg in legs)


# The order says which role best describes someone's part in the core economy when they hold several.
_ROLE_ORDER = ("uses_service", "carer", "volunteer", "staff", "facilitator", "org_admin")


def member_kinds(accounts: list[Account]) -> dict[int, str]:
    """The kind of member each account belongs to, for the place report (a snapshot: roles change). One query
    for all the people among them."""
    from coproduce.organisations.models import Membership

    person_ids = [a.person_id for a in accounts if a.kind == Account.Kind.PERSON and a.person_id is not None]
    roles: dict[int, set[str]] = {}
    for person_id, role in Membership.objects.filter(person_id__in=person_ids).values_list("person_id", "role"):
        roles.setdefault(person_id, set()).add(role)
    kinds: dict[int, str] = {}
    for account in accounts:
        if account.kind != Account.Kind.PERSON or account.person_id is None:
            kinds[account.pk] = str(account.kind)
            continue
        held = roles.get(account.person_id, set())
        kinds[account.pk] = next((role for role in _ROLE_ORDER if role in held), "member")
    return kinds


def member_kind(account: Account) -> str:
    return member_kinds([account])[account.pk]


def transfer_record(
    *,
    idempotency_key: str,
    legs: list[Leg],
    kind: str,
    description: str,
    recorded_by: Person | None,
    occurred_on: date | None = None,
    category: Category | None = None,
    approved_by: Person | None = None,
    reverses: Transfer | None = None,
) -> Transfer:
    """Move time between accounts. The same idempotency key with the same legs returns the first transfer."""
    if not idempotency_key or len(idempotency_key) > 80:
        raise LedgerError(_("This submission has no valid key; reload the page and try again."))
    legs = _normalise(legs)
    if approved_by is not None and not _may_approve(approved_by):
        raise LedgerError(_("Only a facilitator can allow an account to go below its limit."))
    with transaction.atomic():
        accounts = {
            a.pk: a
            for a in Account.objects.select_for_update().filter(pk__in=[leg.account_id for leg in legs]).order_by("pk")
        }
        existing = Transfer.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if not _same_transfer(existing, legs):
                raise IdempotencyConflictError(_("This key was already used for a different transfer."))
            return existing
        if len(accounts) != len(legs):
            raise LedgerError(_("One of those accounts does not exist."))
        place_limit = timebank_settings().min_balance_minutes
        for leg in legs:
            account = accounts[leg.account_id]
            if account.closed_at is not None:
                raise LedgerError(_("%(account)s’s account is closed.") % {"account": account})
            new_balance = account.balance_minutes + leg.minutes
            limit = account_limit(account, place_limit)
            if leg.minutes < 0 and new_balance < limit and (approved_by is None or account.kind == Account.Kind.POT):
                raise BalanceLimitError(
                    _("This would take %(account)s below %(limit)s. A facilitator needs to approve it.")
                    % {"account": account, "limit": minutes_as_text(limit)},
                    account=account,
                    new_balance=new_balance,
                    limit=limit,
                )
        try:
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    idempotency_key=idempotency_key,
                    kind=kind,
                    description=description[:300],
                    category=category,
                    occurred_on=occurred_on or timezone.localdate(),
                    recorded_by=recorded_by,
                    approved_by=approved_by,
                    reverses=reverses,
                )
        except IntegrityError as exc:
            # The same key used at the same moment for other accounts: not a retry of this transfer.
            raise IdempotencyConflictError(_("This key was already used for a different transfer.")) from exc
        kinds = member_kinds(list(accounts.values()))
        Entry.objects.bulk_create(
            [
                Entry(
                    transfer=transfer,
                    account_id=leg.account_id,
                    minutes=leg.minutes,
                    member_kind=kinds[leg.account_id],
                    seal=entry_seal(
                        transfer_id=transfer.pk,
                        account_id=leg.account_id,
                        minutes=leg.minutes,
                        idempotency_key=idempotency_key,
                    ),
                )
                for leg in legs
            ]
        )
        # One statement moves every balance: the rows are already locked, so this cannot race.
        Account.objects.filter(pk__in=[leg.account_id for leg in legs]).update(
            balance_minutes=F("balance_minutes")
            + Case(*[When(pk=leg.account_id, then=Value(leg.minutes)) for leg in legs], default=Value(0))
        )
        audit_record(
            actor=recorded_by,
            action="timebank.transfer",
            target=transfer,
            detail={"kind": kind, "legs": [[leg.account_id, leg.minutes] for leg in legs]},
        )
    return transfer


def transfer_reverse(*, transfer: Transfer, recorded_by: Person, reason: str) -> Transfer:
    """Put a mistake right with an equal and opposite transfer; the original stays in the ledger."""
    if transfer.kind == Transfer.Kind.REVERSAL:
        raise LedgerError(_("A correction cannot itself be corrected; record a new transfer instead."))
    if Transfer.objects.filter(reverses=transfer).exists():
        raise LedgerError(_("This transfer has already been corrected."))
    legs = [Leg(account_id=e.account_id, minutes=-e.minutes) for e in transfer.entries.all()]
    return transfer_record(
        idempotency_key=f"reverse-{transfer.pk}",
        legs=legs,
        kind=Transfer.Kind.REVERSAL,
        description=_("Correction: %(reason)s") % {"reason": reason},
        recorded_by=recorded_by,
        category=transfer.category,
        # A correction restores balances to where they were, so it may cross a limit without a new approval.
        approved_by=recorded_by if _may_approve(recorded_by) else None,
        reverses=transfer,
    )


def _may_approve(person: Person) -> bool:
    return bool(person.has_perm("timebank.approve_over_limit"))


def minutes_as_text(minutes: int) -> str:
    sign = "−" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        return f"{sign}{hours}h {rest:02d}m"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{rest}m"
