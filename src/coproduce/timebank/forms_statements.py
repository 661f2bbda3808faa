"""The From and To dates that narrow a statement."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.timebank.selectors.statements import Period

# People type dates in many ways; these are the unambiguous British ones (day before month).
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%d %B %y"]
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def _date_field(label: Any, example: Any) -> forms.DateField:
    # A text box, not type="date": what someone typed stays in the box exactly as typed when it is wrong.
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=example,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter a real date, for example 1/4/2025 or 1 April 2025.")},
    )


class StatementPeriodForm(forms.Form):
    """Read from the address (?from=…&to=…), so a narrowed statement can be bookmarked and downloaded."""

    show_optional = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the fields are added here rather than declared on the class.
        self.fields["from"] = _date_field(_("From"), _("For example 1/4/2025."))
        self.fields["to"] = _date_field(_("To"), _("For example 30/4/2025."))

    def _clean_day(self, name: str) -> date | None:
        value: date | None = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(_("Enter a date between the years 2000 and 2099."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("from", "to"):
            try:
                data[name] = self._clean_day(name)
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The ‘to’ date must be the same as or after the ‘from’ date."))
        return data

    def period(self) -> Period:
        """The chosen period; the whole history when nothing (or nothing valid) was chosen."""
        if not self.is_bound or not self.is_valid():
            return Period()
        return Period(start=self.cleaned_data.get("from"), end=self.cleaned_data.get("to"))
