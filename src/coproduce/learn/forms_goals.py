"""Forms for learning goals, their baby steps, and the notes that recognise a step.

Text boxes carry no `maxlength`, so nothing pasted is cut off silently: the limit is checked and said plainly,
and everything typed comes back with the message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import SubmissionKeyForm, plain_text_box
from coproduce.learn.services.goals import LEARNED_MAX, NOTE_MAX, STEP_MAX, TITLE_MAX, WHY_MAX


class GoalForm(SubmissionKeyForm):
    show_optional = True

    title = forms.CharField(
        label=_l("What do you want to learn?"),
        max_length=TITLE_MAX,
        help_text=_l("In your own words, for example ‘Chair a meeting so that everyone gets a say’."),
        error_messages={"required": _l("Say what you want to learn.")},
    )
    why = forms.CharField(
        label=_l("Why does it matter to you?"),
        required=False,
        max_length=WHY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competency = forms.ChoiceField(
        label=_l("Is it about one of the ways of working together?"),
        required=False,
        help_text=_l("The workforce competencies for co-production. You can leave this out."),
        error_messages={"invalid_choice": _l("Choose one of the competencies in the list, or none.")},
    )
    shown_on_profile = forms.BooleanField(
        label=_l("Show this goal on my profile"),
        required=False,
        help_text=_l("Only you, and the people who facilitate you, see it unless you tick this."),
    )

    def __init__(self, *args: Any, competencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["title"], _l("What you want to learn"))
        plain_text_box(self.fields["why"], _l("Why it matters"))
        self.fields["competency"].choices = [("", _l("Not tied to a competency")), *competencies]  # type: ignore[attr-defined]


class StepForm(SubmissionKeyForm):
    what = forms.CharField(
        label=_l("A small step towards it"),
        max_length=STEP_MAX,
        help_text=_l("Something you could do soon, for example ‘Ask Sam how she runs the residents’ meeting’."),
        error_messages={"required": _l("Say what the step is.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["what"], _l("The step"))


class StepChangeForm(forms.Form):
    what = forms.CharField(
        label=_l("The step"), max_length=STEP_MAX, error_messages={"required": _l("Say what the step is.")}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["what"], _l("The step"))


class StepDoneForm(forms.Form):
    learned = forms.CharField(
        label=_l("What did you learn?"),
        max_length=LEARNED_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_l("A line is enough. It can be something that surprised you, or that did not go to plan."),
        error_messages={"required": _l("Say in a line what you learned from this step.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["learned"], _l("What you learned"))


class RecognitionForm(forms.Form):
    note = forms.CharField(
        label=_l("Your note"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("Say what you noticed and why it matters. They choose whether it shows on their profile."),
        error_messages={"required": _l("Write your note.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["note"], _l("Your note"))
