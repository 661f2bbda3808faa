"""Statements: an account's entries, newest first, each with the balance just after it.

The running balance is worked out by the database with a window function, SUM(minutes) OVER (ORDER BY id), over
the period's entries only, plus the balance the account had when the period began. A page of 50 therefore costs
the same few queries however long the account's history is, and nothing ever loops over all entries in Python.

Entries are listed and filtered by the day they were recorded, as a bank statement lists payments by the day they
went through: that is the order the balance moved in. The day the help happened, when different, is shown too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, overload

from django.db.models import Count, F, Min, Q, QuerySet, Sum, Window
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.timebank.models import Account, Entry, Transfer
from coproduce.timebank.services.ledger import minutes_as_text

PAGE_SIZE = 50
# What the window query returns for each entry: id, transfer id, minutes, when recorded, running sum.
Row = tuple[int, int, int, datetime, int]
# Rows fetched together when a whole period is written out (CSV, PDF): bounded memory, few queries per row.
BATCH_SIZE = 500


@dataclass(frozen=True)
class Period:
    """From and to, both days included; either may be open."""

    start: date | None = None
    end: date | None = None

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The first moment of the start day and of the day after the end, in the place's time zone."""
        tz = timezone.get_current_timezone()
        after = datetime.combine(self.start, time.min, tzinfo=tz) if self.start else None
        before = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz) if self.end else None
        return after, before


@dataclass(frozen=True)
class StatementSummary:
    account: Account
    period: Period
    opening_minutes: int
    closing_minutes: int
    in_minutes: int
    out_minutes: int  # a positive number: time spent
    count: int

    @property
    def opening_text(self) -> str:
        return minutes_as_text(self.opening_minutes)

    @property
    def closing_text(self) -> str:
        return minutes_as_text(self.closing_minutes)

    @property
    def in_text(self) -> str:
        return minutes_as_text(self.in_minutes)

    @property
    def out_text(self) -> str:
        return minutes_as_text(self.out_minutes)

    @property
    def balance_text(self) -> str:
        return minutes_as_text(self.account.balance_minutes)


@dataclass(frozen=True)
class StatementLine:
    entry_id: int
    recorded_on: date
    occurred_on: date
    description: str
    category: str
    other_side: str
    minutes: int
    balance_after: int

    @property
    def in_text(self) -> str:
        return minutes_as_text(self.minutes) if self.minutes > 0 else ""

    @property
    def out_text(self) -> str:
        return minutes_as_text(-self.minutes) if self.minutes < 0 else ""

    @property
    def balance_text(self) -> str:
        return minutes_as_text(self.balance_after)

    @property
    def happened_another_day(self) -> bool:
        return self.occurred_on != self.recorded_on


def account_label(account: Account) -> str:
    """What an account is called on a statement. Load person, organisation and service__organisation with it."""
    return str(account)


def _names(account_ids: set[int]) -> dict[int, str]:
    """Accounts' names as account_label gives them, read as plain values in one query."""
    pot = str(_("Community pot"))
    rows = Account.objects.filter(pk__in=account_ids).values_list(
        "pk", "kind", "person__preferred_name", "organisation__name", "service__name", "service__organisation__name"
    )
    names = {}
    for pk, kind, person, organisation, service, service_organisation in rows:
        if kind == Account.Kind.PERSON:
            names[pk] = person or ""
        elif kind == Account.Kind.ORGANISATION:
            names[pk] = organisation or ""
        elif kind == Account.Kind.SERVICE:
            names[pk] = f"{service} ({service_organisation})"
        else:
            names[pk] = pot
    return names


def _account_entries(account: Account) -> QuerySet[Entry]:
    return Entry.objects.filter(account_id=account.pk)


def statement_summary(account: Account, period: Period) -> StatementSummary:
    """The period's opening and closing balances, time in and out, and how many entries: one query."""
    if account.pk is None:
        return StatementSummary(account, period, 0, 0, 0, 0, 0)
    after, before = period.bounds()
    entries = _account_entries(account)
    if before is not None:
        entries = entries.filter(created_at__lt=before)
    in_period = Q(created_at__gte=after) if after is not None else Q()
    aggregates: dict[str, Any] = {
        "taken_in": Sum("minutes", filter=in_period & Q(minutes__gt=0)),
        "taken_out": Sum("minutes", filter=in_period & Q(minutes__lt=0)),
        "count": Count("id", filter=in_period) if after is not None else Count("id"),
    }
    if after is not None:
        aggregates["opening"] = Sum("minutes", filter=Q(created_at__lt=after))
    totals = entries.aggregate(**aggregates)
    opening = totals.get("opening") or 0
    taken_in = totals["taken_in"] or 0
    taken_out = -(totals["taken_out"] or 0)
    return StatementSummary(
        account=account,
        period=period,
        opening_minutes=opening,
        closing_minutes=opening + taken_in - taken_out,
        in_minutes=taken_in,
        out_minutes=taken_out,
        count=totals["count"] or 0,
    )


def _period_entries(summary: StatementSummary) -> QuerySet[Any, Row]:
    """The period's entries, newest first, each with `running`: the balance just after it."""
    after, before = summary.period.bounds()
    entries = _account_entries(summary.account)
    if after is not None:
        entries = entries.filter(created_at__gte=after)
    if before is not None:
        entries = entries.filter(created_at__lt=before)
    # Only the entry table is read here, so the window runs over narrow rows; the transfers are fetched for the
    # page alone afterwards.
    return (
        entries.annotate(running=Window(Sum("minutes"), order_by=F("id").asc()))
        .values_list("id", "transfer_id", "minutes", "created_at", "running")
        .order_by("-id")
    )


def _other_sides(transfer_ids: list[int], account_id: int) -> dict[tuple[int, bool], str]:
    """Who was on the other side of each transfer, by transfer and by which way this account's time went: the
    accounts whose minutes went the opposite way. A name, or "12 people" for a group activity. Two queries."""
    others = (
        Entry.objects.filter(transfer_id__in=transfer_ids)
        .exclude(account_id=account_id)
        .values("transfer_id")
        .annotate(
            **{
                f"{side}_{what}": aggregate
                for side, way in (("gave", Q(minutes__gt=0)), ("got", Q(minutes__lt=0)))
                for what, aggregate in (
                    ("n", Count("id", filter=way)),
                    ("people", Count("id", filter=way & Q(account__kind=Account.Kind.PERSON))),
                    ("first", Min("account_id", filter=way)),
                )
            }
        )
        .order_by()
    )
    rows = list(others)
    single = {row[f"{side}_first"] for row in rows for side in ("gave", "got") if row[f"{side}_n"] == 1}
    names = _names(single)
    labels: dict[tuple[int, bool], str] = {}
    for row in rows:
        # This account earned (True): the other side is who received the time, and the other way round.
        for earned, side in ((True, "got"), (False, "gave")):
            n, people = row[f"{side}_n"], row[f"{side}_people"]
            if n == 1:
                label = names.get(row[f"{side}_first"], "")
            elif n and people == n:
                label = ngettext("%(n)s person", "%(n)s people", n) % {"n": n}
            elif n:
                label = ngettext("%(n)s other", "%(n)s others", n) % {"n": n}
            else:
                label = ""
            labels[(row["transfer_id"], earned)] = label
    return labels


def _lines(summary: StatementSummary, rows: list[Row]) -> list[StatementLine]:
    """Turn a batch of window rows into statement lines: two queries for the batch's transfers and other sides."""
    if not rows:
        return []
    transfer_ids = sorted({row[1] for row in rows})
    # Plain tuples rather than model instances: a long download builds thousands of lines.
    transfers = {
        row[0]: row[1:]
        for row in Transfer.objects.filter(pk__in=transfer_ids).values_list(
            "pk", "description", "occurred_on", "category__name"
        )
    }
    others = _other_sides(transfer_ids, summary.account.pk)
    lines = []
    for entry_id, transfer_id, minutes, created_at, running in rows:
        description, occurred_on, category = transfers[transfer_id]
        lines.append(
            StatementLine(
                entry_id=entry_id,
                recorded_on=timezone.localdate(created_at),
                occurred_on=occurred_on,
                description=description,
                category=category or "",
                other_side=others.get((transfer_id, minutes > 0), ""),
                minutes=minutes,
                balance_after=summary.opening_minutes + running,
            )
        )
    return lines


class StatementLines:
    """The period's lines as a sequence a Paginator can slice: counting is free, a slice is three queries."""

    def __init__(self, summary: StatementSummary) -> None:
        self.summary = summary

    def count(self) -> int:
        return self.summary.count

    def __len__(self) -> int:
        return self.summary.count

    @overload
    def __getitem__(self, index: int) -> StatementLine: ...

    @overload
    def __getitem__(self, index: slice) -> list[StatementLine]: ...

    def __getitem__(self, index: int | slice) -> StatementLine | list[StatementLine]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        if self.summary.account.pk is None:
            return []
        return _lines(self.summary, list(_period_entries(self.summary)[index]))


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def statement_lines_all(summary: StatementSummary) -> Iterator[StatementLine]:
    """Every line of the period, newest first, fetched in batches: for the CSV and PDF downloads."""
    if summary.account.pk is None:
        return
    # One window query read through a cursor in chunks, so memory stays flat however long the period is.
    rows = _period_entries(summary).iterator(chunk_size=BATCH_SIZE)
    for batch in _batches(rows, BATCH_SIZE):
        yield from _lines(summary, batch)
