"""Forms for plans and actions.

Choosing the person an action is given to uses the timebank's person picker (a search box and a "Find" button that
sends the form back, keeping everything typed, with the list narrowed), so it works without JavaScript and behaves
the same everywhere a person is chosen. Text boxes carry no `maxlength`, so nothing pasted is cut off silently: the
limit is checked and said plainly.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import DATE_FORMATS, SubmissionKeyForm, plain_text_box
from coproduce.organisations.models import Organisation, Service
from coproduce.people.forms_pick import PersonChoiceField, SearchableForm, search_field
from coproduce.people.models import Person
from coproduce.plans.models import Action
from coproduce.plans.services import HOW_MAX, SUMMARY_MAX, TITLE_MAX, UPDATE_MAX, WHAT_MAX


def _organisation_field(label: Any, empty: Any, **kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=empty,
        error_messages={"invalid_choice": _l("We could not find that organisation. Choose one from the list.")},
        **kwargs,
    )


def _organisations() -> Any:
    return Organisation.objects.order_by("name")


class PlanForm(SubmissionKeyForm):
    show_optional = True

    title = forms.CharField(
        label=_l("Title"),
        max_length=TITLE_MAX,
        help_text=_l("What the plan is for, in a few words, for example ‘More say for carers at the drop-in’."),
        error_messages={"required": _l("Give the plan a title.")},
    )
    summary = forms.CharField(
        label=_l("Summary"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_l("Why this plan, and what will be different when it is done."),
    )
    organisation = _organisation_field(_l("Organisation"), _l("Not for one organisation"))
    service = forms.ModelChoiceField(
        label=_l("Service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_l("Not for one service"),
        help_text=_l("Choosing a service is enough: its organisation is added for you."),
        error_messages={"invalid_choice": _l("We could not find that service. Choose one from the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["title"], _l("The title"))
        plain_text_box(self.fields["summary"], _l("The summary"))
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]
        self.fields["service"].queryset = Service.objects.select_related("organisation")  # type: ignore[attr-defined]


def due_on_field() -> forms.DateField:
    return forms.DateField(
        label=_l("By when"),
        required=False,
        input_formats=DATE_FORMATS,
        # A plain text box, as the timebank's dates are: it keeps whatever was typed and reads well with a screen
        # reader.
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}, format="%d/%m/%Y"),
        error_messages={"invalid": _l("Write the date as day, month and year, for example 30/6/2026.")},
    )


class ActionForm(SearchableForm):
    """Adding an action to a plan, or changing one."""

    show_optional = True
    search_fields = ("owner_search",)

    what = forms.CharField(
        label=_l("What will be done"),
        max_length=WHAT_MAX,
        help_text=_l("One thing someone can do, for example ‘Ask carers which evening suits them’."),
        error_messages={"required": _l("Say what will be done.")},
    )
    owner_organisation = _organisation_field(
        _l("Which organisation will do it"),
        _l("No organisation"),
        help_text=_l("An action can be given to an organisation, to a person, or to both."),
    )
    owner_search = search_field(_l("Search for the person who will do it"))
    owner_person = PersonChoiceField(label=_l("Who will do it"), required=False, empty_label=_l("Not decided yet"))
    due_on = due_on_field()
    how = forms.CharField(
        label=_l("How"),
        required=False,
        max_length=HOW_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("The first steps, who else will help, what it needs."),
    )

    def __init__(self, *args: Any, current_owner: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["what"], _l("What will be done"))
        plain_text_box(self.fields["how"], _l("How"))
        self.fields["owner_organisation"].queryset = _organisations()  # type: ignore[attr-defined]
        example = timezone.localdate() + timedelta(days=30)
        self.fields["due_on"].help_text = _("For example %(date)s.") % {
            "date": f"{example.day}/{example.month}/{example.year}"
        }
        self.narrow("owner_person", "owner_search")
        if current_owner is not None:
            self._keep_current_owner(current_owner)

    def _keep_current_owner(self, owner: Person) -> None:
        """When changing an action, its owner stays a choice even if they are beyond the first names listed, or
        their account has since closed (a finished action keeps who did it)."""
        field = self.fields["owner_person"]
        assert isinstance(field, PersonChoiceField)
        choices = list(field.widget.choices)
        # Setting a queryset resets the widget's choices to all of it, so the narrowed list is put back after.
        field.queryset = Person.objects.filter(Q(is_active=True, closed_at__isnull=True) | Q(pk=owner.pk))
        if all(str(value) != str(owner.pk) for value, _label in choices):
            choices.append((owner.pk, owner.display_name))
        field.widget.choices = choices


class UpdateForm(SubmissionKeyForm):
    """Saying how an action is going."""

    show_optional = True
    KEEP = ""

    text = forms.CharField(
        label=_l("What has happened"),
        required=False,
        max_length=UPDATE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("What has been done, what is in the way, what comes next."),
    )
    status = forms.ChoiceField(
        label=_l("Where is it up to now?"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _l("Choose one of the statuses listed.")},
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["text"], _l("Your update"))
        keep = _("No change: still “%(status)s”") % {"status": action.get_status_display()}
        field = self.fields["status"]
        field.choices = [  # type: ignore[attr-defined]
            (self.KEEP, keep),
            *((value, label) for value, label in Action.Status.choices if value != action.status),
        ]
        field.initial = self.KEEP


class OrganisationFilterForm(forms.Form):
    """A GET form: a filtered list can be bookmarked and shared."""

    organisation = _organisation_field(_l("Organisation"), _l("All organisations"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]

    def chosen(self) -> Organisation | None:
        if not self.is_bound or not self.is_valid():
            return None
        organisation: Organisation | None = self.cleaned_data.get("organisation")
        return organisation
