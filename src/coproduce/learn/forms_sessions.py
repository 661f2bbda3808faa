"""Forms for training sessions: making one, adding a trainer, a trainer's credit, marking it held with who came,
and what an attendee will do differently. People are chosen with the shared picker (a search box and a "Find"
button that sends the form back with everything typed kept), so it all works without JavaScript."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import DATE_FORMATS, SubmissionKeyForm, plain_text_box
from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.learn.services.sessions import DESCRIPTION_MAX, DIFFERENTLY_MAX, TITLE_MAX, WHERE_MAX
from coproduce.organisations.models import Organisation
from coproduce.people.forms_pick import PersonChoiceField, SearchableForm, search_field
from coproduce.people.models import Person
from coproduce.people.selectors.people_pick import people_to_choose, person_labels
from coproduce.timebank.durations import DurationMinutesField

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I.%M %p", "%I %p"]


class SessionForm(SubmissionKeyForm):
    show_optional = True

    organisation = forms.ModelChoiceField(
        label=_l("Which organisation is running it?"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _l("Choose the organisation that is running the session."),
            "invalid_choice": _l("Choose one of the organisations you help run."),
        },
        help_text=_l("Its timebank account gives the trainers their hours."),
    )
    kind = forms.ChoiceField(
        label=_l("What kind of session is it?"),
        choices=TrainingSession.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose the kind of session.")},
    )
    title = forms.CharField(
        label=_l("Title"),
        max_length=TITLE_MAX,
        help_text=_l("For example ‘What good support feels like, from people who use it’."),
        error_messages={"required": _l("Give the session a title.")},
    )
    description = forms.CharField(
        label=_l("What is it about?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_l("Who it is for, what people will do, and what they will take away."),
        error_messages={"required": _l("Say what the session is about.")},
    )
    starts_on = forms.DateField(
        label=_l("Date"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}, format="%d/%m/%Y"),
        help_text=_l("For example 27/3/2027."),
        error_messages={
            "required": _l("Give the date of the session."),
            "invalid": _l("Write the date as day, month and year, for example 27/3/2027."),
        },
    )
    starts_time = forms.TimeField(
        label=_l("Start time"),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}, format="%H:%M"),
        help_text=_l("For example 14:00 or 2pm."),
        error_messages={
            "required": _l("Give the time the session starts."),
            "invalid": _l("Write the time like 14:00 or 2pm."),
        },
    )
    minutes = DurationMinutesField(label=_l("How long is it?"), help_text=_l("For example 2 hours or 1h30."))
    where = forms.CharField(
        label=_l("Where"),
        required=False,
        max_length=WHERE_MAX,
        help_text=_l("An address, a room, or a link for an online session."),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["title"], _l("The title"))
        plain_text_box(self.fields["description"], _l("What it is about"))
        plain_text_box(self.fields["where"], _l("Where it is"))
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by("name")
        if len(organisations) == 1:
            field.initial = organisations[0].pk
        self.fields["minutes"].required = True
        self.fields["minutes"].error_messages["required"] = _("Say how long the session is, for example 2 hours.")

    def starts_at(self) -> datetime:
        data = self.cleaned_data
        starts: time = data["starts_time"]
        return timezone.make_aware(datetime.combine(data["starts_on"], starts.replace(second=0, microsecond=0)))


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_l("Kind of session"),
        required=False,
        choices=[("", _l("Every kind")), *TrainingSession.Kind.choices],
    )


class TrainerAddForm(SearchableForm):
    search_fields = ("search",)

    search = search_field(_l("Search for the trainer by name"))
    person = PersonChoiceField(label=_l("Trainer"))
    lived_experience = forms.BooleanField(
        label=_l("They train from their own lived experience (of using services, or of caring)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow("person", "search")


class CreditForm(forms.Form):
    credit = forms.ChoiceField(
        label=_l("How would you like to be credited?"),
        choices=SessionTrainer.Credit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose whether to be named.")},
    )

    def __init__(self, *args: Any, trainer: SessionTrainer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credit"].initial = trainer.credit
        self.fields["credit"].help_text = (
            _("If you would rather not be named, everyone sees “a trainer with lived experience” instead.")
            if trainer.lived_experience
            else _("If you would rather not be named, everyone sees “a trainer” instead.")
        )


class HeldForm(SearchableForm):
    """Who came: everyone who signed up is listed to tick, and anyone else can be found by name and ticked."""

    search_fields = ("search",)

    attended = forms.MultipleChoiceField(
        label=_l("Who came?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _l("We could not find one of the people ticked. Search for them by name.")},
    )
    search = search_field(_l("Add someone who came without signing up"))
    approve = forms.BooleanField(
        label=_l("I approve the trainers’ hours even if they take the organisation below the timebank’s limit"),
        required=False,
        help_text=_l("You are approving it as a facilitator."),
    )

    def __init__(
        self,
        *args: Any,
        attendances: list[SessionAttendance],
        trainer_ids: set[int],
        may_approve: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not may_approve:
            del self.fields["approve"]
        signed_up = [attendance.person for attendance in attendances]
        signed_up_ids = {person.pk for person in signed_up}
        chosen = self._chosen()
        search = self.search_text("search")
        found: list[Person] = []
        kept: list[Person] = []
        if search:
            found = [
                person
                for person in people_to_choose(search=search)[0]
                if person.pk not in signed_up_ids and person.pk not in trainer_ids
            ]
        found_ids = {person.pk for person in found}
        extra = [pk for pk in chosen if pk.isdigit() and int(pk) not in signed_up_ids | found_ids]
        if extra:
            # Ticked after an earlier search: kept, so a second search does not lose them.
            kept = list(
                Person.objects.filter(pk__in=[int(pk) for pk in extra], is_active=True, closed_at__isnull=True)
                .exclude(pk__in=trainer_ids)
                .order_by("preferred_name", "pk")
            )
        self.candidates = signed_up + kept + found
        self.found_ids = found_ids | {person.pk for person in kept}
        self.search_found_nobody = bool(search) and not found
        self.labels = person_labels(self.candidates)
        field = self.fields["attended"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(person.pk), self.labels[person.pk]) for person in self.candidates]
        if not self.is_bound:
            field.initial = [str(attendance.person_id) for attendance in attendances if attendance.attended]

    def _chosen(self) -> list[str]:
        if not self.is_bound or not isinstance(self.data, QueryDict):
            return []
        return self.data.getlist(self.add_prefix("attended"))

    def rows(self) -> list[dict[str, Any]]:
        chosen = set(self._chosen()) if self.is_bound else set(self.fields["attended"].initial or [])
        return [
            {
                "person": person,
                "label": self.labels[person.pk],
                "index": index,
                "checked": str(person.pk) in chosen,
                "found": person.pk in self.found_ids,
            }
            for index, person in enumerate(self.candidates)
        ]

    def people(self) -> list[Person]:
        by_id = {str(person.pk): person for person in self.candidates}
        return [by_id[pk] for pk in self.cleaned_data["attended"] if pk in by_id]


class DifferentlyForm(forms.Form):
    show_optional = True

    text = forms.CharField(
        label=_l("What will you do differently?"),
        max_length=DIFFERENTLY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_l("One or two things you will try in your work because of this session."),
        error_messages={"required": _l("Write what you will do differently.")},
    )
    competency = forms.ChoiceField(
        label=_l("Which way of working does it show?"),
        required=False,
        help_text=_l(
            "Choose one of the workforce competencies and this note appears as evidence when you next reflect on it."
        ),
        error_messages={"invalid_choice": _l("Choose one of the competencies listed, or none.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["text"], _l("What you will do differently"))
        self.fields["competency"].choices = [  # type: ignore[attr-defined]
            ("", _("None of them")),
            *competency_choices(),
        ]
