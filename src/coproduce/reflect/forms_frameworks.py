"""Loading a framework file: upload it, or paste its text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coproduce.frameworks.loader import MAX_BYTES

MAX_KB = MAX_BYTES // 1024


class FrameworkLoadForm(forms.Form):
    file = forms.FileField(
        label=_("Choose a framework file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml,application/yaml,text/yaml,text/plain"}),
        help_text=format_lazy(_("A YAML file, with a name ending .yaml, up to {size} KB."), size=MAX_KB),
    )
    text = forms.CharField(
        label=_("Or paste the text of the file"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false", "autocapitalize": "off"}),
        help_text=_(
            "If the file has problems, its text appears here with each problem listed above, so you can fix it "
            "here and try again."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The file's text, once read: what gets checked, and what goes back into the box if it has problems.
        self.source = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)s KB, which is far bigger than a framework. Check that you chose "
                    "the right file."
                ),
                params={"size": MAX_KB},
            )
        raw = upload.read(MAX_BYTES + 1)
        try:
            # utf-8-sig: editors on Windows often start a file with a byte-order mark.
            self.source = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _(
                    "The file is not plain text, so it cannot be a framework. Choose a YAML file saved as UTF-8 "
                    "text (its name usually ends .yaml)."
                )
            ) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        upload, text = data.get("file"), data.get("text") or ""
        if upload is not None and text.strip():
            self.add_error(
                "text",
                _("Choose a file or paste its text, not both. Empty this box to load the file you chose."),
            )
        elif upload is None:
            if not text.strip():
                self.add_error("file", _("Choose a framework file, or paste its text in the box."))
            elif len(text.encode("utf-8")) > MAX_BYTES:
                self.add_error(
                    "text",
                    _(
                        "The text is larger than %(size)s KB, which is far bigger than a framework. Check that "
                        "you pasted the right thing."
                    )
                    % {"size": MAX_KB},
                )
            else:
                self.source = text
        # Browsers send pasted text with Windows line endings: the same file must read the same however it came.
        self.source = self.source.replace("\r\n", "\n").replace("\r", "\n")
        return data

    def show_text(self, text: str) -> None:
        """Put `text` into the box, so an uploaded file with problems can be fixed here without starting again."""
        data = dict(self.data.items())
        data["text"] = text
        self.data = data
