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
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, TimebankSettings, Transfer

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
    """Move time between accounts. The same idempotency key with the same legs returns the first transfer.

    Four plain SQL statements (lock, insert the transfer, insert the entries, move the balances), then the audit
    row and the commit, rather than the ORM's query building: this runs for every hour anyone records, and building
    the queries cost more CPU than running them (bench/timebank_transfers.py measures it; tests/timebank/
    test_ledger_statements.py pins down what the ORM used to guarantee).
    """
    if not idempotency_key or len(idempotency_key) > 80:
        raise LedgerError(_("This submission has no valid key; reload the page and try again."))
    legs = _normalise(legs)
    if approved_by is not None and not _may_approve(approved_by):
        raise LedgerError(_("Only a facilitator can allow an account to go below its limit."))
    ids = [leg.account_id for leg in legs]
    ops = connection.ops
    now = timezone.now()
    occurred = occurred_on or timezone.localdate()
    description = description[:300]
    with transaction.atomic(), connection.cursor() as cursor:
        # The accounts, locked in id order, with the place's limit and each person's roles read in the same
        # statement (the settings are read afresh in every transfer, so a changed limit counts at once).
        cursor.execute(_lock_sql(len(ids)), [*_ROLE_ORDER, *ids])
        locked = {row[0]: _Locked(*row[1:]) for row in cursor.fetchall()}
        # The idempotency check and the insert in one: after the locks, so a retry racing its original has waited
        # for it and now finds its key taken. Nothing else may fail this insert (see _insert_transfer).
        transfer_id = _insert_transfer(
            cursor,
            [
                idempotency_key,
                kind,
                description,
                category.pk if category is not None else None,
                ops.adapt_datefield_value(occurred),
                recorded_by.pk if recorded_by is not None else None,
                approved_by.pk if approved_by is not None else None,
                reverses.pk if reverses is not None else None,
                ops.adapt_datetimefield_value(now),
            ],
            reverses,
        )
        if transfer_id is None:
            existing = Transfer.objects.get(idempotency_key=idempotency_key)
            if not _same_transfer(existing, legs):
                raise IdempotencyConflictError(_("This key was already used for a different transfer."))
            return existing
        # Every refusal below rolls the transaction back, the transfer row with it: nothing is written.
        if len(locked) != len(legs):
            raise LedgerError(_("One of those accounts does not exist."))
        place_limit = next(iter(locked.values())).place_limit
        if place_limit is None:  # no settings row yet: make it, with the default limit
            place_limit = timebank_settings().min_balance_minutes
        for leg in legs:
            _refuse_if_not_allowed(leg, locked[leg.account_id], place_limit, approved_by)
        entry_values: list[Any] = []
        for leg in legs:
            seal = entry_seal(
                transfer_id=transfer_id, account_id=leg.account_id, minutes=leg.minutes, idempotency_key=idempotency_key
            )
            member = locked[leg.account_id].member_kind()
            entry_values += [transfer_id, leg.account_id, leg.minutes, member, seal, ops.adapt_datetimefield_value(now)]
        cursor.execute(_ENTRIES_SQL + ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(legs)), entry_values)
        # One statement moves every balance: the rows are already locked, so this cannot race.
        cursor.execute(
            _BALANCES_SQL.format(whens=" ".join(["WHEN %s THEN %s"] * len(legs)), ids=", ".join(["%s"] * len(legs))),
            [*(value for leg in legs for value in (leg.account_id, leg.minutes)), *ids],
        )
        transfer = Transfer(
            pk=transfer_id,
            idempotency_key=idempotency_key,
            kind=kind,
            description=description,
            category=category,
            occurred_on=occurred,
            recorded_by=recorded_by,
            approved_by=approved_by,
            reverses=reverses,
            created_at=now,
        )
        transfer._state.adding = False
        transfer._state.db = connection.alias
        audit_record(
            actor=recorded_by,
            action="timebank.transfer",
            target=transfer,
            detail={"kind": kind, "legs": [[leg.account_id, leg.minutes] for leg in legs]},
        )
    return transfer


@dataclass(frozen=True)
class _Locked:
    """An account as the lock statement reads it."""

    kind: str
    balance_minutes: int
    min_balance_minutes: int | None
    closed_at: object
    place_limit: int | None
    # The position in _ROLE_ORDER of the person's most telling role; None when they hold none.
    role_rank: int | None

    def member_kind(self) -> str:
        if self.kind != Account.Kind.PERSON:
            return str(self.kind)
        return _ROLE_ORDER[self.role_rank] if self.role_rank is not None else "member"


# Only placeholders are ever put into these: the values always travel as parameters.
_ENTRIES_SQL = (
    'INSERT INTO "timebank_entry" ("transfer_id", "account_id", "minutes", "member_kind", "seal", "created_at") VALUES '
)
_BALANCES_SQL = (
    'UPDATE "timebank_account" SET "balance_minutes" = "balance_minutes" + CASE "id" {whens} END WHERE "id" IN ({ids})'
)
_LOCK_SQL = (
    'SELECT a."id", a."kind", a."balance_minutes", a."min_balance_minutes", a."closed_at", '
    '(SELECT s."min_balance_minutes" FROM "timebank_timebanksettings" s ORDER BY s."id" LIMIT 1), '
    '(SELECT MIN(CASE m."role" {ranks} END) FROM "organisations_membership" m WHERE m."person_id" = a."person_id") '
    'FROM "timebank_account" a WHERE a."id" IN ({ids}) ORDER BY a."id"{lock}'
)


def _lock_sql(count: int) -> str:
    """SELECT ... FOR UPDATE of the accounts in id order, with the place's limit and the rank of each person's most
    telling role, ranked as member_kinds() ranks them, from the same _ROLE_ORDER (passed as parameters)."""
    return _LOCK_SQL.format(
        ranks=" ".join(f"WHEN %s THEN {n}" for n in range(len(_ROLE_ORDER))),
        ids=", ".join(["%s"] * count),
        # SQLite has no row locks (and needs none: it lets one writer in at a time).
        lock=" FOR UPDATE" if connection.features.has_select_for_update else "",
    )


def _insert_transfer(cursor: CursorWrapper, values: list[Any], reverses: Transfer | None) -> int | None:
    """Insert the transfer row; None when its idempotency key is already taken (nothing is inserted then)."""
    try:
        cursor.execute(
            'INSERT INTO "timebank_transfer" ("idempotency_key", "kind", "description", "category_id", '
            '"occurred_on", "recorded_by_id", "approved_by_id", "reverses_id", "created_at") '
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
            'ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "id"',
            values,
        )
    except IntegrityError as exc:
        # The only other unique column: a second correction of the same transfer under another key. The error
        # leaves transfer_record's atomic block, which rolls everything back.
        if reverses is not None:
            raise LedgerError(_("This transfer has already been corrected.")) from exc
        raise
    row = cursor.fetchone()
    return int(row[0]) if row is not None else None


def _refuse_if_not_allowed(leg: Leg, locked: _Locked, place_limit: int, approved_by: Person | None) -> None:
    if locked.closed_at is not None:
        account = Account.objects.select_related("person", "organisation", "service").get(pk=leg.account_id)
        raise LedgerError(_("%(account)s’s account is closed.") % {"account": account})
    new_balance = locked.balance_minutes + leg.minutes
    limit = locked.min_balance_minutes if locked.min_balance_minutes is not None else place_limit
    if leg.minutes < 0 and new_balance < limit and (approved_by is None or locked.kind == Account.Kind.POT):
        # The rare path: the whole account, for the message the person reads and for the caller.
        account = Account.objects.select_related("person", "organisation", "service").get(pk=leg.account_id)
        raise BalanceLimitError(
            _("This would take %(account)s below %(limit)s. A facilitator needs to approve it.")
            % {"account": account, "limit": minutes_as_text(limit)},
            account=account,
            new_balance=new_balance,
            limit=limit,
        )


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
