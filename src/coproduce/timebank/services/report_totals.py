"""Keeping the place report's stored totals (HoursGivenTotal) up to date. See selectors/report.py for why."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.timebank.models import Entry, HoursGivenCheckpoint, HoursGivenTotal
from coproduce.timebank.selectors.report import hours_given_grouped

# Entries are counted into the totals only once they are this old. Ids are handed out when a row is inserted, not
# when its transaction commits, so a moment ago a lower id might still have been uncommitted; no ledger
# transaction lasts anywhere near this long, so everything below the checkpoint really is there.
SETTLE_AFTER = timedelta(minutes=10)


def _checkpoint_locked() -> HoursGivenCheckpoint:
    found = HoursGivenCheckpoint.objects.select_for_update().order_by("pk").first()
    if found is None:
        HoursGivenCheckpoint.objects.create()
        found = HoursGivenCheckpoint.objects.select_for_update().order_by("pk").first()
    assert found is not None
    return found


def hours_given_roll_forward(*, settled_before: datetime | None = None) -> int:
    """Add the settled entries written since the checkpoint to the totals and move the checkpoint past them.

    Idempotent and safe to run at the same time as itself (the checkpoint row is locked) or as the report (which
    reads totals and checkpoint in one statement). Returns how many ledger entries the checkpoint moved past.
    """
    cutoff = settled_before or timezone.now() - SETTLE_AFTER
    with transaction.atomic():
        checkpoint = _checkpoint_locked()
        newest = (
            Entry.objects.filter(created_at__lt=cutoff)
            .order_by("-created_at", "-id")
            .values_list("pk", flat=True)
            .first()
        )
        if newest is None or newest <= checkpoint.entries_through_id:
            return 0
        moved = Entry.objects.filter(pk__gt=checkpoint.entries_through_id, pk__lte=newest).count()
        grouped = {
            (row["month"], row["category"], row["kind"]): row["minutes"]
            for row in hours_given_grouped(after=checkpoint.entries_through_id, through=newest)
        }
        if grouped:
            months = {month for month, _category, _kind in grouped}
            existing = {
                (row.month, row.category_id, row.member_kind): row
                for row in HoursGivenTotal.objects.select_for_update().filter(month__in=months)
            }
            changed = []
            for key, minutes in grouped.items():
                if key in existing:
                    existing[key].minutes += minutes
                    changed.append(existing[key])
            HoursGivenTotal.objects.bulk_update(changed, ["minutes"], batch_size=500)
            HoursGivenTotal.objects.bulk_create(
                [
                    HoursGivenTotal(month=month, category_id=category, member_kind=kind, minutes=minutes)
                    for (month, category, kind), minutes in grouped.items()
                    if (month, category, kind) not in existing
                ],
                batch_size=500,
            )
        checkpoint.entries_through_id = newest
        checkpoint.save(update_fields=["entries_through_id", "updated_at"])
    return moved
