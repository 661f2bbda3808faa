"""Background work for the place report. Idempotent and safe to retry."""

from __future__ import annotations

from django_tasks import task


@task()
def hours_given_roll_forward() -> int:
    """Count settled ledger entries into the report's stored totals (see services/report_totals.py)."""
    from coproduce.timebank.services.report_totals import hours_given_roll_forward as roll_forward

    return roll_forward()
