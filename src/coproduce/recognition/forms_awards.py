"""Forms for nominating, awarding, answering and taking back badges.

Choosing a person uses the shared person picker (a search box and a "Find" button that sends the form back with
everything kept), so it works without JavaScript and behaves as it does everywhere else.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import SubmissionKeyForm, plain_text_box
from coproduce.people.forms_pick import PersonChoiceField, SearchableForm, search_field
from coproduce.people.selectors.people_pick import people_to_choose
from coproduce.recognition.models import Award
from coproduce.recognition.services.awards import DECISION_NOTE_MAX, EVIDENCE_MAX, REASON_MAX, REVOKE_REASON_MAX


def _evidence_field() -> forms.CharField:
    field = forms.CharField(
        label=_l("Evidence"),
        max_length=EVIDENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_l(
            "What they did that earns the badge: when, where, and what difference it made. They will read this, "
            "and it goes into the badge file they can show to others."
        ),
        error_messages={"required": _l("Write the evidence: what they did that earns the badge.")},
    )
    plain_text_box(field, _l("The evidence"))
    return field


class _PickerForm(SearchableForm):
    """A person picker that can start with someone already chosen (a link from their profile or a suggestion)."""

    def narrow(self, field_name: str, search_name: str) -> None:
        chosen = self.initial.get(field_name)
        if self.is_bound or not chosen:
            super().narrow(field_name, search_name)
            return
        field = self.fields[field_name]
        assert isinstance(field, PersonChoiceField)
        people, cut = people_to_choose(keep=[chosen])
        field.show_only(people, cut=cut, search="")


class NominateForm(_PickerForm):
    show_optional = True
    search_fields = ("nominee_search",)

    nominee_search = search_field(_l("Search for the person by name"))
    nominee = PersonChoiceField(label=_l("Who are you nominating?"))
    reason = forms.CharField(
        label=_l("Why are you nominating them?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_l("What have you seen them do? A real example helps whoever decides."),
        error_messages={"required": _l("Say why you are nominating them: what have you seen them do?")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["reason"], _l("Why"))
        self.narrow("nominee", "nominee_search")


class AwardForm(_PickerForm):
    """Giving a badge directly, without a nomination."""

    show_optional = True
    search_fields = ("recipient_search",)

    recipient_search = search_field(_l("Search for the person by name"))
    recipient = PersonChoiceField(label=_l("Who are you giving it to?"))
    evidence = _evidence_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow("recipient", "recipient_search")


class AwardNominationForm(SubmissionKeyForm):
    """Awarding a nomination: the person is already chosen."""

    prefix = "award"
    evidence = _evidence_field()


class DeclineNominationForm(SubmissionKeyForm):
    prefix = "decline"
    note = forms.CharField(
        label=_l("Why not"),
        max_length=DECISION_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("The person who nominated will read this. Be kind, and say what might make a difference."),
        error_messages={
            "required": _l("Say why the badge is not being awarded. The person who nominated will read this.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["note"], _l("Why not"))


class RespondForm(forms.Form):
    """The recipient's answer to a badge offered to them."""

    SHOW, KEEP_PRIVATE, DECLINE = "show", "private", "decline"

    answer = forms.ChoiceField(
        label=_l("Do you accept this badge?"),
        widget=forms.RadioSelect,
        choices=[
            (SHOW, _l("Yes, and show it on my profile")),
            (KEEP_PRIVATE, _l("Yes, but keep it off my profile")),
            (DECLINE, _l("No, thank you")),
        ],
        error_messages={"required": _l("Choose whether you accept the badge.")},
    )

    def __init__(self, *args: Any, award: Award, **kwargs: Any) -> None:
        # Each badge offered gets its own form on the same page, so each needs its own ids.
        kwargs.setdefault("prefix", f"award-{award.pk}")
        super().__init__(*args, **kwargs)
        self.award = award
        self.fields["answer"].label = _("Do you accept the badge “%(name)s”?") % {"name": award.badge.name}


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_l("Why is the badge being taken back?"),
        max_length=REVOKE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_l(
            "The person it was given to will read this, and anyone who checks the badge file will see it "
            "is no longer current."
        ),
        error_messages={
            "required": _l("Say why the badge is being taken back. The person it was given to will read this.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["reason"], _l("Why"))
