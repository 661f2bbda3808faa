"""The place report: hours given by month, by category and by kind of member, added up in SQL.

What counts as an hour given. Time given shows in the ledger as the positive entry of an exchange, a group
activity or hours given directly. Gifts to the community pot and grants from it are not counted: they move hours
someone already earned, and counting them would count the same hour twice. Corrections are counted, so the report
is net of them: a correction's entries are the exact negatives of the original's, so the entry that takes back a
giver's hours (negative, on the giver's account) is added too, in the month and category of the original. A
mistaken hour and its correction therefore cancel out, in the same month, wherever the correction was recorded.

Speed. Adding up a million entries (joined to their transfers) on every view would take seconds, so completed
totals live in HoursGivenTotal, kept up to a checkpoint in the ledger by services/report_totals.py. The ledger is
append-only, so entries below the checkpoint can never change; the report adds the totals to a live sum of the few
entries written since. Both are GROUP BY queries; Python only adds up their (at most a few thousand) result rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, DateField, F, Min, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.timebank.models import Category, Entry, HoursGivenCheckpoint, HoursGivenTotal, Transfer
from coproduce.timebank.services.ledger import minutes_as_text, timebank_settings

MONTHS = 12
# Time given, as opposed to hours moved to or from the pot.
GIVING_KINDS = (Transfer.Kind.EXCHANGE, Transfer.Kind.GROUP, Transfer.Kind.DIRECT)

# Entry.member_kind values, in plain words.
MEMBER_KINDS = {
    "uses_service": gettext_lazy("People who use services"),
    "carer": gettext_lazy("Carers and families"),
    "volunteer": gettext_lazy("Volunteers"),
    "staff": gettext_lazy("Staff"),
    "facilitator": gettext_lazy("Facilitators"),
    "org_admin": gettext_lazy("Organisation admins"),
    "member": gettext_lazy("Other members of the place"),
    "organisation": gettext_lazy("Organisations"),
    "service": gettext_lazy("Services"),
    "pot": gettext_lazy("The community pot"),
}

Key = tuple[date, int | None, str]


def hours_given_grouped(
    *, after: int, through: int | None = None, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    """(month, category, kind, minutes, n) for the hours given in the ledger entries with ids after `after` (up to
    `through`): a correction in its original's month (it carries its original's category already)."""
    entries = Entry.objects.filter(pk__gt=after)
    if through is not None:
        entries = entries.filter(pk__lte=through)
    # The query starts from the transfers, bounded below by the first one these entries belong to. Every transfer
    # with an entry here has at least that id, so the bound changes nothing in the result, but it lets the
    # database read just the newest transfers by their index instead of the whole table.
    # "+ 0" keeps PostgreSQL from answering MIN by walking the whole transfer_id index in order (it cannot know
    # that new entries belong to new transfers); the few entries are found by their own ids instead.
    first = entries.aggregate(first=Min(F("transfer_id") + 0))["first"]
    if first is None:
        return []
    in_range = Q(entries__pk__gt=after) & (Q(entries__pk__lte=through) if through is not None else Q())
    # Time given, and (net of corrections) the entries of a correction that take time given back.
    given = Q(entries__minutes__gt=0, kind__in=GIVING_KINDS)
    taken_back = Q(entries__minutes__lt=0, kind=Transfer.Kind.REVERSAL, reverses__kind__in=GIVING_KINDS)
    month = TruncMonth(
        Coalesce("reverses__occurred_on", "occurred_on", output_field=DateField()), output_field=DateField()
    )
    # One filter() call, so every condition is about the same entry (Django joins a multi-valued relation once
    # per call), and the annotations below reuse that join.
    grouped = Transfer.objects.filter(Q(pk__gte=first) & in_range & (given | taken_back)).annotate(
        month=month, category_ref=F("category_id"), kind_ref=F("entries__member_kind")
    )
    if since is not None:
        grouped = grouped.filter(month__gte=since)
    if until is not None:
        grouped = grouped.filter(month__lte=until)
    return [
        {
            "month": row["month"],
            "category": row["category_ref"],
            "kind": row["kind_ref"],
            "minutes": row["minutes"],
            "n": row["n"],
        }
        for row in grouped.values("month", "category_ref", "kind_ref")
        .annotate(minutes=Sum("entries__minutes"), n=Count("entries__id"))
        .order_by()
    ]


def _month_starts(today: date) -> list[date]:
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - MONTHS + 1, index + 1)]


def _share_text(minutes: int, total: int) -> str:
    if total <= 0 or minutes <= 0:
        return "0%"
    share = minutes * 100 / total
    if share < 0.5:
        return _("less than 1%")
    return f"{round(share)}%"


@dataclass(frozen=True)
class ReportRow:
    label: str
    minutes: int
    total: int
    key: str = ""

    @property
    def hours_text(self) -> str:
        return minutes_as_text(self.minutes)

    @property
    def share_text(self) -> str:
        return _share_text(self.minutes, self.total)


@dataclass(frozen=True)
class MonthRow:
    month: date
    minutes: int

    @property
    def hours_text(self) -> str:
        return minutes_as_text(self.minutes)


@dataclass
class PlaceReport:
    start: date
    end: date
    months: list[MonthRow]
    categories: list[ReportRow]
    kinds: list[ReportRow]
    total_minutes: int
    value_pence_per_hour: int | None
    # How many entries were added up live rather than read from the totals; the view rolls the totals forward when
    # this grows.
    live_entries: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def total_text(self) -> str:
        return minutes_as_text(self.total_minutes)

    @property
    def value_pence(self) -> int | None:
        if self.value_pence_per_hour is None:
            return None
        return round(self.total_minutes * self.value_pence_per_hour / 60)

    @property
    def value_text(self) -> str:
        return pounds_text(self.value_pence, whole=True) if self.value_pence is not None else ""

    @property
    def rate_text(self) -> str:
        return pounds_text(self.value_pence_per_hour) if self.value_pence_per_hour is not None else ""

    @property
    def uses_service_sentence(self) -> str:
        """How much of the core economy the place now sees: the share given by people who use services."""
        if self.total_minutes <= 0:
            return ""
        minutes = next((row.minutes for row in self.kinds if row.key == "uses_service"), 0)
        return _("People who use services gave %(share)s of the hours.") % {
            "share": _share_text(minutes, self.total_minutes)
        }


def pounds_text(pence: int | None, *, whole: bool = False) -> str:
    if pence is None:
        return ""
    if whole:
        return f"£{round(pence / 100):,}"
    pounds, rest = divmod(pence, 100)
    return f"£{pounds:,}" if rest == 0 else f"£{pounds:,}.{rest:02d}"


def _totals_and_checkpoint(since: date, until: date) -> tuple[dict[Key, int], int]:
    """The stored totals since a month and the checkpoint they reach, read in one statement so they agree."""
    through = Subquery(HoursGivenCheckpoint.objects.order_by("pk").values("entries_through_id")[:1])
    rows = (
        HoursGivenTotal.objects.filter(month__gte=since, month__lte=until)
        .values("month", "category_id", "member_kind")
        .annotate(total=Sum("minutes"), through=through)
        .order_by()
    )
    totals: dict[Key, int] = {}
    reached = None
    for row in rows:
        totals[(row["month"], row["category_id"], row["member_kind"])] = row["total"]
        reached = row["through"]
    if reached is None:
        # No totals in the period: then whatever the checkpoint says now, nothing below it falls in the period
        # twice, because the live sum starts from it.
        reached = HoursGivenCheckpoint.objects.order_by("pk").values_list("entries_through_id", flat=True).first()
    return totals, reached or 0


def place_report(*, today: date | None = None) -> PlaceReport:
    """Hours given in the last twelve months (this month included), by month, by category, by kind of member."""
    months = _month_starts(today or timezone.localdate())
    since = months[0]
    totals, through = _totals_and_checkpoint(since, months[-1])
    live = hours_given_grouped(after=through, since=since, until=months[-1])
    combined: dict[Key, int] = defaultdict(int, totals)
    live_entries = 0
    for row in live:
        combined[(row["month"], row["category"], row["kind"])] += row["minutes"]
        live_entries += row["n"]

    by_month: dict[date, int] = defaultdict(int)
    by_category: dict[int | None, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    for (month, category_id, kind), minutes in combined.items():
        by_month[month] += minutes
        by_category[category_id] += minutes
        by_kind[kind] += minutes
    total = sum(by_month.values())

    names = dict(Category.objects.values_list("pk", "name"))
    categories = [
        ReportRow(label=names.get(pk, _("No category")) if pk else _("No category"), minutes=m, total=total)
        for pk, m in by_category.items()
        if m
    ]
    kinds = [
        ReportRow(label=str(MEMBER_KINDS.get(kind, _("Other"))), minutes=m, total=total, key=kind)
        for kind, m in by_kind.items()
        if m
    ]
    end_index = months[-1].year * 12 + months[-1].month
    end = date(end_index // 12, end_index % 12 + 1, 1)
    return PlaceReport(
        start=since,
        end=date.fromordinal(end.toordinal() - 1),
        months=[MonthRow(month=m, minutes=by_month.get(m, 0)) for m in months],
        categories=sorted(categories, key=lambda r: (-r.minutes, r.label)),
        kinds=sorted(kinds, key=lambda r: (-r.minutes, r.label)),
        total_minutes=total,
        value_pence_per_hour=timebank_settings().value_pence_per_hour,
        live_entries=live_entries,
    )
