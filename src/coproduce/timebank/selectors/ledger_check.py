"""The ledger's invariants, checked in SQL so the check stays fast with millions of entries."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Sum

from coproduce.timebank.models import Account, Entry, Transfer
from coproduce.timebank.services.ledger import entry_seal

_SEAL_BATCH = 5000


def ledger_problems() -> Iterator[str]:
    """Yield a sentence for every problem found; nothing when the ledger is sound."""
    unbalanced = (
        Entry.objects.values("transfer_id").annotate(total=Sum("minutes")).exclude(total=0).order_by("transfer_id")
    )
    for row in unbalanced.iterator():
        yield f"Transfer {row['transfer_id']} does not sum to zero: its entries add up to {row['total']} minutes."

    one_sided = Entry.objects.values("transfer_id").annotate(n=Count("id")).filter(n__lt=2).order_by("transfer_id")
    for row in one_sided.iterator():
        yield f"Transfer {row['transfer_id']} has only {row['n']} entry; every transfer needs two sides."
    empty = Transfer.objects.filter(entries__isnull=True).values_list("pk", flat=True).order_by("pk")
    for transfer_id in empty.iterator():
        yield f"Transfer {transfer_id} has no entries."

    sums = dict(Entry.objects.values_list("account_id").annotate(total=Sum("minutes")).order_by())
    for account_id, stored in Account.objects.values_list("pk", "balance_minutes").order_by("pk").iterator():
        actual = sums.get(account_id, 0)
        if stored != actual:
            yield f"Account {account_id} says its balance is {stored} minutes, but its entries add up to {actual}."

    total = Entry.objects.aggregate(total=Sum("minutes"))["total"] or 0
    if total != 0:
        yield f"The whole ledger adds up to {total} minutes instead of zero."

    entries = Entry.objects.select_related("transfer").only(
        "pk", "transfer_id", "account_id", "minutes", "seal", "transfer__idempotency_key"
    )
    for entry in entries.order_by("pk").iterator(chunk_size=_SEAL_BATCH):
        expected = entry_seal(
            transfer_id=entry.transfer_id,
            account_id=entry.account_id,
            minutes=entry.minutes,
            idempotency_key=entry.transfer.idempotency_key,
        )
        if entry.seal != expected:
            yield f"Entry {entry.pk} (transfer {entry.transfer_id}) has been changed since it was written."
