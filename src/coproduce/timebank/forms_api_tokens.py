from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is this key for?"),
        max_length=100,
        help_text=_("So you can tell your keys apart, for example ‘My phone’ or ‘Hours spreadsheet’."),
        error_messages={
            "required": _("Say what the key is for, so you can tell your keys apart."),
            "max_length": _("Keep the name to 100 characters or fewer."),
        },
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Say what the key is for, so you can tell your keys apart."))
        return name
