"""The verification page's form: paste a badge file's contents, or choose the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.recognition.services.credentials import TOKEN_MAX_CHARS

FILE_MAX_BYTES = TOKEN_MAX_CHARS


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=_l("Paste the badge file’s contents"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocapitalize": "off", "autocomplete": "off"}),
        help_text=_l("Open the badge file in any text editor, copy everything in it and paste it here."),
    )
    file = forms.FileField(
        label=_l("Or choose the badge file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".jwt,.txt,application/jwt,text/plain"}),
        help_text=_l("Its name usually ends in .jwt."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What gets checked, once the form is valid: the pasted text or the file's contents.
        self.source = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > FILE_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "That file is %(size)s KB, far bigger than any badge file (they are a few KB). Check that you "
                    "chose the right file."
                ),
                params={"size": (upload.size + 1023) // 1024},
            )
        try:
            self.source = upload.read(FILE_MAX_BYTES + 1).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("That file is not a badge file: a badge file is plain text. Check that you chose the right file.")
            ) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        upload, text = data.get("file"), data.get("token") or ""
        if upload is not None and text.strip():
            self.add_error(
                "token",
                _("You pasted some text and chose a file. Empty this box to check the file, or check the text alone."),
            )
        elif upload is None:
            if not text.strip():
                self.add_error("token", _("Paste the badge file’s contents, or choose the file."))
            elif len(text) > TOKEN_MAX_CHARS:
                self.add_error(
                    "token",
                    _(
                        "That is %(count)s characters, far longer than any badge file (they are a few thousand). "
                        "Check that you pasted the right thing."
                    )
                    % {"count": f"{len(text):,}"},
                )
            else:
                self.source = text
        return data
