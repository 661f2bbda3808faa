"""Forms for failures that teach: telling one, and a facilitator's praise."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import SubmissionKeyForm, plain_text_box
from coproduce.learn.services.failures import PART_MAX, PRAISE_MAX, TITLE_MAX
from coproduce.organisations.models import Organisation

YES, NO = "yes", "no"


class FailureForm(SubmissionKeyForm):
    show_optional = True

    title = forms.CharField(
        label=_l("Title"),
        max_length=TITLE_MAX,
        help_text=_l("A few words, for example ‘The suggestion box nobody used’."),
        error_messages={"required": _l("Give the story a title.")},
    )
    tried = forms.CharField(
        label=_l("What did you try?"),
        max_length=PART_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _l("Say what you tried.")},
    )
    happened = forms.CharField(
        label=_l("What happened?"),
        max_length=PART_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _l("Say what happened.")},
    )
    learned = forms.CharField(
        label=_l("What did it teach you?"),
        max_length=PART_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("What you would do differently, or what someone else trying the same could know first."),
        error_messages={"required": _l("Say what it taught you.")},
    )
    organisation = forms.ModelChoiceField(
        label=_l("Was it for one of your organisations?"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_l("No, or I would rather not say"),
        error_messages={"invalid_choice": _l("Choose one of your own organisations, or none.")},
    )
    show_name = forms.ChoiceField(
        label=_l("Should your name show with the story?"),
        choices=[(YES, _l("Yes, show my name")), (NO, _l("No, tell it without my name"))],
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose whether your name shows with the story.")},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, what in (
            ("title", _l("The title")),
            ("tried", _l("What you tried")),
            ("happened", _l("What happened")),
            ("learned", _l("What it taught you")),
        ):
            plain_text_box(self.fields[name], what)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    @property
    def wants_name_shown(self) -> bool:
        return bool(self.cleaned_data.get("show_name") == YES)


class PraiseForm(forms.Form):
    note = forms.CharField(
        label=_l("Your praise"),
        max_length=PRAISE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_l("Everyone who reads the story sees it, with your name."),
        error_messages={"required": _l("Write your praise.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["note"], _l("Your praise"))
