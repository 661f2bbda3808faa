"""A round's results as a PDF report for A4: the same sections as the results page, laid out for paper."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from coproduce.core.pdf import pdf_response


def report_html(request: HttpRequest, context: dict[str, Any]) -> str:
    return render_to_string("reflect/report_pdf.html", context, request=request)


def report_pdf_response(request: HttpRequest, context: dict[str, Any], *, filename: str) -> HttpResponse:
    return pdf_response(report_html(request, context), filename=filename)
