"""Statements on screen, as CSV and as PDF: a person's own, an organisation's, a service's."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.pdf import pdf_response
from coproduce.core.permissions import check_perm
from coproduce.organisations.models import Organisation, Role, Service
from coproduce.organisations.roles import held_roles
from coproduce.people.models import Person
from coproduce.timebank.forms_statements import StatementPeriodForm
from coproduce.timebank.models import Account
from coproduce.timebank.selectors.statements import (
    PAGE_SIZE,
    StatementLine,
    StatementLines,
    StatementSummary,
    account_label,
    statement_lines_all,
    statement_summary,
)

# The roles whose holders may read their organisation's statement (as rules.may_see_account decides).
WORKS_THERE = frozenset({Role.STAFF, Role.ORG_ADMIN, Role.FACILITATOR})
# A PDF of more lines than this (about twenty pages, some seconds of drawing) takes too long while someone waits;
# the CSV has no limit.
PDF_MAX_LINES = 500


def _account(**owner: Any) -> Account:
    """The owner's account, or an unsaved empty one: looking at a statement never opens an account."""
    found = Account.objects.filter(**owner).select_related("person", "organisation", "service__organisation").first()
    if found is not None:
        return found
    kind = next(iter(owner)).split("__")[0]
    return Account(kind=kind, **owner)


def my_statement(request: HttpRequest, fmt: str = "html") -> HttpResponseBase:
    check_perm(request, "timebank.use")
    person: Person = request.user  # type: ignore[assignment]
    account = _account(person=person)
    return _statement(request, account, fmt=fmt, url_name="timebank:my-statement", url_kwargs={})


def organisation_statement(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponseBase:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    account = _account(organisation=organisation)
    check_perm(request, "timebank.view_statement", account)
    return _statement(request, account, fmt=fmt, url_name="timebank:organisation-statement", url_kwargs={"slug": slug})


def service_statement(request: HttpRequest, service_id: int, fmt: str = "html") -> HttpResponseBase:
    service = Service.objects.filter(pk=service_id).select_related("organisation").first()
    if service is None:
        raise Http404
    account = _account(service=service)
    check_perm(request, "timebank.view_statement", account)
    return _statement(
        request, account, fmt=fmt, url_name="timebank:service-statement", url_kwargs={"service_id": service_id}
    )


def _statement(
    request: HttpRequest, account: Account, *, fmt: str, url_name: str, url_kwargs: dict[str, Any]
) -> HttpResponseBase:
    typed = {name: request.GET[name] for name in ("from", "to") if name in request.GET}
    form = StatementPeriodForm(typed or None)
    invalid = form.is_bound and not form.is_valid()
    summary = statement_summary(account, form.period())
    query = urlencode({k: v for k, v in typed.items() if v}) if not invalid else ""
    urls = {
        "html": reverse(url_name, kwargs=url_kwargs),
        "csv": reverse(f"{url_name}-csv", kwargs=url_kwargs),
        "pdf": reverse(f"{url_name}-pdf", kwargs=url_kwargs),
    }
    if fmt == "csv" and not invalid:
        return _csv_response(summary)
    if fmt == "pdf" and not invalid:
        if summary.count > PDF_MAX_LINES:
            messages.error(
                request,
                _(
                    "This period has %(count)s entries, too many for one PDF (the most is %(most)s). "
                    "Choose a shorter period, or download the spreadsheet (CSV), which has no limit."
                )
                % {"count": f"{summary.count:,}", "most": f"{PDF_MAX_LINES:,}"},
            )
            return redirect(urls["html"] + (f"?{query}" if query else ""))
        return _pdf_response(request, summary)
    page: Page[StatementLine] | None = None
    if not invalid:
        # StatementLines counts and slices like a list, which is all the Paginator asks of it.
        lines: Any = StatementLines(summary)
        page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "timebank/statements_page.html",
        {
            "account": account,
            "account_name": account_label(account),
            "is_own": account.kind == Account.Kind.PERSON,
            "summary": summary,
            "form": form,
            "page": page,
            "query": query,
            "urls": urls,
            "also_see": _statements_also_visible(request) if account.kind == Account.Kind.PERSON else [],
        },
    )


def _statements_also_visible(request: HttpRequest) -> list[dict[str, Any]]:
    """Organisations whose statements this person may open, so they can find them from their own."""
    ids = {org for org, role in held_roles(request.user) if role in WORKS_THERE}
    if not ids:
        return []
    return [dict(row) for row in Organisation.objects.filter(pk__in=ids).order_by("name").values("name", "slug")]


def _filename(summary: StatementSummary, extension: str) -> str:
    period = summary.period
    parts = ["statement"]
    if period.start:
        parts.append(f"from-{period.start:%Y-%m-%d}")
    if period.end:
        parts.append(f"to-{period.end:%Y-%m-%d}")
    return "-".join(parts) + f".{extension}"


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; people's descriptions must never do that.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


CSV_HEADINGS = [
    gettext_lazy("Date recorded"),
    gettext_lazy("When it happened"),
    gettext_lazy("Description"),
    gettext_lazy("Category"),
    gettext_lazy("Other side"),
    gettext_lazy("In"),
    gettext_lazy("Out"),
    gettext_lazy("Balance after"),
    gettext_lazy("In (minutes)"),
    gettext_lazy("Out (minutes)"),
    gettext_lazy("Balance after (minutes)"),
]


def csv_row(line: StatementLine) -> list[str]:
    return [
        line.recorded_on.isoformat(),
        line.occurred_on.isoformat(),
        _cell(line.description),
        _cell(line.category),
        _cell(line.other_side),
        line.in_text,
        line.out_text,
        line.balance_text,
        str(max(line.minutes, 0)),
        str(max(-line.minutes, 0)),
        str(line.balance_after),
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(summary: StatementSummary) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte-order mark tells spreadsheet programs the file is UTF-8, so names and "−" come out right.
    yield "\ufeff" + writer.writerow([str(heading) for heading in CSV_HEADINGS])
    for line in statement_lines_all(summary):
        yield writer.writerow(csv_row(line))


def _csv_response(summary: StatementSummary) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_rows(summary), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(summary, "csv")}"'
    return response


def _pdf_response(request: HttpRequest, summary: StatementSummary) -> HttpResponse:
    html = render_to_string(
        "timebank/statements_pdf.html",
        {
            "summary": summary,
            "account_name": account_label(summary.account),
            "lines": list(statement_lines_all(summary)),
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    return pdf_response(html, filename=_filename(summary, "pdf"))
