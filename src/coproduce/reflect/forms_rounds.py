"""Forms for opening a round, bringing people in, and answering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import DATE_FORMATS, SubmissionKeyForm, label_choices, plain_text_box
from coproduce.frameworks import Dimension
from coproduce.frameworks import Framework as FrameworkDefinition
from coproduce.organisations.models import Organisation, Service
from coproduce.people.models import Person
from coproduce.reflect.models import Framework, Participant, Perspective, Rag, ReflectionRound
from coproduce.reflect.services.ideas import MAX_IDEA
from coproduce.reflect.services.rounds import MAX_EVIDENCE, AnswerInput

DONT_KNOW = "dk"


class RoundOpenForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_l("Framework"),
        queryset=Framework.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose the framework the round will use.")},
    )
    organisation = forms.ModelChoiceField(
        label=_l("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _l("Choose the organisation the round looks at.")},
    )
    service = forms.ModelChoiceField(
        label=_l("Service (optional)"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_l("The whole organisation"),
        help_text=_l("Leave this to look at the whole organisation."),
    )
    title = forms.CharField(
        label=_l("Name of the round"),
        max_length=200,
        help_text=_l("For example ‘Day centre, autumn 2026’."),
        error_messages={"required": _l("Give the round a name people will recognise.")},
    )
    purpose = forms.CharField(
        label=_l("What do you want to find out? (optional)"), required=False, max_length=2000, widget=forms.Textarea
    )
    subjects = forms.CharField(
        label=_l("Groups or activities to rate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l(
            "Only for readiness and ladder frameworks. One on each line: for readiness, the groups (for example "
            "Commissioners, Carers); for the ladder, the activities (for example Our last consultation)."
        ),
    )
    allow_anonymous = forms.BooleanField(
        label=_l("People may answer without their name showing beside their answers"), required=False, initial=True
    )
    closes_on = forms.DateField(
        label=_l("Closes on (optional)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}, format="%d/%m/%Y"),
        help_text=_l("A reminder for everyone; you close the round yourself. For example 27/3/2027."),
        error_messages={"invalid": _l("Write the date as day, month and year, for example 27/3/2027.")},
    )

    def __init__(self, *args: Any, frameworks: list[Framework], organisations: list[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["title"], _l("The name"))
        plain_text_box(self.fields["purpose"], _l("What you want to find out"))
        framework_field = self.fields["framework"]
        assert isinstance(framework_field, forms.ModelChoiceField)
        framework_field.queryset = Framework.objects.filter(pk__in=[f.pk for f in frameworks])
        label_choices(framework_field, lambda f: f"{f.title} ({f.definition.summary.split('. ')[0]})")
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            organisation_field.initial = organisations[0].pk
        service_field = self.fields["service"]
        assert isinstance(service_field, forms.ModelChoiceField)
        service_field.queryset = Service.objects.filter(organisation__in=organisations).select_related("organisation")
        label_choices(service_field, lambda s: f"{s.name} ({s.organisation.name})")

    def clean_closes_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("closes_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("That date has passed. Choose today or a later date."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        service, organisation = data.get("service"), data.get("organisation")
        if service is not None and organisation is not None and service.organisation_id != organisation.pk:
            self.add_error(
                "service",
                _("That service belongs to %(org)s. Choose one of this organisation’s.")
                % {"org": service.organisation.name},
            )
        framework = data.get("framework")
        if framework is not None:
            definition = framework.definition
            lines = [line for line in data.get("subjects", "").splitlines() if line.strip()]
            if definition.subjects is not None and not lines:
                self.add_error(
                    "subjects",
                    _("%(framework)s asks people to rate %(what)s: name at least one, one on each line.")
                    % {"framework": definition.title, "what": definition.subjects.label.lower()},
                )
            if definition.subjects is None and lines:
                self.add_error(
                    "subjects",
                    _(
                        "%(framework)s does not rate groups or activities. Leave this empty, or choose a readiness "
                        "or ladder framework."
                    )
                    % {"framework": definition.title},
                )
        return data


class JoinForm(forms.Form):
    perspective = forms.ChoiceField(
        label=_l("Which of these best describes you here?"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose the one that fits best, so your view is shown beside others like it.")},
    )
    anonymous = forms.BooleanField(
        label=_l("Do not show my name beside my answers"),
        required=False,
        help_text=_l("The facilitator will see that you answered, not which answers are yours."),
    )

    def __init__(self, *args: Any, allow_anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_anonymous:
            del self.fields["anonymous"]


class ParticipantAddForm(forms.Form):
    # Beside the invitation form on the round page: prefixes keep their fields' ids apart.
    prefix = "add"
    name = forms.CharField(
        label=_l("Their name or initials"),
        max_length=150,
        required=False,
        help_text=_l("Only the people who run this round see it. Leave it empty if they would rather not say."),
    )
    perspective = forms.ChoiceField(
        label=_l("Which of these best describes them here?"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose the one that fits best.")},
    )
    channel = forms.ChoiceField(
        label=_l("How are they answering?"),
        choices=[
            (Participant.Channel.SCREEN, Participant.Channel.SCREEN.label),
            (Participant.Channel.PAPER, Participant.Channel.PAPER.label),
        ],
        widget=forms.RadioSelect,
        initial=Participant.Channel.SCREEN,
        error_messages={"required": _l("Say whether they are here now or answered on paper.")},
    )
    anonymous = forms.BooleanField(label=_l("Do not show their name beside their answers"), required=False)

    def __init__(self, *args: Any, allow_anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["name"], _l("The name"))
        if not allow_anonymous:
            del self.fields["anonymous"]


class InviteForm(forms.Form):
    prefix = "invite"
    people = forms.ModelMultipleChoiceField(
        label=_l("Who to invite"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _l("Choose at least one person to invite.")},
    )
    perspective = forms.ChoiceField(
        label=_l("Their perspective"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        help_text=_l("They can change it when they answer."),
        error_messages={"required": _l("Choose the perspective they bring.")},
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("preferred_name", "pk")
        label_choices(field, lambda p: p.display_name)


@dataclass(frozen=True)
class AnswerItem:
    """One thing to answer: a dimension, for one group or activity where the framework rates several."""

    index: int
    dimension: Dimension
    subject: str

    @property
    def prefix(self) -> str:
        return f"a{self.index}"


def answer_items(definition: FrameworkDefinition, subjects: list[str]) -> list[AnswerItem]:
    items: list[AnswerItem] = []
    for subject in subjects if definition.subjects is not None else [""]:
        for dimension in definition.dimensions:
            items.append(AnswerItem(len(items), dimension, subject))
    return items


class AnswerForm(SubmissionKeyForm):
    """Every dimension of the round's framework, in standard or easy-read words, with evidence and ideas."""

    ideas = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_l("What could we do to make things better? (optional)"),
        help_text=_l("One idea on each line. Nothing is too silly or too impossible."),
    )
    easy_read = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        round_: ReflectionRound,
        easy: bool,
        training_notes: dict[str, list[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.round = round_
        self.definition = definition = round_.framework.definition
        self.easy = easy
        # The participant's own "what I will do differently" notes from training, by dimension key: shown under each
        # workforce competency as evidence they may use (see learn.selectors.sessions.training_notes_by_competency).
        self.training_notes = training_notes or {}
        self.fields["easy_read"].initial = easy
        if easy:
            self.fields["ideas"].label = _("Your ideas to make things better (you can leave this empty)")
            self.fields["ideas"].help_text = _("Write one idea on each line. Any idea is welcome.")
        self.items = answer_items(definition, list(round_.subjects))
        scale = [(str(p.value), p.easy_read if easy and p.easy_read else p.label) for p in definition.scale]
        dont_know = (DONT_KNOW, _("I don’t know") if not easy else _("I am not sure"))
        questions = definition.questions
        for item in self.items:
            dimension = item.dimension
            asked = dimension.easy_read if easy else dimension.question
            if item.subject:
                asked = f"{item.subject}: {asked}"
            now_label = questions.get("now", "")
            self.fields[f"{item.prefix}-value"] = forms.ChoiceField(
                label=f"{asked} {now_label}".strip() if definition.asks_target else asked,
                choices=[*scale, dont_know],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer, or ‘I don’t know’.")},
            )
            if definition.asks_target:
                self.fields[f"{item.prefix}-target"] = forms.ChoiceField(
                    label=questions.get("need") or _("Where does this group need to be?"),
                    choices=[*scale, dont_know],
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose where they need to be, or ‘I don’t know’.")},
                )
            if definition.rag:
                self.fields[f"{item.prefix}-rag"] = forms.ChoiceField(
                    label=_("Would you score this red, amber or green?")
                    if not easy
                    else _("Red means not good. Amber means OK. Green means good. Which is it?"),
                    choices=[(Rag.RED, _("Red")), (Rag.AMBER, _("Amber")), (Rag.GREEN, _("Green"))],
                    widget=forms.RadioSelect,
                    required=False,
                )
            evidence_label = (questions.get("evidence_easy_read") if easy else questions.get("evidence")) or (
                _("What tells you so? (optional)")
                if not easy
                else _("Why do you think that? (you can leave this empty)")
            )
            evidence = forms.CharField(
                label=evidence_label,
                required=False,
                max_length=MAX_EVIDENCE,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("What people do or say that shows it.") if not easy else "",
            )
            plain_text_box(evidence, _("The evidence"))
            self.fields[f"{item.prefix}-evidence"] = evidence
        plain_text_box(self.fields["ideas"], _("The ideas"))

    def item_fields(self) -> list[tuple[AnswerItem, list[forms.BoundField]]]:
        grouped = []
        for item in self.items:
            names = [f"{item.prefix}-{part}" for part in ("value", "target", "rag", "evidence")]
            grouped.append((item, [self[name] for name in names if name in self.fields]))
        return grouped

    def clean_ideas(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data.get("ideas", "").splitlines()]
        ideas = [line for line in lines if line]
        for line in ideas:
            if len(line) > MAX_IDEA:
                raise forms.ValidationError(
                    _("Each idea can be up to %(n)s characters; one of yours has %(has)s. Split it over two lines.")
                    % {"n": MAX_IDEA, "has": len(line)}
                )
        return ideas

    def answers(self) -> list[AnswerInput]:
        data = self.cleaned_data

        def number(value: str | None) -> int | None:
            return None if value in (None, "", DONT_KNOW) else int(value)  # type: ignore[arg-type]

        return [
            AnswerInput(
                dimension=item.dimension.key,
                subject=item.subject,
                value=number(data.get(f"{item.prefix}-value")),
                target=number(data.get(f"{item.prefix}-target")),
                rag=data.get(f"{item.prefix}-rag") or "",
                evidence=data.get(f"{item.prefix}-evidence") or "",
            )
            for item in self.items
        ]

    @classmethod
    def initial_from(cls, participant: Participant, round_: ReflectionRound) -> dict[str, Any]:
        """What the participant answered before, so changing one answer does not mean typing everything again."""
        items = {
            (i.dimension.key, i.subject): i for i in answer_items(round_.framework.definition, list(round_.subjects))
        }
        initial: dict[str, Any] = {}
        for answer in participant.answers.all():
            item = items.get((answer.dimension, answer.subject))
            if item is None:
                continue
            initial[f"{item.prefix}-value"] = DONT_KNOW if answer.value is None else str(answer.value)
            if answer.target is not None:
                initial[f"{item.prefix}-target"] = str(answer.target)
            initial[f"{item.prefix}-rag"] = answer.rag
            initial[f"{item.prefix}-evidence"] = answer.evidence
        return initial

    @staticmethod
    def prefill_from_training(
        initial: dict[str, Any], round_: ReflectionRound, training_notes: dict[str, list[Any]]
    ) -> dict[str, Any]:
        """Fill each empty evidence box with the participant's notes from training on that dimension, as many as fit,
        so what they said they would do differently counts as evidence without typing it again."""
        for item in answer_items(round_.framework.definition, list(round_.subjects)):
            notes = training_notes.get(item.dimension.key)
            name = f"{item.prefix}-evidence"
            if not notes or initial.get(name):
                continue
            text = ""
            for note in notes:
                joined = f"{text}\n{note.text}" if text else note.text
                if len(joined) > MAX_EVIDENCE:
                    break
                text = joined
            if text:
                initial[name] = text
        return initial
