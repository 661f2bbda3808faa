"""Reads for the community pot's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from coproduce.timebank.models import Account, Entry, Transfer

RECENT_GRANTS = 10


@dataclass(frozen=True)
class PotPage:
    balance_minutes: int
    # The receiving side of each recent grant: its transfer (what, when) and whose account.
    recent_grants: list[Entry]
    given_minutes: int


def pot_page(pot: Account) -> PotPage:
    grants = (
        Entry.objects.filter(transfer__kind=Transfer.Kind.GRANT, minutes__gt=0)
        .select_related("transfer__category", "account__person")
        .order_by("-transfer__created_at", "-id")[:RECENT_GRANTS]
    )
    given = Entry.objects.filter(account=pot, transfer__kind=Transfer.Kind.DONATION).aggregate(total=Sum("minutes"))
    return PotPage(balance_minutes=pot.balance_minutes, recent_grants=list(grants), given_minutes=given["total"] or 0)
