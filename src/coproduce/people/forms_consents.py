from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.people.models import Consent, ConsentTopic


class ConsentChangeForm(forms.Form):
    """One button on the consents page: give or withdraw one topic."""

    action = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")], widget=forms.HiddenInput)
    topic = forms.ChoiceField(choices=ConsentTopic.choices, widget=forms.HiddenInput)
    # The version of the words shown beside the button; consent counts only for words the person saw.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ConsentRecordForm(forms.Form):
    """A facilitator records a consent someone gave away from the screen."""

    HOW_CHOICES = [
        (Consent.How.WITH_FACILITATOR, _("In person, with me")),
        (Consent.How.PAPER, _("On a paper form, which I am entering now")),
        (Consent.How.SPOKEN, _("Spoken, for example on the phone")),
    ]

    topic = forms.ChoiceField(
        label=_("What did they agree to?"),
        choices=ConsentTopic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what they agreed to.")},
    )
    how = forms.ChoiceField(
        label=_("How did they agree?"),
        choices=HOW_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they agreed.")},
    )
    confirmed = forms.BooleanField(
        label=_("They read these exact words, or heard them read out, and said yes"),
        error_messages={"required": _("Confirm they agreed to these exact words.")},
    )

    def __init__(self, *args: Any, versions: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One hidden version per topic: the words shown on this page are the words recorded, or nothing is.
        for topic, version in versions.items():
            self.fields[f"version_{topic}"] = forms.IntegerField(
                required=False, initial=version, widget=forms.HiddenInput
            )

    def version_shown(self) -> int | None:
        value = self.cleaned_data.get(f"version_{self.cleaned_data.get('topic')}")
        return int(value) if value else None
