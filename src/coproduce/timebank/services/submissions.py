"""Helpers for services that move hours from a form: a retried submission must count once and be audited once.

The ledger already returns the first transfer for a repeated idempotency key. A service that adds its own audit row
(or checks a balance first) locks the accounts itself, in the ledger's order (by id), before it looks for an earlier
transfer with the key; the ledger then takes the same locks again inside the same transaction, which costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from coproduce.timebank.models import Account, Transfer


def accounts_lock(account_ids: Iterable[int]) -> dict[int, Account]:
    """Lock these accounts until the transaction ends, in id order so that no two transfers can deadlock."""
    assert transaction.get_connection().in_atomic_block, "accounts_lock must run inside transaction.atomic()"
    ids = sorted(set(account_ids))
    return {account.pk: account for account in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def transfer_with_key(idempotency_key: str) -> Transfer | None:
    return Transfer.objects.filter(idempotency_key=idempotency_key).first()
