"""What the timebank adds to a person's download and to closing their account.

Closing keeps every transfer and balance: the ledger must stay whole and balanced, and the other side of each
exchange keeps their record of it. The person's name on those records is already anonymised by the people app
(their Person row becomes "Former member <id>"). What closing does here is stop the account being used: it is
marked closed (the ledger refuses transfers to or from it), their listings come off the board with their
descriptions cleared, and exchanges not yet counted are cancelled.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from coproduce.people.models import Person
from coproduce.timebank.models import Account, ApiToken, Entry, Exchange, Listing
from coproduce.timebank.services.exchanges import OPEN_STATUSES

EXPORT_COLUMNS = ("date", "description", "category", "minutes_in", "minutes_out", "other_side", "balance_after")
_BATCH = 1000


def timebank_close(person: Person) -> dict[str, Any]:
    """The "timebank" close step; runs inside the closing transaction."""
    now = timezone.now()
    # API keys stop working with the account; revoking them makes that plain in the record too.
    keys_revoked = ApiToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=now)
    account = Account.objects.filter(kind=Account.Kind.PERSON, person=person).first()
    if account is None:
        return {"account": "none", "api_keys_revoked": keys_revoked}
    Account.objects.filter(pk=account.pk, closed_at__isnull=True).update(closed_at=now)
    listings = Listing.objects.filter(account=account)
    listings_closed = listings.filter(is_open=True).count()
    # Their own words about what they offered or needed go; the title stays for the other side's exchanges.
    listings.update(is_open=False, description="")
    exchanges_cancelled = Exchange.objects.filter(
        Q(giver=account) | Q(receiver=account), status__in=OPEN_STATUSES, transfer__isnull=True
    ).update(status=Exchange.Status.CANCELLED, updated_at=now)
    return {
        "account": account.pk,
        "listings_closed": listings_closed,
        "exchanges_cancelled": exchanges_cancelled,
        "balance_minutes_kept": account.balance_minutes,
        "api_keys_revoked": keys_revoked,
    }


def _other_side(entry: Entry, legs: list[Entry]) -> str:
    others = [leg for leg in legs if (leg.minutes > 0) != (entry.minutes > 0)]
    if len(others) == 1:
        return str(others[0].account)
    return ngettext("%(n)s other", "%(n)s others", len(others)) % {"n": len(others)}


def timebank_section(person: Person) -> Iterator[dict[str, Any]]:
    """Every movement of their hours, oldest first, with the balance after each."""
    account = Account.objects.filter(kind=Account.Kind.PERSON, person=person).first()
    if account is None:
        return
    entries = Entry.objects.filter(account=account).select_related("transfer__category").order_by("pk").iterator(_BATCH)
    balance = 0
    while batch := list(islice(entries, _BATCH)):
        transfer_ids = [entry.transfer_id for entry in batch]
        legs: dict[int, list[Entry]] = {}
        other_legs = (
            Entry.objects.filter(transfer_id__in=transfer_ids)
            .exclude(account=account)
            .select_related("account__person", "account__organisation", "account__service__organisation")
        )
        for leg in other_legs:
            legs.setdefault(leg.transfer_id, []).append(leg)
        for entry in batch:
            balance += entry.minutes
            transfer = entry.transfer
            yield {
                "date": transfer.occurred_on,
                "description": transfer.description,
                "category": transfer.category.name if transfer.category else "",
                "minutes_in": entry.minutes if entry.minutes > 0 else 0,
                "minutes_out": -entry.minutes if entry.minutes < 0 else 0,
                "other_side": _other_side(entry, legs.get(entry.transfer_id, [])),
                "balance_after": balance,
            }


def timebank_count(person: Person) -> int:
    return Entry.objects.filter(account__kind=Account.Kind.PERSON, account__person=person).count()


def register() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "timebank.csv",
        timebank_section,
        description=gettext_lazy(
            "Your timebank hours: each time you gave or received time, gave to the community pot or were given "
            "hours from it, with the date, what it was for, the minutes in or out, who was on the other side, and "
            "your balance afterwards."
        ),
        columns=EXPORT_COLUMNS,
        count=timebank_count,
    )
    register_close_step("timebank", timebank_close)
