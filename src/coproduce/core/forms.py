"""Forms render as GOV.UK Frontend components through one renderer, so every app gets the same markup."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import Place

# Dates as people write them: day first, with or without leading zeros, or with the month in words.
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%m-%Y", "%d.%m.%Y"]


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    # Django's select includes two templates for every option, which made a filter of 300 services cost more than
    # the rest of its page. Ours writes the same HTML with one filter (templatetags select_options).
    template_overrides = {"django/forms/widgets/select.html": "core/forms/select.html"}

    def get_template(self, template_name: str) -> Any:
        return super().get_template(self.template_overrides.get(template_name, template_name))


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "description", "contact_email"]
        labels = {"name": _("Name of the place"), "description": _("About the place")}
        help_texts = {
            "name": _("Shown in the header of every page, for example ‘Brackenfold’."),
            "description": _("A few sentences for the home page. Up to 2,000 characters."),
            "contact_email": _("Where people can write about the platform, accessibility or their data."),
        }


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("Who"), required=False, max_length=200, help_text=_("A name or email address."))
    action = forms.ChoiceField(label=_("What they did"), required=False)
    record_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For example 2026-11-01."),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For example 2026-11-30."),
    )

    def __init__(
        self, *args: object, actions: list[str], record_types: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["action"].choices = [("", _("Any"))] + [(a, a) for a in actions]  # type: ignore[attr-defined]
        self.fields["record_type"].choices = [("", _("Any")), *record_types]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The ‘to’ date must be the same as or after the ‘from’ date."))
        return data


def too_long(what: Any) -> Any:
    return format_lazy(
        "{} {}", what, _("can be up to %(limit_value)s characters. It has %(show_value)s: please shorten it.")
    )


def plain_text_box(field: forms.Field, label: Any) -> None:
    field.widget.attrs.pop("maxlength", None)
    field.error_messages["max_length"] = too_long(label)


class SubmissionKeyForm(forms.Form):
    """Every form that changes something carries a key made when the form is first shown and kept when it is shown
    again, so a double click or a resent page is recognised as the same submission and never counts twice."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        key = self.fields["idempotency_key"]
        key.initial = uuid.uuid4().hex
        missing = _("This form was missing a hidden part. Check what you typed and send it again.")
        key.error_messages.update({"required": missing, "max_length": missing})

    def clean_idempotency_key(self) -> str:
        key: str = self.cleaned_data["idempotency_key"]
        try:
            return uuid.UUID(hex=key).hex
        except ValueError as exc:
            raise forms.ValidationError(
                _("This form was missing a hidden part. Check what you typed and send it again.")
            ) from exc


def label_choices(field: forms.Field, label: Callable[[Any], str]) -> None:
    """Say how a model choice field names each row, without a field subclass for every form."""
    field.label_from_instance = label  # type: ignore[attr-defined]
