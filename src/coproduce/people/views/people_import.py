"""Importing people from a CSV file: upload, preview every row, then import all or only the valid rows."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coproduce.core.permissions import require_perm
from coproduce.organisations.models import Organisation, Role
from coproduce.organisations.selectors import organisations_person_can_facilitate
from coproduce.people.forms_import import PeopleImportForm
from coproduce.people.models import Language, Neighbourhood, PeopleImport, Person
from coproduce.people.services.people_import import (
    COLUMNS,
    IMPORT_MAX_ROWS,
    LIST_SEPARATOR,
    ImportFileError,
    ImportNotAllValidError,
    ImportUnavailableError,
    people_import_cancel,
    people_import_check,
    people_import_confirm,
    people_import_upload,
)


def _own_import(request: HttpRequest, import_id: int) -> PeopleImport:
    # Only the person who uploaded a file sees its rows: it holds other people's details.
    return get_object_or_404(
        PeopleImport.objects.select_related("organisation"), pk=import_id, uploaded_by=request.user
    )


@require_perm("people.import_people")
def people_import_upload_view(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    organisations = organisations_person_can_facilitate(person)
    form = PeopleImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            people_import = people_import_upload(
                actor=person,
                organisation=form.cleaned_data["organisation"],
                file_name=upload.name or "people.csv",
                raw=form.raw,
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("people:import-preview", import_id=people_import.pk)
    return render(
        request,
        "people/people_import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "roles": Role.choices,
            "neighbourhoods": Neighbourhood.objects.order_by("name").values_list("name", flat=True),
            "languages_count": Language.objects.count(),
            "separator": LIST_SEPARATOR,
            "max_rows": IMPORT_MAX_ROWS,
        },
    )


@require_perm("people.import_people")
def people_import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    people_import = _own_import(request, import_id)
    if people_import.status == PeopleImport.Status.DONE:
        return redirect("people:import-done", import_id=people_import.pk)
    if people_import.status == PeopleImport.Status.CANCELLED or people_import.organisation is None:
        messages.info(request, _("That import was cancelled. Upload the file again to start over."))
        return redirect("people:import")
    organisation: Organisation = people_import.organisation
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                people_import_cancel(actor=person, people_import=people_import)
                messages.success(request, _("The import is cancelled. No one was added."))
                return redirect("people:import")
            people_import_confirm(actor=person, people_import=people_import, only_valid=action == "import_valid")
        except (ImportNotAllValidError, ImportUnavailableError) as exc:
            messages.error(request, str(exc))
        except IntegrityError:
            messages.error(
                request,
                _(
                    "Someone with one of these email addresses joined while you were checking the file, so "
                    "nothing was imported. Look at the rows again below."
                ),
            )
        else:
            return redirect("people:import-done", import_id=people_import.pk)
    check = people_import_check(text=people_import.content, organisation=organisation, actor=person)
    return render(
        request,
        "people/people_import_preview.html",
        {"people_import": people_import, "organisation": organisation, "check": check},
    )


@require_perm("people.import_people")
def people_import_done(request: HttpRequest, import_id: int) -> HttpResponse:
    people_import = _own_import(request, import_id)
    if people_import.status != PeopleImport.Status.DONE:
        return redirect("people:import-preview", import_id=people_import.pk)
    return render(request, "people/people_import_done.html", {"people_import": people_import})
