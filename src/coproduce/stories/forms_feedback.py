"""Forms for telling a manager something (signed in, or on a venue's tablet), and for managers acknowledging it,
removing abuse, and making venue links. Text boxes carry no `maxlength`, so nothing pasted is cut off silently."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import SubmissionKeyForm, plain_text_box
from coproduce.organisations.models import Service
from coproduce.stories.services.feedback import BODY_MAX, CONTACT_MAX, LABEL_MAX, NOTE_MAX, REASON_MAX

_SERVICE_ERRORS = {
    "required": _l("Choose the service it is about."),
    "invalid_choice": _l("We could not find that service. Choose one from the list."),
}


def _body_field() -> forms.CharField:
    field = forms.CharField(
        label=_l("What do you want the manager to know?"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_l("In your own words. The manager reads exactly what you write: nobody changes it."),
        error_messages={"required": _l("Write what you want the manager to know.")},
    )
    plain_text_box(field, _l("What you write"))
    return field


def _contact_field() -> forms.CharField:
    field = forms.CharField(
        label=_l("How can the manager reach you?"),
        required=False,
        max_length=CONTACT_MAX,
        help_text=_l("A phone number or email address, if you would like a reply. The manager will see it."),
    )
    plain_text_box(field, _l("How to reach you"))
    return field


class FeedbackForm(SubmissionKeyForm):
    show_optional = True

    service = forms.ModelChoiceField(
        label=_l("Which service is it about?"),
        queryset=Service.objects.none(),
        empty_label=_l("Choose a service"),
        error_messages=_SERVICE_ERRORS,
    )
    body = _body_field()
    hide_identity = forms.BooleanField(
        label=_l("Don’t tell the manager who I am"),
        required=False,
        help_text=_l(
            "Your name is not kept with it at all. It will not show in your list of feedback, and the manager "
            "cannot reply unless you leave a way to reach you."
        ),
    )
    contact = _contact_field()

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class VenueFeedbackForm(SubmissionKeyForm):
    """On a shared tablet: no name is ever kept; a way to reach you is up to you."""

    show_optional = True

    body = _body_field()
    contact = _contact_field()


class AcknowledgeForm(forms.Form):
    show_optional = True

    note = forms.CharField(
        label=_l("A note for the person who sent it"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("What you will do, or why not. They see it if they sent it under their name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["note"], _l("Your note"))


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_l("Why are you removing it?"),
        max_length=REASON_MAX,
        help_text=_l("For example ‘Threatens a member of staff’. The reason is kept with it, and with your name."),
        error_messages={"required": _l("Say why you are removing it.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["reason"], _l("The reason"))


class VenueLinkForm(SubmissionKeyForm):
    service = forms.ModelChoiceField(
        label=_l("Which service is the tablet for?"),
        queryset=Service.objects.none(),
        empty_label=_l("Choose a service"),
        error_messages=_SERVICE_ERRORS,
    )
    label = forms.CharField(
        label=_l("Where will the tablet be?"),
        max_length=LABEL_MAX,
        help_text=_l("For example ‘Reception at the drop-in’. People using the tablet do not see this."),
        error_messages={"required": _l("Say where the tablet will be.")},
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["label"], _l("Where the tablet is"))
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class InboxFilterForm(forms.Form):
    """A GET form: the inbox narrowed to one service, or to what is still waiting."""

    service = forms.ModelChoiceField(
        label=_l("Service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_l("All your services"),
        error_messages={"invalid_choice": _l("We could not find that service. Choose one from the list.")},
    )
    waiting = forms.BooleanField(label=_l("Only show feedback waiting to be acknowledged"), required=False)

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]

    def chosen(self) -> tuple[Service | None, bool]:
        if not self.is_bound or not self.is_valid():
            return None, False
        return self.cleaned_data.get("service"), bool(self.cleaned_data.get("waiting"))
