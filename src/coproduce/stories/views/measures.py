"""Published measures of how services answer stories: for the whole place, and for one service. Anyone may look,
signed in or not; each sees the measures over the stories they may read."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from coproduce.core.permissions import require_perm
from coproduce.organisations.models import Service
from coproduce.stories.forms_responses import MeasuresServiceForm
from coproduce.stories.selectors.measures import Measures, measures, services_to_measure
from coproduce.timebank.report_chart import bar_chart


def _told_description(result: Measures) -> str:
    busiest = max(result.months, key=lambda m: m.figures.told)
    if busiest.figures.told == 0:
        return _("No stories were published in these twelve months. The figures are in the table below the chart.")
    return _(
        "A bar for each month from %(start)s to %(end)s. The most stories, %(most)s, were published in %(month)s. "
        "In all, %(total)s were published. The same figures are in the table below the chart."
    ) % {
        "start": date_format(result.start, "F Y"),
        "end": date_format(result.end, "F Y"),
        "most": busiest.figures.told,
        "month": date_format(busiest.month, "F Y"),
        "total": result.year.told,
    }


def _answered_description(result: Measures) -> str:
    parts = [
        _("%(month)s: %(share)s") % {"month": date_format(m.month, "F Y"), "share": m.figures.answered_text}
        for m in result.months
        if m.figures.told
    ]
    if not parts:
        return _("No stories were published in these twelve months, so none could be answered.")
    return (
        _(
            "A bar for each month, as a percentage of that month’s stories with a response (a dash where none were "
            "published). "
        )
        + "; ".join(parts)
        + ". "
        + _("The same figures are in the table below the chart.")
    )


def _context(result: Measures) -> dict[str, Any]:
    def labels(index: int, month: Any) -> tuple[str, str]:
        return date_format(month, "M"), date_format(month, "Y") if index == 0 or month.month == 1 else ""

    told = [
        (*labels(index, m.month), float(m.figures.told), f"{m.figures.told:,}") for index, m in enumerate(result.months)
    ]
    answered = [
        (
            *labels(index, m.month),
            100 * (m.figures.answered_share or 0.0),
            m.figures.answered_text if m.figures.told else "",
        )
        for index, m in enumerate(result.months)
    ]
    return {
        "measures": result,
        "told_chart": bar_chart(told),
        "told_description": _told_description(result),
        "answered_chart": bar_chart(answered),
        "answered_description": _answered_description(result),
    }


@require_perm("stories.view_measures")
def measures_page(request: HttpRequest) -> HttpResponse:
    services = services_to_measure()
    form = MeasuresServiceForm(request.GET if "service" in request.GET else None, services=services)
    if form.is_bound and form.is_valid():
        return redirect("stories:service-measures", service_id=form.cleaned_data["service"].pk)
    context = _context(measures(request.user))
    context["form"] = form
    return render(request, "stories/measures_page.html", context)


@require_perm("stories.view_measures")
def service_measures(request: HttpRequest, service_id: int) -> HttpResponse:
    service = Service.objects.select_related("organisation").filter(pk=service_id).first()
    if service is None:
        raise Http404
    context = _context(measures(request.user, service=service))
    context["form"] = MeasuresServiceForm(initial={"service": service.pk}, services=services_to_measure())
    return render(request, "stories/measures_page.html", context)
