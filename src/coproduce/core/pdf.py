"""Turning an HTML template into a PDF download with WeasyPrint."""

from __future__ import annotations

from django.http import HttpResponse


def pdf_bytes(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango, which pages that never draw a PDF do not need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Everything a document needs is inside its HTML. Fetching nothing means text people typed can never make the
    # server request an address.
    fetch_nothing = URLFetcher(allowed_protocols=())
    document: bytes = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()
    return document


def pdf_response(html: str, *, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
