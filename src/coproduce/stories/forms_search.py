"""The story search form (a GET form, so a search can be bookmarked, shared and paged) and the form that asks
for themes to be found again.

The search box has no `maxlength` attribute, so a browser never silently cuts what someone pastes: the limit is
checked here and said plainly, with what they typed kept in the box.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django import forms
from django.forms import BoundField
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _l

from coproduce.stories.forms_telling import StoryFilterForm, service_label
from coproduce.stories.selectors.search import MAX_TEXT_LENGTH
from coproduce.stories.services.themes import DEFAULT_THEMES, MAX_THEMES, MIN_THEMES


class StorySearchForm(StoryFilterForm):
    """The words to look for, and the list's own filters (a service, a theme)."""

    q = forms.CharField(
        label=_l("Words to look for"),
        help_text=_l("For example ‘waiting list’, ‘ramp’ or ‘kind staff’."),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={
            "max_length": _l(
                "What you look for can be up to %(limit_value)s characters. It has %(show_value)s: please shorten it."
            )
        },
    )
    field_order = ["q", "service", "theme"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.pop("maxlength", None)
        self.fields["q"].widget.attrs["spellcheck"] = "true"
        self.order_fields(self.field_order)

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def options(self, name: str) -> SafeString:
        """A select's options as HTML. A place has hundreds of services, and rendering each option through Django's
        widget templates cost more than the search itself; this is the same markup, escaped the same way."""
        chosen = str(self[name].value() or "")
        field = self.fields[name]
        given = field.choices  # type: ignore[attr-defined]
        choices: list[tuple[Any, Any]]
        if name == "service" and isinstance(given, ModelChoiceIterator):
            # Read as plain rows in one go: the field's own choices build a service and its organisation for each
            # of hundreds of services, through a server-side cursor on PostgreSQL, which costs more than the search.
            rows = field.queryset.values_list("pk", "name", "organisation__name")  # type: ignore[attr-defined]
            choices = [("", field.empty_label)] + [  # type: ignore[attr-defined]
                (pk, service_label(SimpleNamespace(name=service, organisation=SimpleNamespace(name=organisation))))  # type: ignore[arg-type]
                for pk, service, organisation in rows
            ]
        else:
            choices = list(given)
        return mark_safe(  # noqa: S308 - every value and label is escaped here
            "".join(
                f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>'
                for value, label in choices
            )
        )

    @property
    def selects(self) -> list[tuple[BoundField, SafeString]]:
        return [(self[name], self.options(name)) for name in ("service", "theme")]


class ThemeRunForm(forms.Form):
    themes = forms.IntegerField(
        label=_l("How many themes to look for"),
        help_text=format_lazy(
            _l("Between {low} and {high}. Fewer themes are broader; more are narrower."),
            low=MIN_THEMES,
            high=MAX_THEMES,
        ),
        min_value=MIN_THEMES,
        max_value=MAX_THEMES,
        initial=DEFAULT_THEMES,
        error_messages={
            "required": _l("Say how many themes to look for, as a number."),
            "invalid": _l("How many themes must be a whole number, such as 8."),
            "min_value": _l("Look for at least %(limit_value)s themes."),
            "max_value": _l("Look for at most %(limit_value)s themes."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].widget.attrs.update({"class": "govuk-input--width-3", "inputmode": "numeric"})
