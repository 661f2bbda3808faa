"""Downloading everything held about you, and closing your account."""

from __future__ import annotations

from datetime import timedelta
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm
from coproduce.people.forms_my_data import AccountCloseForm
from coproduce.people.models import DataExport, Person
from coproduce.people.services.closing import person_close
from coproduce.people.services.data import (
    EXPORT_KEEP_DAYS,
    data_export_downloaded,
    data_export_file_name,
    data_export_for_download,
    data_export_is_small,
    data_export_now,
    data_export_request,
)

R = TypeVar("R", bound=HttpResponseBase)


def _no_store(response: R) -> R:
    # A download of someone's personal data must not stay in a shared computer's cache.
    response["Cache-Control"] = "private, no-store"
    return response


@require_perm("people.manage_own_data")
def my_data(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    if request.method == "POST":
        if data_export_is_small(person):
            response = HttpResponse(data_export_now(person=person), content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{data_export_file_name(person)}"'
            return _no_store(response)
        data_export_request(person=person, site_url=site_url(request))
        messages.success(
            request,
            _("We are putting your download together. We will email you when it is ready, usually within minutes."),
        )
        return redirect("people:my-data")
    recent = list(
        DataExport.objects.filter(
            person=person, requested_at__gte=timezone.now() - timedelta(days=EXPORT_KEEP_DAYS)
        ).order_by("-requested_at")[:10]
    )
    return render(
        request,
        "people/my_data_index.html",
        {
            "waiting": next((e for e in recent if e.status == DataExport.Status.WAITING), None),
            "ready": [e for e in recent if e.status == DataExport.Status.READY and e.file],
            "failed": next((e for e in recent if e.status == DataExport.Status.FAILED), None),
            "keep_days": EXPORT_KEEP_DAYS,
        },
    )


def my_data_download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    check_perm(request, "people.manage_own_data")
    person: Person = request.user  # type: ignore[assignment]
    export = data_export_for_download(person=person, export_id=export_id)
    if export is None:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    data_export_downloaded(person=person, export=export)
    return _no_store(FileResponse(handle, as_attachment=True, filename=data_export_file_name(person)))


@require_perm("people.manage_own_data")
def account_close(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    form = AccountCloseForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        person_close(person=person)
        logout(request)
        return redirect("people:closed")
    return render(request, "people/my_data_close.html", {"form": form})


def account_closed(request: HttpRequest) -> HttpResponse:
    return render(request, "people/my_data_closed.html")
