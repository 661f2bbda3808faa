"""The place report of hours given (on screen, printable, and as a PDF) and the place's timebank settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from coproduce.core.pdf import pdf_response
from coproduce.core.permissions import require_perm
from coproduce.timebank.forms_report import TimebankSettingsForm
from coproduce.timebank.report_chart import bar_chart
from coproduce.timebank.selectors.report import PlaceReport, place_report
from coproduce.timebank.services.ledger import minutes_as_text, timebank_settings
from coproduce.timebank.services.timebank_settings import timebank_settings_update
from coproduce.timebank.tasks_report import hours_given_roll_forward

# When more entries than this were added up live, the stored totals are brought forward in the background.
ROLL_FORWARD_AFTER = 2000


def _roll_forward_if_due(report: PlaceReport) -> None:
    # cache.add succeeds once per five minutes (per process), so a busy report does not queue the same work often.
    if report.live_entries > ROLL_FORWARD_AFTER and cache.add("timebank:hours-given-roll-forward", 1, timeout=300):
        hours_given_roll_forward.enqueue()


def _chart_description(report: PlaceReport) -> str:
    busiest = max(report.months, key=lambda m: m.minutes)
    if busiest.minutes <= 0:
        return _("No hours were given in these twelve months. The figures are in the table next to the chart.")
    return _(
        "A bar for each month from %(start)s to %(end)s. The most hours, %(most)s, were given in %(month)s. "
        "In all, %(total)s were given. The same figures are in the table next to the chart."
    ) % {
        "start": date_format(report.start, "F Y"),
        "end": date_format(report.end, "F Y"),
        "most": busiest.hours_text,
        "month": date_format(busiest.month, "F Y"),
        "total": report.total_text,
    }


def _context(report: PlaceReport) -> dict[str, Any]:
    values = [
        (
            date_format(row.month, "M"),
            date_format(row.month, "Y") if index == 0 or row.month.month == 1 else "",
            row.minutes / 60,
            f"{round(row.minutes / 60):,}",
        )
        for index, row in enumerate(report.months)
    ]
    return {
        "report": report,
        "chart": bar_chart(values),
        "chart_description": _chart_description(report),
        "limit_text": minutes_as_text(timebank_settings().min_balance_minutes),
    }


@require_perm("timebank.view_report")
def report_page(request: HttpRequest) -> HttpResponse:
    report = place_report()
    _roll_forward_if_due(report)
    return render(request, "timebank/report_page.html", _context(report))


@require_perm("timebank.view_report")
def report_pdf(request: HttpRequest) -> HttpResponse:
    report = place_report()
    html = render_to_string(
        "timebank/report_pdf.html", {**_context(report), "printed_at": timezone.localtime()}, request=request
    )
    return pdf_response(html, filename=f"hours-given-{report.start:%Y-%m}-to-{report.end:%Y-%m}.pdf")


def _plain_decimal(amount: int, per: int) -> Decimal | int:
    """10 rather than 10.00 or 1E+1; 1.5 and 12.60 as they are."""
    if amount % per == 0:
        return amount // per
    return (Decimal(amount) / per).quantize(Decimal("0.01"))


@require_perm("timebank.change_settings")
def settings_page(request: HttpRequest) -> HttpResponse:
    current = timebank_settings()
    pence = current.value_pence_per_hour
    initial = {
        "limit_hours": _plain_decimal(-current.min_balance_minutes, 60),
        "value_pounds_per_hour": _plain_decimal(pence, 100) if pence is not None else None,
    }
    form = TimebankSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        timebank_settings_update(
            actor=request.user,  # type: ignore[arg-type]
            min_balance_minutes=form.min_balance_minutes(),
            value_pence_per_hour=form.value_pence_per_hour(),
        )
        messages.success(request, _("The timebank settings are saved."))
        return redirect("timebank:report")
    return render(request, "timebank/report_settings.html", {"form": form})
