"""Forms render as GOV.UK Frontend components through one renderer, so every app gets the same markup."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import Place


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


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
