"""Building ledger history for the statement and report tests, through the real ledger service."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock

from django.utils import timezone

from coproduce.timebank.models import Account, Category, Transfer
from coproduce.timebank.services.ledger import Leg, transfer_record

_keys = itertools.count(1)


@contextmanager
def recorded_on(day: date, hour: int = 12) -> Iterator[None]:
    """Everything written inside is recorded on that day (entries' created_at, and the default occurred_on)."""
    moment = datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def unlimited(account: Account) -> Account:
    """Let an account go as low as a test needs (an organisation paying out many hours)."""
    account.min_balance_minutes = -(10**9)
    account.save(update_fields=["min_balance_minutes"])
    return account


def give(
    giver: Account,
    receiver: Account,
    minutes: int,
    *,
    kind: str = Transfer.Kind.EXCHANGE,
    description: str = "Help with the garden",
    category: Category | None = None,
    occurred_on: date | None = None,
) -> Transfer:
    """The giver gives time and earns the minutes; the receiver spends them."""
    return transfer_record(
        idempotency_key=f"test-{next(_keys)}",
        legs=[Leg(giver.pk, minutes), Leg(receiver.pk, -minutes)],
        kind=kind,
        description=description,
        recorded_by=None,
        category=category,
        occurred_on=occurred_on,
    )


def group_activity(
    organiser: Account, people: list[Account], minutes: int, *, category: Category | None = None
) -> Transfer:
    """An organisation credits each person with the same time (12 people × 2 hours at the garden)."""
    return transfer_record(
        idempotency_key=f"test-{next(_keys)}",
        legs=[Leg(organiser.pk, -minutes * len(people)), *[Leg(p.pk, minutes) for p in people]],
        kind=Transfer.Kind.GROUP,
        description="Community garden day",
        recorded_by=None,
        category=category,
    )
