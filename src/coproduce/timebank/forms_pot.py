"""Giving hours to the community pot, and granting hours from it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import SubmissionKeyForm, plain_text_box
from coproduce.people.forms_pick import PersonChoiceField, SearchableForm, search_field
from coproduce.timebank.durations import DurationMinutesField
from coproduce.timebank.models import Category
from coproduce.timebank.services.pot import NOTE_MAX


class DonateForm(SubmissionKeyForm):
    prefix = "give"

    minutes = DurationMinutesField(
        label=_l("How much time would you like to give?"),
        error_messages={"required": _l("Write how much time to give, for example 1h30 or 90 minutes.")},
    )
    note = forms.CharField(
        label=_l("A note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_l("For example ‘For anyone who needs a lift to hospital’."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["note"], _l("Your note"))


class GrantForm(SearchableForm):
    prefix = "grant"
    search_fields = ("recipient_search",)

    recipient_search = search_field(_l("Search for the person by name"))
    recipient = PersonChoiceField(label=_l("Who are the hours for?"))
    minutes = DurationMinutesField(
        label=_l("How much time?"),
        error_messages={"required": _l("Write how much time to grant, for example 1h30 or 90 minutes.")},
    )
    description = forms.CharField(
        label=_l("What are the hours for?"),
        max_length=NOTE_MAX,
        help_text=_l("For example ‘Help with shopping while recovering from an operation’."),
        error_messages={"required": _l("Say what the hours are for.")},
    )
    category = forms.ModelChoiceField(
        label=_l("Kind of help (optional)"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_l("Not one kind"),
        error_messages={"invalid_choice": _l("Choose the kind of help from the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["description"], _l("What the hours are for"))
        self.fields["category"].queryset = Category.objects.order_by("name")  # type: ignore[attr-defined]
        self.narrow("recipient", "recipient_search")
