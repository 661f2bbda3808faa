"""The place's timebank settings: the balance limit and the rate behind the report's estimate."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class TimebankSettingsForm(forms.Form):
    limit_hours = forms.DecimalField(
        label=_("How far below zero may someone’s balance go without a facilitator’s approval?"),
        help_text=_("In hours. For example 10 means no one goes below minus 10 hours unless a facilitator agrees."),
        min_value=Decimal(0),
        max_value=Decimal(1000),
        max_digits=6,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "required": _("Enter a number of hours, for example 10. Enter 0 if no one may go below zero."),
            "invalid": _("Enter a number of hours, for example 10 or 7.5."),
            "min_value": _("Enter a number of hours of 0 or more, for example 10."),
            "max_value": _("Enter 1,000 hours or fewer."),
            "max_decimal_places": _("Enter the hours with at most two decimal places, for example 7.5."),
            "max_digits": _("Enter 1,000 hours or fewer."),
        },
    )
    value_pounds_per_hour = forms.DecimalField(
        label=_("Estimated value of an hour, in pounds (optional)"),
        help_text=_(
            "Used only for the report’s estimate of what the hours given are worth, always shown as an estimate. "
            "Leave empty to show no estimate. For example 12.60."
        ),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(1000),
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter an amount in pounds, for example 12.60, or leave it empty."),
            "min_value": _("Enter an amount of at least 1p, or leave it empty."),
            "max_value": _("Enter £1,000 an hour or less."),
            "max_decimal_places": _("Enter pounds and pence, for example 12.60."),
            "max_digits": _("Enter £1,000 an hour or less."),
        },
    )

    def min_balance_minutes(self) -> int:
        return -round(self.cleaned_data["limit_hours"] * 60)

    def value_pence_per_hour(self) -> int | None:
        pounds = self.cleaned_data.get("value_pounds_per_hour")
        return None if pounds is None else round(pounds * 100)
