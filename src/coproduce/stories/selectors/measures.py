"""Published measures of how services listen, as Care Opinion shows them: stories told, the share with a response, the
share of responses reporting a change planned or made, and the median time to respond.

What is counted. Published stories the viewer may read (visibility.stories_published_to: a withdrawn story is in no
one's measures), by the month each was published, over the last twelve months including this one. A story's time
to respond runs from its publication to its first response; everything about a month is about the stories published
in it, so a month's figures settle as its stories are answered. For one service, only the stories naming it and that
service's own responses count.

How. Added up in SQL, in three queries whatever the numbers: the stories by month, their responses by month, and the
median. PostgreSQL works out medians itself (percentile_cont); other databases (SQLite on a laptop) send the times
of the answered stories (one column pair each, at most a year's) and Python takes their medians.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.organisations.models import Service
from coproduce.stories.models import Response, Story
from coproduce.stories.visibility import stories_published_to

MONTHS = 12
CHANGES = (Response.Change.PLANNED, Response.Change.MADE)


class Median(Aggregate):
    """PostgreSQL's continuous median: NULLs (unanswered stories) are left out, as they should be."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def share_text(part: int, whole: int) -> str:
    if whole <= 0:
        return "–"
    share = part * 100 / whole
    if 0 < share < 0.5:
        return _("less than 1%")
    return f"{round(share)}%"


def duration_text(delay: timedelta | None) -> str:
    """A time to respond in the unit people would say it in."""
    if delay is None:
        return "–"
    hours = delay.total_seconds() / 3600
    if hours < 1:
        return _("less than an hour")
    if hours < 48:
        n = round(hours)
        return ngettext("%(n)s hour", "%(n)s hours", n) % {"n": n}
    n = round(hours / 24)
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


@dataclass(frozen=True)
class Figures:
    """The four measures over some stories: a month's, or the whole year's."""

    told: int = 0
    answered: int = 0
    responses: int = 0
    changes: int = 0
    median: timedelta | None = None

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.told if self.told else None

    @property
    def answered_text(self) -> str:
        return share_text(self.answered, self.told)

    @property
    def change_text(self) -> str:
        return share_text(self.changes, self.responses)

    @property
    def median_text(self) -> str:
        return duration_text(self.median)


@dataclass(frozen=True)
class Month:
    month: date
    figures: Figures


@dataclass
class Measures:
    start: date
    end: date
    service: Service | None
    months: list[Month] = field(default_factory=list)
    year: Figures = field(default_factory=Figures)


def month_starts(today: date) -> list[date]:
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - MONTHS + 1, index + 1)]


def _month_of(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def _median(delays: list[float]) -> timedelta | None:
    return timedelta(seconds=statistics.median(delays)) if delays else None


def _stories(viewer: Any, service: Service | None, since: datetime) -> QuerySet[Story]:
    stories = stories_published_to(viewer).filter(published_at__gte=since)
    if service is not None:
        stories = stories.filter(services=service)
    return stories


def _first_response(service: Service | None) -> Subquery:
    responses = Response.objects.filter(story_id=OuterRef("pk"))
    if service is not None:
        responses = responses.filter(service=service)
    return Subquery(responses.order_by("created_at", "pk").values("created_at")[:1])


def measures(viewer: Any, *, service: Service | None = None, today: date | None = None) -> Measures:
    """The measures by month for the last twelve months, and for the twelve months together."""
    today = today or timezone.localdate()
    starts = month_starts(today)
    since = timezone.make_aware(datetime(starts[0].year, starts[0].month, 1))
    stories = _stories(viewer, service, since)
    in_sql = connection.vendor == "postgresql"
    delay = ExpressionWrapper(F("first") - F("published_at"), output_field=DurationField())
    answered_stories = stories.annotate(first=_first_response(service))

    by_month = answered_stories.annotate(month=TruncMonth("published_at")).values("month")
    aggregates: dict[str, Any] = {"told": Count("pk"), "answered": Count("first")}
    if in_sql:
        aggregates["median"] = Median(delay, output_field=DurationField())
    story_rows: dict[date, dict[str, Any]] = {}
    for row in by_month.annotate(**aggregates).order_by("month"):
        month = _month_of(row["month"])
        assert month is not None
        story_rows[month] = row

    responses = Response.objects.filter(story__in=stories.values("pk"))
    if service is not None:
        responses = responses.filter(service=service)
    response_rows: dict[date, dict[str, Any]] = {}
    for row in (
        responses.annotate(month=TruncMonth("story__published_at"))
        .values("month")
        .annotate(n=Count("pk"), changes=Count("pk", filter=Q(change__in=CHANGES)))
        .order_by("month")
    ):
        month = _month_of(row["month"])
        assert month is not None
        response_rows[month] = row

    medians: dict[date, timedelta | None] = {}
    if in_sql:
        year_median = answered_stories.aggregate(median=Median(delay, output_field=DurationField()))["median"]
        medians = {month: row["median"] for month, row in story_rows.items()}
    else:
        delays: dict[date, list[float]] = {}
        every: list[float] = []
        for published_at, first in answered_stories.filter(first__isnull=False).values_list("published_at", "first"):
            seconds = max((first - published_at).total_seconds(), 0.0)
            month = _month_of(published_at)
            assert month is not None
            delays.setdefault(month, []).append(seconds)
            every.append(seconds)
        medians = {month: _median(values) for month, values in delays.items()}
        year_median = _median(every)

    result = Measures(start=starts[0], end=starts[-1], service=service)
    for month in starts:
        story_row = story_rows.get(month, {})
        response_row = response_rows.get(month, {})
        result.months.append(
            Month(
                month=month,
                figures=Figures(
                    told=story_row.get("told", 0),
                    answered=story_row.get("answered", 0),
                    responses=response_row.get("n", 0),
                    changes=response_row.get("changes", 0),
                    median=medians.get(month),
                ),
            )
        )
    result.year = Figures(
        told=sum(m.figures.told for m in result.months),
        answered=sum(m.figures.answered for m in result.months),
        responses=sum(m.figures.responses for m in result.months),
        changes=sum(m.figures.changes for m in result.months),
        median=year_median,
    )
    return result


def services_to_measure() -> QuerySet[Service]:
    """Every service, for the list to choose one from."""
    return Service.objects.select_related("organisation").order_by("organisation__name", "name", "pk")
