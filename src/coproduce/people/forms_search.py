"""The "Who can help?" search form. It is a GET form, so a search can be bookmarked, shared and paged.

The text box has no `maxlength` attribute, so a browser never silently cuts what someone pastes: the limit is
checked here and said plainly, with what they typed kept in the box.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from coproduce.people.models import Language, Neighbourhood, Tag
from coproduce.people.selectors.search import MAX_TEXT_LENGTH, SearchFilters

SUBJECTS = [
    ("both", _("People and community groups or places")),
    ("people", _("People")),
    ("assets", _("Community groups and places")),
]


def _filter(label: Any, unknown: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": unknown},
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_("For example ‘cooking’, ‘IT help’, ‘someone to walk with’ or ‘a knitting group’."),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={
            "max_length": _(
                "What you need help with can be up to %(limit_value)s characters. It has %(show_value)s: "
                "please shorten it."
            )
        },
    )
    gift = _filter(_("Gift or skill"), _("We could not find that gift or skill. Choose one from the list, or ‘Any’."))
    interest = _filter(
        _("Passion or interest"), _("We could not find that interest. Choose one from the list, or ‘Any’.")
    )
    language = _filter(
        _("Language they speak"), _("We could not find that language. Choose one from the list, or ‘Any’.")
    )
    neighbourhood = _filter(
        _("Neighbourhood"), _("We could not find that neighbourhood. Choose one from the list, or ‘Any’.")
    )
    subjects = forms.ChoiceField(
        label=_("Show"),
        choices=SUBJECTS,
        initial="both",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose whether to show people, community groups and places, or both.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.pop("maxlength", None)
        self.fields["q"].widget.attrs["spellcheck"] = "true"
        any_choice = [("", _("Any"))]
        tags = list(Tag.objects.filter(status=Tag.Status.APPROVED).order_by("name").values_list("id", "name"))
        self.fields["gift"].choices = any_choice + tags  # type: ignore[attr-defined]
        self.fields["interest"].choices = any_choice + tags  # type: ignore[attr-defined]
        self.fields["language"].choices = any_choice + list(  # type: ignore[attr-defined]
            Language.objects.order_by("name").values_list("id", "name")
        )
        self.fields["neighbourhood"].choices = any_choice + list(  # type: ignore[attr-defined]
            Neighbourhood.objects.order_by("name").values_list("id", "name")
        )

    def options(self, name: str) -> SafeString:
        """A select's options as HTML. A place's list of tags runs to hundreds, and rendering each option through
        Django's widget templates cost more than the whole search; this is the same markup, escaped the same way."""
        chosen = str(self[name].value() or "")
        choices = self.fields[name].choices  # type: ignore[attr-defined]
        return mark_safe(  # noqa: S308 - every value and label is escaped here
            "".join(
                f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>'
                for value, label in choices
            )
        )

    @property
    def selects(self) -> list[tuple[BoundField, SafeString]]:
        return [(self[name], self.options(name)) for name in ("gift", "interest", "language", "neighbourhood")]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_subjects(self) -> str:
        return self.cleaned_data["subjects"] or "both"

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            gift=data["gift"],
            interest=data["interest"],
            language=data["language"],
            neighbourhood=data["neighbourhood"],
            subjects=data["subjects"],
        )
