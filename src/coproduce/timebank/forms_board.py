"""Forms for the offers and requests board. Text boxes carry no `maxlength` attribute, so a browser never silently
cuts what someone pastes: the limit is checked here and said plainly, with everything typed kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import SubmissionKeyForm, plain_text_box
from coproduce.organisations.models import Organisation
from coproduce.people.models import Neighbourhood
from coproduce.timebank.models import Category, Listing
from coproduce.timebank.services.board import DESCRIPTION_MAX, TITLE_MAX
from coproduce.timebank.services.exchanges import DESCRIPTION_MAX as AGREEMENT_MAX

MYSELF = "me"


def on_behalf_choices(organisations: list[Organisation]) -> list[tuple[str, str]]:
    return [(MYSELF, _("Myself")), *((f"organisation-{o.pk}", o.name) for o in organisations)]


def organisation_chosen(value: str, organisations: list[Organisation]) -> Organisation | None:
    by_value = {f"organisation-{o.pk}": o for o in organisations}
    return by_value.get(value)


class BoardFilterForm(forms.Form):
    """The board's filters: a GET form, so a filtered board can be bookmarked, shared and paged."""

    kind = forms.ChoiceField(
        label=_l("Show"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", _l("Offers and requests")),
            (Listing.Kind.OFFER, _l("Offers of help")),
            (Listing.Kind.REQUEST, _l("Requests for help")),
        ],
        error_messages={"invalid_choice": _l("Choose offers, requests or both.")},
    )
    category = forms.ModelChoiceField(
        label=_l("Kind of help"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_l("Any kind of help"),
        error_messages={"invalid_choice": _l("We could not find that kind of help. Choose one from the list.")},
    )
    neighbourhood = forms.ModelChoiceField(
        label=_l("Neighbourhood"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=_l("Anywhere"),
        error_messages={"invalid_choice": _l("We could not find that neighbourhood. Choose one from the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ""
        self.fields["category"].queryset = Category.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name")  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The filters that are valid; one that is not is left out (and its error shown) rather than hiding all."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class ListingForm(SubmissionKeyForm):
    kind = forms.ChoiceField(
        label=_l("Are you offering or asking?"),
        widget=forms.RadioSelect,
        choices=[
            (Listing.Kind.OFFER, _l("I can offer something")),
            (Listing.Kind.REQUEST, _l("I would like some help")),
        ],
        error_messages={
            "required": _l("Choose whether you are offering something or asking for something."),
            "invalid_choice": _l("Choose whether you are offering something or asking for something."),
        },
    )
    on_behalf_of = forms.ChoiceField(
        label=_l("Who is it from?"),
        widget=forms.RadioSelect,
        help_text=_l("You can put something on the board for an organisation you work for."),
        error_messages={
            "required": _l("Choose who it is from: you or an organisation you work for."),
            "invalid_choice": _l("Choose who it is from: you or an organisation you work for."),
        },
    )
    title = forms.CharField(
        label=_l("Title"),
        max_length=TITLE_MAX,
        help_text=_l("A few words, for example ‘Lifts to the hospital on Tuesdays’ or ‘Help with my CV’."),
        error_messages={"required": _l("Give your listing a short title.")},
    )
    description = forms.CharField(
        label=_l("More about it (optional)"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_l("When you are free, what you need, anything that would help someone say yes."),
    )
    category = forms.ModelChoiceField(
        label=_l("Kind of help"),
        queryset=Category.objects.none(),
        empty_label=_l("Choose one"),
        error_messages={
            "required": _l("Choose the kind of help it is."),
            "invalid_choice": _l("Choose the kind of help from the list."),
        },
    )
    neighbourhood = forms.ModelChoiceField(
        label=_l("Neighbourhood (optional)"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=_l("Anywhere, or not in one neighbourhood"),
        error_messages={"invalid_choice": _l("Choose a neighbourhood from the list.")},
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        plain_text_box(self.fields["title"], _l("The title"))
        plain_text_box(self.fields["description"], _l("More about it"))
        self.fields["category"].queryset = Category.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name")  # type: ignore[attr-defined]
        if organisations:
            self.fields["on_behalf_of"].choices = on_behalf_choices(organisations)  # type: ignore[attr-defined]
            self.fields["on_behalf_of"].initial = MYSELF
        else:
            # Someone who works for no organisation lists only for themself; the question would only be noise.
            del self.fields["on_behalf_of"]

    def organisation(self) -> Organisation | None:
        return organisation_chosen(self.cleaned_data.get("on_behalf_of", MYSELF), self.organisations)


class AnswerForm(SubmissionKeyForm):
    """Answering a listing: what the two sides are agreeing to, and for whom."""

    description = forms.CharField(
        label=_l("What you are agreeing to"),
        max_length=AGREEMENT_MAX,
        required=False,
        help_text=_l("In a few words. This is what the hours will say they were for. You can change the title."),
    )
    on_behalf_of = forms.ChoiceField(
        label=_l("Who is it from?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _l("Choose who it is from: you or an organisation you work for."),
            "invalid_choice": _l("Choose who it is from: you or an organisation you work for."),
        },
    )

    def __init__(self, *args: Any, organisations: list[Organisation], listing: Listing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        plain_text_box(self.fields["description"], _l("What you are agreeing to"))
        self.fields["description"].initial = listing.title
        if organisations:
            self.fields["on_behalf_of"].choices = on_behalf_choices(organisations)  # type: ignore[attr-defined]
            self.fields["on_behalf_of"].initial = MYSELF
        else:
            del self.fields["on_behalf_of"]

    def organisation(self) -> Organisation | None:
        return organisation_chosen(self.cleaned_data.get("on_behalf_of", MYSELF), self.organisations)
