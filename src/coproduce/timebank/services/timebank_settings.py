"""Changing the place's timebank settings."""

from __future__ import annotations

from django.db import transaction

from coproduce.core.services import audit_record
from coproduce.people.models import Person
from coproduce.timebank.models import TimebankSettings
from coproduce.timebank.services.ledger import timebank_settings


def timebank_settings_update(
    *, actor: Person, min_balance_minutes: int, value_pence_per_hour: int | None
) -> TimebankSettings:
    """Set the lowest balance allowed without approval and the rate behind the report's estimate."""
    with transaction.atomic():
        found = TimebankSettings.objects.select_for_update().get(pk=timebank_settings().pk)
        before = {"min_balance_minutes": found.min_balance_minutes, "value_pence_per_hour": found.value_pence_per_hour}
        found.min_balance_minutes = min_balance_minutes
        found.value_pence_per_hour = value_pence_per_hour
        found.save()
        after = {"min_balance_minutes": min_balance_minutes, "value_pence_per_hour": value_pence_per_hour}
        audit_record(
            actor=actor,
            action="timebank.settings_update",
            target=found,
            detail={"before": before, "after": after},
        )
    return found
