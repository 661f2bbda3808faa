from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.people.models import Person
from coproduce.people.services.closing import person_close_problem


class AccountCloseForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that closing my account cannot be undone"),
        error_messages={"required": _("Tick the box to say you understand that closing cannot be undone.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("So we know it is really you."),
        error_messages={"required": _("Type your password.")},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if not person.has_usable_password():
            # People who only ever sign in with an email link have no password to type.
            del self.fields["password"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password" in self.fields and not data.get("password"):
            return data
        if problem := person_close_problem(person=self.person, password=data.get("password", "")):
            self.add_error("password" if "password" in self.fields else None, problem)
        return data
