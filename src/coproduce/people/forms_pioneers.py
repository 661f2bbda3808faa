from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.people.services.pioneers import REASON_MAX_LENGTH


class PioneerNominationForm(forms.Form):
    # No max_length on the field: a browser would then cut pasted text short without a word. We count instead.
    reason = forms.CharField(
        label=_("Why are you nominating them?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What do they do that brings people together, shares power or helps others take part? "
            "Up to 2,000 characters."
        ),
        error_messages={"required": _("Say why you are nominating them.")},
        strip=True,
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"]
        if len(reason) > REASON_MAX_LENGTH:
            raise forms.ValidationError(
                _("Your reason must be %(max)s characters or fewer. It has %(n)s."),
                params={"max": f"{REASON_MAX_LENGTH:,}", "n": f"{len(reason):,}"},
            )
        return reason
