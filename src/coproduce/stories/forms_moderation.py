"""Forms for moderation: acting on several stories at once, keeping flagged details, suggesting new words, deciding
not to publish, and the teller's answer to a suggestion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import plain_text_box
from coproduce.stories.models import IdentifyingDetail, Story
from coproduce.stories.services.moderation import (
    BODY_MAX,
    KEEP_REASON_MAX,
    NOT_PUBLISHED_REASON_MAX,
    REASON_MAX,
    TELLER_NOTE_MAX,
    TITLE_MAX,
)

PUBLISH = "publish"
NOT_PUBLISH = "not_publish"


class BulkForm(forms.Form):
    """The queue's form: the stories ticked, which button was pressed, and the reason for not publishing."""

    stories = forms.TypedMultipleChoiceField(
        label=_l("Stories to act on"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _l("Choose at least one story."),
            "invalid_choice": _l("One of the stories chosen is no longer in your queue. Choose again."),
        },
    )
    action = forms.ChoiceField(
        choices=[(PUBLISH, _l("Publish")), (NOT_PUBLISH, _l("Do not publish"))],
        widget=forms.HiddenInput,
        error_messages={"required": _l("Choose what to do with the stories.")},
    )
    reason = forms.CharField(
        label=_l("Why not (for stories you do not publish)"),
        help_text=_l("Their tellers will read this, so say it kindly. The same words go to each of them."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOT_PUBLISHED_REASON_MAX,
    )

    def __init__(self, *args: Any, story_ids: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stories"].choices = [(pk, str(pk)) for pk in story_ids]  # type: ignore[attr-defined]
        plain_text_box(self.fields["reason"], _l("Why not"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == NOT_PUBLISH and not (data.get("reason") or "").strip() and "reason" not in self.errors:
            self.add_error("reason", _l("Say why the stories will not be published. Their tellers will read this."))
        return data


def _detail_label(detail: IdentifyingDetail) -> str:
    if detail.in_title:
        return _("“%(text)s” (%(kind)s, in the title)") % {"text": detail.text, "kind": detail.get_kind_display()}
    return _("“%(text)s” (%(kind)s)") % {"text": detail.text, "kind": detail.get_kind_display()}


class KeepForm(forms.Form):
    prefix = "keep"

    details = forms.TypedMultipleChoiceField(
        label=_l("Which marked details are fine to keep?"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _l("Choose at least one detail that is fine to keep."),
            "invalid_choice": _l("One of those details has already been dealt with. Choose again."),
        },
    )
    reason = forms.CharField(
        label=_l("Why are they fine to keep?"),
        help_text=_l("For example ‘it is the name of the service’ or ‘the teller wants their first name shown’."),
        max_length=KEEP_REASON_MAX,
        error_messages={"required": _l("Say why these details are fine to keep.")},
    )

    def __init__(self, *args: Any, details: Sequence[IdentifyingDetail] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["details"].choices = [(d.pk, _detail_label(d)) for d in details]  # type: ignore[attr-defined]
        plain_text_box(self.fields["reason"], _l("Why they are fine to keep"))


class SuggestForm(forms.Form):
    prefix = "suggest"

    title = forms.CharField(
        label=_l("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _l("Give the story a title.")},
    )
    body = forms.CharField(
        label=_l("The story’s words"),
        help_text=_l(
            "We have put a placeholder in place of each marked detail. Read it through: change only what you must, "
            "so it stays the teller’s story."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=BODY_MAX,
        error_messages={"required": _l("Write the story’s words.")},
    )
    reason = forms.CharField(
        label=_l("Why you suggest the change"),
        help_text=_l("The teller reads this. For example ‘So nobody can find your daughter from the story’."),
        max_length=REASON_MAX,
        error_messages={"required": _l("Say why you suggest the change. The teller will read this.")},
    )
    teller_agreed = forms.BooleanField(
        label=_l("The teller has heard these words and agreed to them"),
        help_text=_l(
            "Tick only if you have asked them. The story changes straight away, with your name as the person who "
            "recorded their answer. Otherwise the suggestion waits, and whoever gathered the story can ask them."
        ),
        required=False,
    )

    def __init__(self, *args: Any, story: Story, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A teller with an account answers for themselves.
        if story.teller_id is not None:
            del self.fields["teller_agreed"]
        for name, label in (("title", _l("The title")), ("body", _l("The story")), ("reason", _l("Why"))):
            plain_text_box(self.fields[name], label)


class NotPublishForm(forms.Form):
    prefix = "not"

    reason = forms.CharField(
        label=_l("Why will it not be published?"),
        help_text=_l("The teller reads this, so say it kindly, and say what they could do instead if anything."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOT_PUBLISHED_REASON_MAX,
        error_messages={"required": _l("Say why the story will not be published. The teller will read this.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["reason"], _l("Why not"))


YES = "yes"
NO = "no"


class AnswerForm(forms.Form):
    """The teller's answer to a suggested change, or the answer someone records for them."""

    answer = forms.ChoiceField(
        label=_l("Do you agree to the suggested words?"),
        choices=[(YES, _l("Yes, use the suggested words")), (NO, _l("No, keep my own words"))],
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose yes or no.")},
    )
    note = forms.CharField(
        label=_l("Anything you want to tell the moderator (optional)"),
        max_length=TELLER_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    teller_agreed = forms.BooleanField(
        label=_l("I read the suggested words to the teller and they agreed"),
        required=False,
    )

    def __init__(self, *args: Any, on_behalf: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_behalf = on_behalf
        if on_behalf:
            self.fields["answer"].label = _l("What did the teller say?")
            self.fields["answer"].choices = [  # type: ignore[attr-defined]
                (YES, _l("Yes, they agreed to the suggested words")),
                (NO, _l("No, they want to keep their own words")),
            ]
            self.fields["note"].label = _l("Anything the teller wants the moderator to know (optional)")
        else:
            del self.fields["teller_agreed"]
        plain_text_box(self.fields["note"], _l("The note"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.on_behalf and data.get("answer") == YES and not data.get("teller_agreed"):
            self.add_error(
                "teller_agreed", _l("Tick to confirm the teller heard the suggested words and agreed to them.")
            )
        return data
