from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.organisations.models import Organisation
from coproduce.people.services.people_import import (
    IMPORT_MAX_BYTES,
    ImportFileError,
    people_import_decode,
    people_import_parse,
)


class PeopleImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation will they join?"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the organisation they will join.")},
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A .csv file up to 5 MB, saved as UTF-8, with a header row and one row per person."),
        error_messages={
            "required": _("Choose a CSV file to upload."),
            "empty": _("The file is empty. Choose a CSV file with a header row and one row per person."),
            "invalid": _("Choose a CSV file to upload."),
        },
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.raw = b""

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        # Read one byte past the limit, never the whole of an enormous upload.
        if (upload.size or 0) > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file must be smaller than %(mb)s MB. Split it into smaller files and upload each one."),
                params={"mb": IMPORT_MAX_BYTES // (1024 * 1024)},
            )
        raw = upload.read(IMPORT_MAX_BYTES + 1)
        try:
            people_import_parse(people_import_decode(raw))
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.raw = raw
        return upload
