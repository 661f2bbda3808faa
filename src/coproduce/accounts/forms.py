from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from coproduce.accounts import selectors, services
from coproduce.core.email import email_on_commit
from coproduce.organisations.models import Organisation, Role
from coproduce.organisations.selectors import organisations_person_can_facilitate
from coproduce.people.models import Person

# Long enough for any passphrase; the limit only stops someone posting megabytes to be hashed.
PASSWORD_MAX_LENGTH = 200

PASSWORD_HINT = _(
    "Use at least 10 characters. A few words you will remember works well. "
    "Do not use a password that is very common or only numbers."
)


def email_field(label: Any = None, help_text: Any = "") -> forms.EmailField:
    return forms.EmailField(
        label=label or _("Email address"),
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter an email address."),
            "invalid": _("Enter an email address in the right format, like name@example.org."),
            "max_length": _("An email address can be up to 254 characters long."),
        },
    )


def password_field(
    label: Any, *, autocomplete: str, help_text: Any = "", required_message: Any = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={
            "required": required_message or _("Enter a password."),
            "max_length": _("A password can be up to %(limit_value)d characters long."),
        },
    )


class SignInForm(forms.Form):
    email = email_field()
    password = password_field(
        _("Password"), autocomplete="current-password", required_message=_("Enter your password.")
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.person: Person | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, password = data.get("email"), data.get("password")
        if email and password:
            # Phones often capitalise the first letter, so match the address however it is typed. Using the
            # stored spelling also means typing it differently does not get anyone extra guesses past axes.
            email = selectors.account_email_spelling(email)
            # Passed as `email`, not `username`: django-axes reads the name of the form field
            # (AXES_USERNAME_FORM_FIELD) from the credentials, so this is what ties failures to one address.
            # ModelBackend rejects closed (inactive) accounts with the same message, so nothing is given away.
            person = authenticate(self.request, email=email, password=password)
            if person is None:
                raise forms.ValidationError(
                    _("The email address or password is not right. Check them, or get a sign-in link by email.")
                )
            self.person = person
        return data


class SignInLinkForm(forms.Form):
    email = email_field(help_text=_("We will email a link to this address if it has an account here."))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your app"),
        max_length=12,
        help_text=_("The 6 numbers your authenticator app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the 6-digit code from your app."),
            "max_length": _("The code is 6 numbers, like 123456."),
        },
    )

    def clean_code(self) -> str:
        # Apps often show the code as "123 456"; people copy it that way.
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("The code is 6 numbers, like 123456."))
        return code


class _HousePasswordsMixin(SetPasswordForm):
    """Django's new-password fields with our wording and limits."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": _("The two passwords are different. Type the same password in both boxes."),
    }

    def __init__(self, user: Person, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"] = password_field(
            _("New password"),
            autocomplete="new-password",
            help_text=PASSWORD_HINT,
            required_message=_("Enter a new password."),
        )
        self.fields["new_password2"] = password_field(
            _("Type the new password again"),
            autocomplete="new-password",
            required_message=_("Type the new password again."),
        )

    def clean(self) -> dict[str, Any]:
        self.validate_passwords("new_password1", "new_password2")
        # Django puts "too short" and the like on the second box; they belong beside the first, with the hint.
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self) or {}


class HouseSetPasswordForm(_HousePasswordsMixin):
    """Choosing a password without the old one, for someone who has only signed in with links."""

    def save(self, commit: bool = True) -> Person:
        return services.person_password_change(person=self.user, password=self.cleaned_data["new_password1"])


class PasswordResetSetForm(_HousePasswordsMixin):
    """Choosing a new password from a reset email."""

    def save(self, commit: bool = True) -> Person:
        return services.person_password_reset(person=self.user, password=self.cleaned_data["new_password1"])


class HousePasswordChangeForm(_HousePasswordsMixin):
    error_messages = {
        **_HousePasswordsMixin.error_messages,
        "password_incorrect": _("Your current password is not right. Check it and try again."),
    }
    old_password = password_field(
        _("Your current password"),
        autocomplete="current-password",
        required_message=_("Enter your current password."),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password

    def save(self, commit: bool = True) -> Person:
        return services.person_password_change(person=self.user, password=self.cleaned_data["new_password1"])


class HousePasswordResetForm(PasswordResetForm):
    email = email_field(help_text=_("The email address you use to sign in."))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        if not services.email_request_allowed(email=to_email, kind="password-reset"):
            return
        # Through the background task like every other email, so a slow mail server never holds up the page.
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        email_on_commit(to=to_email, subject=subject, template=email_template_name, context=context)


class InvitationForm(forms.Form):
    preferred_name = forms.CharField(
        label=_("Their name"),
        max_length=100,
        help_text=_("The name they like to be called. They can change it when they accept."),
        error_messages={
            "required": _("Enter their name."),
            "max_length": _("The name can be up to 100 characters long."),
        },
    )
    email = email_field(_("Their email address"), help_text=_("We will send the invitation here."))
    organisation = forms.ModelChoiceField(
        label=_("Organisation (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None – invite them to the place only"),
        help_text=_("Choose one if they will have a role in it."),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    role = forms.ChoiceField(
        label=_("Their role in that organisation"),
        choices=[*Role.choices, ("", _("No role"))],
        required=False,
        initial="",
        help_text=_("Only needed if you chose an organisation."),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a role from the list.")},
    )

    def __init__(self, *args: Any, inviter: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        organisations = organisations_person_can_facilitate(inviter)
        if organisations.exists():
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        else:
            # Nothing to choose from, so the questions would only get in the way.
            del self.fields["organisation"]
            del self.fields["role"]

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if problem := services.invitation_email_problem(email):
            raise forms.ValidationError(problem)
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "organisation" not in self.fields or self.has_error("organisation") or self.has_error("role"):
            return data
        problems = services.invitation_role_problems(
            inviter=self.inviter, organisation=data.get("organisation"), role=data.get("role", "")
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data


class InvitationAcceptForm(forms.Form):
    preferred_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("The name you like to be called. Other people here will see it."),
        error_messages={
            "required": _("Enter the name you like to be called."),
            "max_length": _("Your name can be up to 100 characters long."),
        },
    )
    password1 = password_field(
        _("Choose a password"),
        autocomplete="new-password",
        help_text=PASSWORD_HINT,
        required_message=_("Choose a password."),
    )
    password2 = password_field(
        _("Type the password again"), autocomplete="new-password", required_message=_("Type the password again.")
    )
    agree = forms.BooleanField(
        label=_("I have read the privacy notice and I want to join"),
        error_messages={"required": _("Tick the box to say you have read the privacy notice and want to join.")},
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error("password2", _("The two passwords are different. Type the same password in both boxes."))
            else:
                # An unsaved person lets the validators check the password is not too like their name or email.
                candidate = Person(email=self.email, preferred_name=data.get("preferred_name", ""))
                try:
                    password_validation.validate_password(password1, candidate)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data
