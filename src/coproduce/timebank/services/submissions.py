"""Helpers for services that move hours from a form: a retried submission must count once and be audited once.

The ledger already returns the first transfer for a repeated idempotency key. A service that adds its own audit row
(or checks a balance first) locks the accounts itself, in the ledger's order (by id), before it looks for an earlier
transfer with the key; the ledger then takes the same locks again inside the same transaction, which costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Transfer


def accounts_lock(account_ids: Iterable[int]) -> dict[int, Account]:
    """Lock these accounts until the transaction ends, in id order so that no two transfers can deadlock."""
    assert transaction.get_connection().in_atomic_block, "accounts_lock must run inside transaction.atomic()"
    ids = sorted(set(account_ids))
    return {account.pk: account for account in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def transfer_with_key(idempotency_key: str) -> Transfer | None:
    return Transfer.objects.filter(idempotency_key=idempotency_key).first()


# How long a form's key is remembered for things the ledger does not hold (listings, answers): far longer than a
# double click or a resent page, and short enough that the look-up stays on the recent part of the audit log.
KEY_MEMORY = timedelta(days=1)


def audited_with_key(*, action: str, actor: Person, idempotency_key: str) -> AuditEntry | None:
    """The audit row of an earlier submission with this key, if there was one. Services that make rows outside the
    ledger write the form's key into their audit row's detail and look here first, under a row lock that the same
    submission sent twice must also wait for."""
    return (
        AuditEntry.objects.filter(
            action=action, actor=actor, at__gte=timezone.now() - KEY_MEMORY, detail__key=idempotency_key
        )
        .order_by("at", "pk")
        .first()
    )
