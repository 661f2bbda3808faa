"""Choosing a person in a form, without JavaScript.

Beside each list of people is a search box and a "Find" button that sends the form back with everything typed kept
and the list narrowed to matching names. Pressing Enter with a search box filled finds; with every search box empty
it sends the form as usual. Used wherever someone records or assigns something for another person (time brokers,
group activities, the pot, action owners).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import SubmissionKeyForm, plain_text_box
from coproduce.people.models import Person
from coproduce.people.selectors.people_pick import people_to_choose, person_labels

SEARCH_MAX = 100


class PersonChoiceField(forms.ModelChoiceField):
    """Anyone with an open account. The options shown are set per form (a search, a list of members); any open
    account is accepted, so a choice never fails because the list was narrowed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _l("Choose someone"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _l("Choose someone from the list. Search for them by name if they are not in it."),
                "invalid_choice": _l("We could not find that person. Search for them by name and choose them."),
            },
        )
        super().__init__(queryset=Person.objects.filter(is_active=True, closed_at__isnull=True), **kwargs)

    def show_only(self, people: list[Person], *, cut: bool, search: str) -> None:
        labels = person_labels(people)
        self.widget.choices = [("", self.empty_label), *((person.pk, labels[person.pk]) for person in people)]
        if search and not people:
            self.help_text = _("No one’s name includes “%(search)s”. Try part of their name.") % {"search": search}
        elif search:
            self.help_text = _("Showing people whose name includes “%(search)s”.") % {"search": search}
        elif cut:
            self.help_text = _("Only the first %(n)s names are listed. Search to find someone else.") % {
                "n": len(people)
            }


def search_field(label: Any) -> forms.CharField:
    field = forms.CharField(label=label, required=False, max_length=SEARCH_MAX)
    plain_text_box(field, _l("A search"))
    return field


class SearchableForm(SubmissionKeyForm):
    """A form whose "Find" buttons send it back only to narrow its lists: then nothing is checked, so no errors
    appear for fields the person has not reached yet, and everything typed is shown again."""

    search_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, searching: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.searching = searching

    @classmethod
    def wants_search(cls, data: Any) -> bool:
        """A "Find" button was pressed with something to find (Enter presses the first button in a form, so with
        nothing typed in any search box the form is sent as usual)."""
        names = [f"{cls.prefix}-{name}" if cls.prefix else name for name in cls.search_fields]
        return "find" in data and any(str(data.get(name, "")).strip() for name in names)

    def search_text(self, name: str) -> str:
        return str(self.data.get(self.add_prefix(name), "")).strip()[:SEARCH_MAX] if self.is_bound else ""

    def full_clean(self) -> None:
        if self.searching:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def narrow(self, field_name: str, search_name: str) -> None:
        field = self.fields[field_name]
        assert isinstance(field, PersonChoiceField)
        chosen = self.data.get(self.add_prefix(field_name)) if self.is_bound else None
        search = self.search_text(search_name)
        people, cut = people_to_choose(search=search, keep=[chosen])
        field.show_only(people, cut=cut, search=search)
