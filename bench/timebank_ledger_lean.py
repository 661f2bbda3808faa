"""An experiment, not the product: transfer_record with fewer round trips, to measure what the suggestions buy.

bench/timebank_transfers.py runs this beside the real services/ledger.transfer_record when given --lean. It keeps
the same checks, the same rows (transfer, sealed entries, balances, audit row) and the same locking order; what
changes is only how many statements it takes to get there (about 7 instead of about 15 for two legs):

1. the accounts are locked and the place's limit read in one statement (a subquery in the FOR UPDATE);
2. the transfer is inserted with INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, which is the
   idempotency check and the insert in one, and needs no savepoint; only a retry reads the first transfer back;
3. member_kind reads every person leg's roles in one query, by person_id (the real one loads each Person row
   first, then their memberships: four queries for two legs);
4. the balances move in one UPDATE … CASE instead of one per leg.

Limits and closed accounts are checked after the insert; a refusal rolls the whole transaction back, so nothing is
written, exactly as before.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, Entry, TimebankSettings, Transfer
from coproduce.timebank.services.ledger import (
    BalanceLimitError,
    IdempotencyConflictError,
    LedgerError,
    Leg,
    _may_approve,
    _normalise,
    _same_transfer,
    account_limit,
    entry_seal,
    minutes_as_text,
)

_ORDER = ("uses_service", "carer", "volunteer", "staff", "facilitator", "org_admin")


def _member_kinds(accounts: dict[int, Account]) -> dict[int, str]:
    from coproduce.organisations.models import Membership

    people = {a.person_id: a.pk for a in accounts.values() if a.kind == Account.Kind.PERSON}
    roles: dict[int, set[str]] = {pk: set() for pk in people}
    for person_id, role in Membership.objects.filter(person_id__in=people).values_list("person_id", "role"):
        roles[person_id].add(role)
    kinds = {pk: str(a.kind) for pk, a in accounts.items() if a.kind != Account.Kind.PERSON}
    for person_id, account_id in people.items():
        kinds[account_id] = next((r for r in _ORDER if r in roles[person_id]), "member")
    return kinds


def transfer_record_lean(
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
    if not idempotency_key or len(idempotency_key) > 80:
        raise LedgerError(_("This submission has no valid key; reload the page and try again."))
    legs = _normalise(legs)
    if approved_by is not None and not _may_approve(approved_by):
        raise LedgerError(_("Only a facilitator can allow an account to go below its limit."))
    with transaction.atomic():
        place_limit = Subquery(TimebankSettings.objects.order_by("pk").values("min_balance_minutes")[:1])
        accounts = {
            a.pk: a
            for a in Account.objects.select_for_update(of=("self",))
            .filter(pk__in=[leg.account_id for leg in legs])
            .annotate(place_limit=place_limit)
            .order_by("pk")
        }
        with connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO "timebank_transfer" ("idempotency_key", "kind", "description", "category_id", '
                '"occurred_on", "recorded_by_id", "approved_by_id", "reverses_id", "created_at") '
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                'ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "id"',
                [
                    idempotency_key,
                    kind,
                    description[:300],
                    category.pk if category else None,
                    occurred_on or timezone.localdate(),
                    recorded_by.pk if recorded_by else None,
                    approved_by.pk if approved_by else None,
                    reverses.pk if reverses else None,
                    timezone.now(),
                ],
            )
            row = cursor.fetchone()
        if row is None:
            existing = Transfer.objects.get(idempotency_key=idempotency_key)
            if not _same_transfer(existing, legs):
                raise IdempotencyConflictError(_("This key was already used for a different transfer."))
            return existing
        transfer_id = row[0]
        if len(accounts) != len(legs):
            raise LedgerError(_("One of those accounts does not exist."))
        for leg in legs:
            account = accounts[leg.account_id]
            if account.closed_at is not None:
                raise LedgerError(_("%(account)s’s account is closed.") % {"account": account})
            new_balance = account.balance_minutes + leg.minutes
            limit = account_limit(account, account.place_limit)  # type: ignore[attr-defined]
            if leg.minutes < 0 and new_balance < limit and (approved_by is None or account.kind == Account.Kind.POT):
                raise BalanceLimitError(
                    _("This would take %(account)s below %(limit)s. A facilitator needs to approve it.")
                    % {"account": account, "limit": minutes_as_text(limit)},
                    account=account,
                    new_balance=new_balance,
                    limit=limit,
                )
        kinds = _member_kinds(accounts)
        Entry.objects.bulk_create(
            [
                Entry(
                    transfer_id=transfer_id,
                    account_id=leg.account_id,
                    minutes=leg.minutes,
                    member_kind=kinds[leg.account_id],
                    seal=entry_seal(
                        transfer_id=transfer_id,
                        account_id=leg.account_id,
                        minutes=leg.minutes,
                        idempotency_key=idempotency_key,
                    ),
                )
                for leg in legs
            ]
        )
        Account.objects.filter(pk__in=[leg.account_id for leg in legs]).update(
            balance_minutes=F("balance_minutes")
            + Case(
                *[When(pk=leg.account_id, then=Value(leg.minutes)) for leg in legs],
                output_field=IntegerField(),
            )
        )
        transfer = Transfer(
            pk=transfer_id,
            idempotency_key=idempotency_key,
            kind=kind,
            description=description[:300],
            category=category,
            occurred_on=occurred_on or timezone.localdate(),
            recorded_by=recorded_by,
            approved_by=approved_by,
            reverses=reverses,
        )
        transfer._state.adding = False
        audit_record(
            actor=recorded_by,
            action="timebank.transfer",
            target=transfer,
            detail={"kind": kind, "legs": [[leg.account_id, leg.minutes] for leg in legs]},
        )
    return transfer


def transfer_record_raw(
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
    """The same seven statements as transfer_record_lean, written as SQL: what is left once Django's query
    compiler is out of the hot path (the audit row still goes through audit_record)."""
    if not idempotency_key or len(idempotency_key) > 80:
        raise LedgerError(_("This submission has no valid key; reload the page and try again."))
    legs = _normalise(legs)
    if approved_by is not None and not _may_approve(approved_by):
        raise LedgerError(_("Only a facilitator can allow an account to go below its limit."))
    ids = [leg.account_id for leg in legs]
    occurred = occurred_on or timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            'SELECT a."id", a."kind", a."person_id", a."balance_minutes", a."min_balance_minutes", a."closed_at", '
            '(SELECT s."min_balance_minutes" FROM "timebank_timebanksettings" s ORDER BY s."id" LIMIT 1) '
            'FROM "timebank_account" a WHERE a."id" = ANY(%s) ORDER BY a."id" FOR UPDATE OF a',
            [ids],
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        cursor.execute(
            'INSERT INTO "timebank_transfer" ("idempotency_key", "kind", "description", "category_id", '
            '"occurred_on", "recorded_by_id", "approved_by_id", "reverses_id", "created_at") '
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
            'ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "id"',
            [
                idempotency_key,
                kind,
                description[:300],
                category.pk if category else None,
                occurred,
                recorded_by.pk if recorded_by else None,
                approved_by.pk if approved_by else None,
                reverses.pk if reverses else None,
                timezone.now(),
            ],
        )
        inserted = cursor.fetchone()
        if inserted is None:
            existing = Transfer.objects.get(idempotency_key=idempotency_key)
            if not _same_transfer(existing, legs):
                raise IdempotencyConflictError(_("This key was already used for a different transfer."))
            return existing
        transfer_id = inserted[0]
        if len(rows) != len(legs):
            raise LedgerError(_("One of those accounts does not exist."))
        for leg in legs:
            _id, account_kind, _person, balance, own_limit, closed_at, place_limit = rows[leg.account_id]
            if closed_at is not None or (
                leg.minutes < 0
                and balance + leg.minutes < (own_limit if own_limit is not None else place_limit)
                and (approved_by is None or account_kind == Account.Kind.POT)
            ):
                # The rare path: load the account properly for the message the person reads.
                account = Account.objects.get(pk=leg.account_id)
                if closed_at is not None:
                    raise LedgerError(_("%(account)s’s account is closed.") % {"account": account})
                limit = own_limit if own_limit is not None else place_limit
                raise BalanceLimitError(
                    _("This would take %(account)s below %(limit)s. A facilitator needs to approve it.")
                    % {"account": account, "limit": minutes_as_text(limit)},
                    account=account,
                    new_balance=balance + leg.minutes,
                    limit=limit,
                )
        people = {row[2]: row[0] for row in rows.values() if row[1] == Account.Kind.PERSON}
        roles: dict[int, set[str]] = {account_id: set() for account_id in people.values()}
        if people:
            cursor.execute(
                'SELECT "person_id", "role" FROM "organisations_membership" WHERE "person_id" = ANY(%s)',
                [list(people)],
            )
            for person_id, role in cursor.fetchall():
                roles[people[person_id]].add(role)
        kinds = [
            next((r for r in _ORDER if r in roles[leg.account_id]), "member")
            if leg.account_id in roles
            else str(rows[leg.account_id][1])
            for leg in legs
        ]
        seals = [
            entry_seal(
                transfer_id=transfer_id,
                account_id=leg.account_id,
                minutes=leg.minutes,
                idempotency_key=idempotency_key,
            )
            for leg in legs
        ]
        minutes = [leg.minutes for leg in legs]
        cursor.execute(
            'INSERT INTO "timebank_entry" ("transfer_id", "account_id", "minutes", "member_kind", "seal", '
            '"created_at") SELECT %s, v.a, v.m, v.k, v.s, %s '
            "FROM unnest(%s::bigint[], %s::integer[], %s::text[], %s::text[]) AS v(a, m, k, s)",
            [transfer_id, timezone.now(), ids, minutes, kinds, seals],
        )
        cursor.execute(
            'UPDATE "timebank_account" a SET "balance_minutes" = a."balance_minutes" + v.m '
            'FROM unnest(%s::bigint[], %s::integer[]) AS v(a, m) WHERE a."id" = v.a',
            [ids, minutes],
        )
        transfer = Transfer(
            pk=transfer_id,
            idempotency_key=idempotency_key,
            kind=kind,
            description=description[:300],
            category=category,
            occurred_on=occurred,
            recorded_by=recorded_by,
            approved_by=approved_by,
            reverses=reverses,
        )
        transfer._state.adding = False
        audit_record(
            actor=recorded_by,
            action="timebank.transfer",
            target=transfer,
            detail={"kind": kind, "legs": [[leg.account_id, leg.minutes] for leg in legs]},
        )
    return transfer
