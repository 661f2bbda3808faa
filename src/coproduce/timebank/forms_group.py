"""Recording a group activity: which account gives the hours, what and when, and who took part, with the same time
for everyone unless someone's is different."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import plain_text_box
from coproduce.people.forms_pick import SearchableForm, search_field
from coproduce.people.models import Person
from coproduce.people.selectors.people_pick import organisation_members, people_to_choose, person_labels
from coproduce.timebank.durations import DurationMinutesField
from coproduce.timebank.forms_exchanges import not_in_future, occurred_on_field
from coproduce.timebank.models import Category
from coproduce.timebank.services.group import DESCRIPTION_MAX


class PayerForm(forms.Form):
    """The first question, on its own (a GET form): the people listed next depend on the answer."""

    payer = forms.ChoiceField(
        label=_l("Which organisation or service gives the hours?"),
        error_messages={
            "required": _l("Choose the organisation or service that gives the hours."),
            "invalid_choice": _l("Choose one of the organisations or services you help run."),
        },
    )

    def __init__(self, *args: Any, payers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payer"].choices = [("", _("Choose one")), *payers]  # type: ignore[attr-defined]


class GroupActivityForm(SearchableForm):
    search_fields = ("search",)

    payer = forms.CharField(widget=forms.HiddenInput)
    description = forms.CharField(
        label=_l("What was the activity?"),
        max_length=DESCRIPTION_MAX,
        help_text=_l("For example ‘Spring planting at the community garden’."),
        error_messages={"required": _l("Say what the activity was.")},
    )
    category = forms.ModelChoiceField(
        label=_l("Kind of activity"),
        queryset=Category.objects.none(),
        empty_label=_l("Choose one"),
        error_messages={
            "required": _l("Choose the kind of activity it was."),
            "invalid_choice": _l("Choose the kind of activity from the list."),
        },
    )
    occurred_on = occurred_on_field(_l("When was it?"))
    minutes_each = DurationMinutesField(label=_l("Time for each person"))
    people = forms.MultipleChoiceField(
        label=_l("Who took part?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _l("Choose at least one person who took part."),
            "invalid_choice": _l("We could not find one of the people chosen. Search for them by name."),
        },
    )
    search = search_field(_l("Add someone who is not a member"))
    approve = forms.BooleanField(
        label=_l("I approve this even if it takes the account below the timebank’s limit"),
        required=False,
        help_text=_l("You are approving it as a facilitator."),
    )

    def __init__(self, *args: Any, organisation_id: int, may_approve: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["description"], _l("What the activity was"))
        self.fields["occurred_on"].initial = timezone.localdate
        self.fields["category"].queryset = Category.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["minutes_each"].help_text = _(
            "For example 2 hours. Everyone ticked gets this, unless you write a different time beside them."
        )
        if not may_approve:
            del self.fields["approve"]
        chosen = self._chosen()
        members = organisation_members(organisation_id, keep=chosen)
        search = self.search_text("search")
        found: list[Person] = []
        if search:
            member_ids = {person.pk for person in members}
            found = [person for person in people_to_choose(search=search)[0] if person.pk not in member_ids]
        self.candidates = members + found
        self.found_ids = {person.pk for person in found}
        labels = person_labels(self.candidates)
        self.labels = labels
        self.fields["people"].choices = [(str(person.pk), labels[person.pk]) for person in self.candidates]  # type: ignore[attr-defined]
        for person in self.candidates:
            field = DurationMinutesField(
                label=_("Time for %(name)s, if different (optional)") % {"name": labels[person.pk]},
                required=False,
                help_text="",
            )
            self.fields[f"minutes_{person.pk}"] = field

    def _chosen(self) -> list[str]:
        if not self.is_bound or not isinstance(self.data, QueryDict):
            return []
        return self.data.getlist(self.add_prefix("people"))

    def clean_occurred_on(self) -> date:
        return not_in_future(self.cleaned_data["occurred_on"])

    def rows(self) -> list[dict[str, Any]]:
        """Each person as the template lays them out: their checkbox and, under it, their own time box."""
        chosen = set(self._chosen())
        return [
            {
                "person": person,
                "label": self.labels[person.pk],
                "index": index,
                "checked": str(person.pk) in chosen,
                "found": person.pk in self.found_ids,
                "minutes": self[f"minutes_{person.pk}"],
            }
            for index, person in enumerate(self.candidates)
        ]

    def shares(self) -> list[tuple[Person, int]]:
        by_id = {str(person.pk): person for person in self.candidates}
        each = self.cleaned_data["minutes_each"]
        return [
            (by_id[pk], self.cleaned_data.get(f"minutes_{pk}") or each)
            for pk in self.cleaned_data["people"]
            if pk in by_id
        ]
