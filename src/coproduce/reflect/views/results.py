"""A round's results (on screen and as a PDF report) and the place's overview of where every service stands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from coproduce.core.permissions import check_perm, require_perm
from coproduce.organisations.roles import FACILITATING, held_roles
from coproduce.plans.selectors import plans_for_source
from coproduce.reflect.charts import round_charts
from coproduce.reflect.models import ReflectionRound
from coproduce.reflect.pdf import report_pdf_response
from coproduce.reflect.selectors.results import (
    OverviewRow,
    RoundResults,
    difference_rule,
    maturity_overview,
    overview_frameworks,
    round_results,
)


def _results(request: HttpRequest, round_id: int) -> RoundResults:
    round_ = get_object_or_404(
        ReflectionRound.objects.select_related("framework", "organisation", "service"), pk=round_id
    )
    check_perm(request, "reflect.view_results", round_)
    return round_results(round_)


def _context(request: HttpRequest, results: RoundResults) -> dict[str, Any]:
    charts = round_charts(results)
    plans = [
        (plan.title, request.build_absolute_uri(plan.get_absolute_url())) for plan in plans_for_source(results.round)
    ]
    return {
        "round": results.round,
        "framework": results.framework,
        "results": results,
        "charts": charts,
        "details": [(cell, charts.dots.get(cell.number)) for cell in results.cells],
        "difference_rule": difference_rule(),
        "plans": plans,
    }


def results_page(request: HttpRequest, round_id: int) -> HttpResponse:
    results = _results(request, round_id)
    return render(request, "reflect/results.html", _context(request, results))


def report_pdf(request: HttpRequest, round_id: int) -> HttpResponse:
    results = _results(request, round_id)
    context = {**_context(request, results), "printed_at": timezone.localtime()}
    round_ = results.round
    filename = f"reflection-{slugify(round_.title)[:60] or round_.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    return report_pdf_response(request, context, filename=filename)


@require_perm("reflect.view_overview")
def overview(request: HttpRequest) -> HttpResponse:
    frameworks = overview_frameworks()
    chosen = request.GET.get("framework", "")
    if chosen not in dict(frameworks):
        chosen = ""
    user = request.user
    # Results links only where the viewer may open them, worked out from roles already read for the page.
    sees_all = bool(getattr(user, "is_place_admin", False))
    runs = {organisation for organisation, role in held_roles(user) if role in FACILITATING}
    results_url = _results_url_maker()
    # Month names translated once, not once a row (the date filter on every row cost a sixth of the page).
    months = {number: str(name) for number, name in MONTHS_3.items()}
    tables = [
        (
            table,
            [
                _overview_line(row, months, results_url if sees_all or row.organisation_id in runs else None)
                for row in table.rows
            ],
        )
        for table in maturity_overview(framework_slug=chosen or None)
    ]
    return render(request, "reflect/overview.html", {"frameworks": frameworks, "chosen": chosen, "tables": tables})


@dataclass(frozen=True)
class OverviewLine:
    row: OverviewRow
    url: str
    closed: str
    cells: SafeString


def _results_url_maker() -> Callable[[int], str]:
    """reverse() once rather than once a row: on a page of hundreds of rows it was the slowest thing left."""
    marker = 987654321
    before, after = reverse("reflect:results", kwargs={"round_id": marker}).split(str(marker))
    return lambda round_id: f"{before}{round_id}{after}"


def _overview_line(row: OverviewRow, months: dict[int, str], results_url: Callable[[int], str] | None) -> OverviewLine:
    # A large place has hundreds of rows of several areas each. The cells are put together here, once per row,
    # because a template loop (or format_html) over every cell costs more than all the rest of the page.
    cells = "".join(
        '<td class="govuk-table__cell govuk-table__cell--numeric">'
        + (f"<strong>{escape(spread.median_text)}</strong> ({escape(spread.range_text)})" if spread.count else "–")
        + "</td>"
        for spread in row.spreads
    )
    url = results_url(row.round_id) if results_url else ""
    closed = timezone.localtime(row.closed_at)
    # Safe: the only text in it is escaped just above.
    return OverviewLine(
        row=row,
        url=url,
        closed=f"{closed.day} {months[closed.month].title()} {closed.year}",
        cells=mark_safe(cells),  # noqa: S308
    )
