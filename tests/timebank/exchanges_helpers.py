"""Shared set-up for the board, exchange, broker, group and pot tests."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.utils import timezone

from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, Exchange, Listing
from coproduce.timebank.selectors.ledger_check import ledger_problems
from coproduce.timebank.services.accounts import account_for_person
from coproduce.timebank.services.board import listing_create
from coproduce.timebank.services.exchanges import exchange_accept, exchange_propose
from coproduce.timebank.services.ledger import Leg, transfer_record


def key() -> str:
    return uuid.uuid4().hex


def category(name: str = "Gardening") -> Category:
    # The starting categories come with the timebank's migrations.
    return Category.objects.get(name=name)


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def listing_for(
    person: Person,
    *,
    kind: str = Listing.Kind.REQUEST,
    title: str = "Help with my garden",
    account: Account | None = None,
    category_name: str = "Gardening",
    neighbourhood=None,
) -> Listing:
    return listing_create(
        actor=person,
        account=account or account_for_person(person),
        kind=kind,
        title=title,
        description="",
        category=category(category_name),
        neighbourhood=neighbourhood,
        idempotency_key=key(),
    )


def proposed(asker: Person, helper: Person, *, kind: str = Listing.Kind.REQUEST) -> Exchange:
    """`asker` lists; `helper` answers. For a request the helper gives the time; for an offer, the lister does."""
    listing = listing_for(asker, kind=kind)
    return exchange_propose(
        actor=helper, listing=listing, account=account_for_person(helper), description="", idempotency_key=key()
    )


def agreed(asker: Person, helper: Person, *, kind: str = Listing.Kind.REQUEST) -> Exchange:
    exchange = proposed(asker, helper, kind=kind)
    return exchange_accept(actor=asker, exchange=exchange)


def give(giver: Account, receiver: Account, minutes: int) -> None:
    transfer_record(
        idempotency_key=key(),
        legs=[Leg(giver.pk, minutes), Leg(receiver.pk, -minutes)],
        kind="direct",
        description="Set-up",
        recorded_by=None,
    )


def balance(person_or_account: Person | Account) -> int:
    account = person_or_account if isinstance(person_or_account, Account) else account_for_person(person_or_account)
    account.refresh_from_db()
    return int(account.balance_minutes)


def assert_ledger_clean() -> None:
    assert list(ledger_problems()) == []
