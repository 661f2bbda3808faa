"""Forms for exchanges: saying it happened, and a time broker recording one from a paper record.

Choosing a person works without JavaScript: beside each list of people is a search box and a "Find" button that
sends the form back with everything typed kept and the list narrowed to matching names. Pressing Enter with a
search box filled finds; with every search box empty it sends the form as usual.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import DATE_FORMATS, SubmissionKeyForm, plain_text_box
from coproduce.people.forms_pick import PersonChoiceField, SearchableForm, search_field
from coproduce.timebank.durations import DurationMinutesField
from coproduce.timebank.models import Category
from coproduce.timebank.services.exchanges import DESCRIPTION_MAX


def occurred_on_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        # A plain text box rather than the browser's date picker: it shows the date the way the hint writes it, keeps
        # whatever was typed, and is easier with a screen reader than most pickers.
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}, format="%d/%m/%Y"),
        help_text=_l("For example 27/3/2026."),
        error_messages={
            "required": _l("Give the date it happened."),
            "invalid": _l("Write the date as day, month and year, for example 27/3/2026."),
        },
    )


def not_in_future(value: date) -> date:
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date it happened cannot be in the future."))
    return value


class RecordTimeForm(SubmissionKeyForm):
    minutes = DurationMinutesField(label=_l("How long did it take?"))
    occurred_on = occurred_on_field(_l("When did it happen?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate

    def clean_occurred_on(self) -> date:
        return not_in_future(self.cleaned_data["occurred_on"])


class BrokerForm(SearchableForm):
    search_fields = ("giver_search", "receiver_search")

    giver_search = search_field(_l("Search for the person who gave the time"))
    giver = PersonChoiceField(label=_l("Who gave the time"))
    receiver_search = search_field(_l("Search for the person who received it"))
    receiver = PersonChoiceField(label=_l("Who received it"))
    minutes = DurationMinutesField(label=_l("How long was it?"))
    occurred_on = occurred_on_field(_l("When did it happen?"))
    description = forms.CharField(
        label=_l("What was it?"),
        max_length=DESCRIPTION_MAX,
        help_text=_l("As the paper record says, for example ‘Lift to the memory clinic’."),
        error_messages={"required": _l("Say what the time was for.")},
    )
    category = forms.ModelChoiceField(
        label=_l("Kind of help"),
        queryset=Category.objects.none(),
        empty_label=_l("Choose one"),
        error_messages={
            "required": _l("Choose the kind of help it was."),
            "invalid_choice": _l("Choose the kind of help from the list."),
        },
    )
    approve = forms.BooleanField(
        label=_l("I approve this even if it takes someone below the timebank’s limit"),
        required=False,
        help_text=_l("Only if you have checked with them: you are approving it as a facilitator."),
    )

    def __init__(self, *args: Any, may_approve: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["description"], _l("What it was"))
        self.fields["occurred_on"].initial = timezone.localdate
        self.fields["category"].queryset = Category.objects.order_by("name")  # type: ignore[attr-defined]
        if not may_approve:
            del self.fields["approve"]
        self.narrow("giver", "giver_search")
        self.narrow("receiver", "receiver_search")

    def clean_occurred_on(self) -> date:
        return not_in_future(self.cleaned_data["occurred_on"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        giver, receiver = data.get("giver"), data.get("receiver")
        if giver is not None and receiver is not None and giver.pk == receiver.pk:
            self.add_error("receiver", _("Choose two different people: someone cannot give time to themselves."))
        return data
