from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.organisations.models import Organisation, Role, Service
from coproduce.people.models import Person


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "website"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "description": _("In plain words: who it is for and what it does. Up to 3,000 characters."),
            "website": _("Optional. For example https://example.org"),
        }


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "description"]
        help_texts = {"description": _("Who it is for and what it offers. Up to 3,000 characters.")}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if self.organisation.services.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This organisation already has a service with that name."))
        return name


class MembershipAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        help_text=_("They must already have an account. To add someone new, invite them instead."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    service = forms.ModelChoiceField(
        label=_("Service (optional)"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("The whole organisation"),
    )
    title = forms.CharField(
        label=_("Title (optional)"),
        max_length=100,
        required=False,
        help_text=_("How they describe the role, for example ‘Peer mentor’."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = organisation.services.order_by("name")  # type: ignore[attr-defined]
        # The organisation is already on the page, so each service is named on its own.
        self.fields["service"].label_from_instance = lambda service: service.name  # type: ignore[attr-defined]
        self.person: Person | None = None

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        self.person = Person.objects.filter(email__iexact=email, is_active=True).first()
        if self.person is None:
            raise forms.ValidationError(_("No one with that email address has an account here. Invite them instead."))
        return email
