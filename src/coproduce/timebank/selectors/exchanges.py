"""Reads for exchanges: a person's own, one exchange's page, and those waiting for a facilitator."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from coproduce.organisations.roles import held_roles
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Exchange
from coproduce.timebank.selectors.board import ACTING_ROLES
from coproduce.timebank.services.exchanges import (
    GIVER,
    OPEN_STATUSES,
    exchange_side,
    other_side,
    proposing_side,
    side_account,
    side_confirmed,
    waiting_for_approval,
)

EXCHANGE_RELATED = (
    "giver__person",
    "giver__organisation",
    "giver__service__organisation",
    "receiver__person",
    "receiver__organisation",
    "receiver__service__organisation",
    "listing",
    "category",
    "brokered_by",
)


def acting_account_ids(person: Person) -> list[int]:
    """The accounts whose exchanges this person sees as theirs: their own, and their organisations' (and those
    organisations' services') where they are staff or an admin."""
    ids = {organisation for organisation, role in held_roles(person) if role in ACTING_ROLES}
    theirs = Q(person=person) | Q(organisation_id__in=ids) | Q(service__organisation_id__in=ids)
    return list(Account.objects.filter(theirs).values_list("pk", flat=True))


def exchanges_of(account_ids: list[int]) -> QuerySet[Exchange]:
    return (
        Exchange.objects.filter(Q(giver_id__in=account_ids) | Q(receiver_id__in=account_ids))
        .select_related(*EXCHANGE_RELATED)
        .order_by("-updated_at", "-id")
    )


def exchange_detail(exchange_id: int) -> Exchange:
    """Raises Exchange.DoesNotExist."""
    return Exchange.objects.select_related(*EXCHANGE_RELATED, "transfer__approved_by").get(pk=exchange_id)


def exchanges_waiting_for_approval(limit: int = 50) -> list[Exchange]:
    both_confirmed = Exchange.objects.filter(
        status=Exchange.Status.DONE,
        transfer__isnull=True,
        giver_confirmed_at__isnull=False,
        receiver_confirmed_at__isnull=False,
    )
    return list(both_confirmed.select_related(*EXCHANGE_RELATED).order_by("updated_at", "id")[:limit])


@dataclass(frozen=True)
class ExchangeRow:
    """One exchange as a particular person sees it: which side they are on and what happens next."""

    exchange: Exchange
    side: str | None
    other: Account
    next_step: str
    # The next step is theirs to take.
    for_you: bool

    @property
    def you_give(self) -> bool:
        return self.side == GIVER


def exchange_row(person: Person, exchange: Exchange) -> ExchangeRow:
    side = exchange_side(person, exchange)
    other = side_account(exchange, other_side(side or GIVER))
    step, for_you = _next_step(exchange, side)
    return ExchangeRow(exchange=exchange, side=side, other=other, next_step=step, for_you=for_you)


def _next_step(exchange: Exchange, side: str | None) -> tuple[str, bool]:
    """The codes the templates turn into words: what happens next, and whether it is up to this person."""
    status = exchange.status
    if status == Exchange.Status.PROPOSED:
        theirs = side is not None and side != proposing_side(exchange)
        return ("answer" if theirs else "wait_answer"), theirs
    if status == Exchange.Status.AGREED:
        return "record", side is not None
    if status == Exchange.Status.DONE:
        if waiting_for_approval(exchange):
            return "wait_approval", False
        if side is not None and not side_confirmed(exchange, side):
            return "confirm", True
        return "wait_confirm", False
    return "none", False


@dataclass(frozen=True)
class MyExchanges:
    open: list[ExchangeRow]
    finished: list[ExchangeRow]


# Finished exchanges shown on "My exchanges"; older ones are on the person's statement.
FINISHED_SHOWN = 20


def my_exchanges(person: Person) -> MyExchanges:
    """Two queries after the account ids, however many exchanges there are."""
    account_ids = acting_account_ids(person)
    if not account_ids:
        return MyExchanges(open=[], finished=[])
    mine = exchanges_of(account_ids)
    open_rows = [exchange_row(person, exchange) for exchange in mine.filter(status__in=OPEN_STATUSES)]
    open_rows.sort(key=lambda row: not row.for_you)
    finished = mine.exclude(status__in=OPEN_STATUSES)[:FINISHED_SHOWN]
    return MyExchanges(open=open_rows, finished=[exchange_row(person, exchange) for exchange in finished])
