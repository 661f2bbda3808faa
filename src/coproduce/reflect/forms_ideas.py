"""Forms for gathering ideas, choosing among them, and turning the chosen ones into a plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import DATE_FORMATS, SubmissionKeyForm, label_choices, plain_text_box
from coproduce.frameworks import Framework as FrameworkDefinition
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.reflect.models import Idea
from coproduce.reflect.services.ideas import CHOICES_EACH, MAX_IDEA, SETTLE_MAX, SETTLE_MIN


class IdeaForm(forms.Form):
    text = forms.CharField(
        label=_l("Your idea"),
        max_length=MAX_IDEA,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _l("Write the idea before adding it.")},
    )
    dimension = forms.ChoiceField(label=_l("Which area is it about? (optional)"), required=False)

    def __init__(self, *args: Any, definition: FrameworkDefinition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["text"], _l("An idea"))
        self.fields["dimension"].choices = [("", _("Any or all of them"))] + [  # type: ignore[attr-defined]
            (dimension.key, dimension.title) for dimension in definition.dimensions
        ]


class _IdeasForm(forms.Form):
    ideas = forms.ModelMultipleChoiceField(queryset=Idea.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, ideas: list[Idea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ideas"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Idea.objects.filter(pk__in=[idea.pk for idea in ideas]).order_by("pk")
        counts = {idea.pk: getattr(idea, "dots", None) for idea in ideas}
        label_choices(
            field,
            lambda idea: (
                idea.text
                if counts.get(idea.pk) is None
                else _("%(text)s (chosen by %(n)s)") % {"text": idea.text, "n": counts[idea.pk]}
            ),
        )


class ChooseForm(_IdeasForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ideas"]
        field.label = _("Choose up to %(n)s ideas you would act on first") % {"n": CHOICES_EACH}
        field.required = False
        field.help_text = _("Like putting your sticky dots on the wall.")

    def clean_ideas(self) -> list[Idea]:
        ideas = list(self.cleaned_data["ideas"])
        if len(ideas) > CHOICES_EACH:
            raise forms.ValidationError(
                _("You chose %(has)s. Choose up to %(n)s: the ones that matter most to you.")
                % {"has": len(ideas), "n": CHOICES_EACH}
            )
        return ideas


class SettleForm(_IdeasForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ideas"]
        field.label = _("The %(low)s or %(high)s ideas the group settles on") % {"low": SETTLE_MIN, "high": SETTLE_MAX}
        field.help_text = _("Few enough that you will really do them. The most chosen are at the top.")
        field.error_messages["required"] = _("Choose %(low)s or %(high)s ideas.") % {
            "low": SETTLE_MIN,
            "high": SETTLE_MAX,
        }

    def clean_ideas(self) -> list[Idea]:
        ideas = list(self.cleaned_data["ideas"])
        if not SETTLE_MIN <= len(ideas) <= SETTLE_MAX:
            raise forms.ValidationError(
                _("You chose %(has)s. Settle on %(low)s or %(high)s: few enough to really do.")
                % {"has": len(ideas), "low": SETTLE_MIN, "high": SETTLE_MAX}
            )
        return ideas


PERSON, ORGANISATION = "person", "organisation"


class PlanMakeForm(SubmissionKeyForm):
    """The plan's name, then for each settled idea: what, who, by when and how."""

    title = forms.CharField(label=_l("Name of the plan"), max_length=200)

    def __init__(
        self, *args: Any, ideas: list[Idea], people: list[Person], organisation: Organisation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["title"], _l("The name"))
        self.ideas = ideas
        self.people = {str(person.pk): person for person in people}
        self.organisation = organisation
        owners = [("", _("Not decided yet")), (f"{ORGANISATION}-{organisation.pk}", organisation.name)] + [
            (f"{PERSON}-{person.pk}", person.display_name) for person in people
        ]
        for idea in ideas:
            prefix = f"i{idea.pk}"
            self.fields[f"{prefix}-what"] = forms.CharField(
                label=_("What will be done"),
                max_length=300,
                initial=idea.text[:300],
                error_messages={"required": _("Say what will be done for this idea.")},
            )
            plain_text_box(self.fields[f"{prefix}-what"], _("What will be done"))
            self.fields[f"{prefix}-owner"] = forms.ChoiceField(
                label=_("Who will do it"), choices=owners, required=False
            )
            self.fields[f"{prefix}-due_on"] = forms.DateField(
                label=_("By when (optional)"),
                required=False,
                input_formats=DATE_FORMATS,
                widget=forms.DateInput(
                    attrs={"class": "govuk-input--width-10", "autocomplete": "off"}, format="%d/%m/%Y"
                ),
                help_text=_("For example 27/3/2027."),
                error_messages={"invalid": _("Write the date as day, month and year, for example 27/3/2027.")},
            )
            self.fields[f"{prefix}-how"] = forms.CharField(
                label=_("How (optional)"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
            )
            plain_text_box(self.fields[f"{prefix}-how"], _("How"))

    def idea_fields(self) -> list[tuple[Idea, list[forms.BoundField]]]:
        return [
            (idea, [self[f"i{idea.pk}-{part}"] for part in ("what", "owner", "due_on", "how")]) for idea in self.ideas
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        for idea in self.ideas:
            due: date | None = data.get(f"i{idea.pk}-due_on")
            if due is not None and due < today:
                self.add_error(f"i{idea.pk}-due_on", _("That date has passed. Choose today or a later date."))
        return data

    def owner(self, idea: Idea) -> tuple[Person | None, Organisation | None]:
        value: str = self.cleaned_data.get(f"i{idea.pk}-owner") or ""
        kind, _sep, pk = value.partition("-")
        if kind == PERSON:
            return self.people.get(pk), None
        if kind == ORGANISATION:
            return None, self.organisation
        return None, None
