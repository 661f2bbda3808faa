"""Forms for telling a story, gathering one with someone, changing who reads it, and filtering the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import label_choices, plain_text_box
from coproduce.organisations.models import Service
from coproduce.people.forms_pick import PersonChoiceField, SearchableForm, search_field
from coproduce.people.models import Person
from coproduce.people.selectors.people_pick import people_to_choose
from coproduce.stories.models import Story, Theme
from coproduce.stories.prompts import PROMPTS
from coproduce.stories.selectors.stories import principle_choices, services_to_choose, themes_to_offer
from coproduce.stories.services.telling import (
    BODY_MAX,
    PEN_NAME_MAX,
    TELLER_NAME_MAX,
    TITLE_MAX,
    GatheredTeller,
    StoryError,
    StoryWords,
)

NEW_THEMES_MAX = 1000
YES, NO = "yes", "no"


def service_label(service: Service) -> str:
    return f"{service.name} ({service.organisation.name})"


class StoryForm(SearchableForm):
    """The story in the teller's own words and their choices about it. Nothing is required to save a draft
    except something written; what a story needs before it is sent is checked on sending."""

    prompt = forms.ChoiceField(
        label=_l("Where would you like to start?"),
        required=False,
        initial="",
        widget=forms.RadioSelect,
        help_text=_l("A question can help you begin. You do not have to answer it exactly."),
    )
    title = forms.CharField(
        label=_l("Give your story a title"),
        required=False,
        max_length=TITLE_MAX,
        help_text=_l("A few words, for example ‘The nurse who sat with my dad’."),
    )
    body = forms.CharField(
        label=_l("Your story"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_l(
            "In your own words. Leave out people’s names, phone numbers and addresses: whoever checks stories "
            "will take out anything that could identify someone. Up to 20,000 characters."
        ),
    )
    services = forms.ModelMultipleChoiceField(
        label=_l("Which services is it about?"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("Choose at least one. They are told about your story and can answer it."),
        error_messages={"invalid_choice": _l("Choose services from the list.")},
    )
    feeling = forms.ChoiceField(
        label=_l("How did you feel?"),
        required=False,
        initial="",
        widget=forms.RadioSelect,
        choices=[("", _l("I would rather not say")), *Story.Feeling.choices],
    )
    principles = forms.MultipleChoiceField(
        label=_l("Does it say something about how we work together? (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("The principles from ‘How are we doing?’, which services use to look at themselves."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_l("What is it about? (optional)"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("Themes other people have used. Tick any that fit."),
        error_messages={"invalid_choice": _l("Choose themes from the list, or type your own below.")},
    )
    new_themes = forms.CharField(
        label=_l("Other themes (optional)"),
        required=False,
        max_length=NEW_THEMES_MAX,
        help_text=_l("A few words each, with commas between them, for example: hospital discharge, feeling lonely."),
    )
    reach = forms.ChoiceField(
        label=_l("Who may read it?"),
        widget=forms.RadioSelect,
        choices=Story.Reach.choices,
        initial=Story.Reach.MEMBERS,
        help_text=_l("You can change this, or take your story back, at any time."),
        error_messages={"required": _l("Choose who may read the story.")},
    )
    identity = forms.ChoiceField(
        label=_l("How should your story be signed?"),
        widget=forms.RadioSelect,
        choices=Story.Identity.choices,
        initial=Story.Identity.ANONYMOUS,
        error_messages={"required": _l("Choose how you are named with the story.")},
    )
    pen_name = forms.CharField(
        label=_l("The name to show, if you choose one"),
        required=False,
        max_length=PEN_NAME_MAX,
        help_text=_l("Only if you chose ‘A name I choose’: for example ‘A mum from Millbrook’."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, what in (
            ("title", _l("The title")),
            ("body", _l("The story")),
            ("new_themes", _l("Other themes")),
            ("pen_name", _l("The name to show")),
        ):
            plain_text_box(self.fields[name], what)
        self.fields["prompt"].choices = [  # type: ignore[attr-defined]
            ("", _l("In my own way")),
            *((prompt.key, prompt.question) for prompt in PROMPTS),
        ]
        services = self.fields["services"]
        services.queryset = services_to_choose()  # type: ignore[attr-defined]
        label_choices(services, service_label)
        self.fields["principles"].choices = principle_choices()  # type: ignore[attr-defined]
        chosen = [int(pk) for pk in self._chosen("themes") if str(pk).isdigit()]
        self.fields["themes"].queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            pk__in=[theme.pk for theme in themes_to_offer(keep=chosen)]
        ).order_by("name")

    def _chosen(self, name: str) -> list[Any]:
        if self.is_bound:
            return list(self.data.getlist(self.add_prefix(name))) if hasattr(self.data, "getlist") else []
        value = self.initial.get(name) or []
        return [getattr(item, "pk", item) for item in value]

    def words(self) -> StoryWords:
        data = self.cleaned_data
        themes = [theme.name for theme in data.get("themes") or []]
        themes += [part for part in (data.get("new_themes") or "").split(",") if part.strip()]
        return StoryWords(
            title=data.get("title") or "",
            body=data.get("body") or "",
            services=list(data.get("services") or []),
            feeling=data.get("feeling") or "",
            prompt=data.get("prompt") or "",
            principles=list(data.get("principles") or []),
            themes=themes,
            reach=data.get("reach") or "",
            identity=data.get("identity") or "",
            pen_name=data.get("pen_name") or "",
        )

    def add_story_error(self, error: StoryError) -> None:
        for field, message in error.problems:
            self.add_error(field if field in self.fields else None, message)


def story_initial(story: Story) -> dict[str, Any]:
    return {
        "prompt": story.prompt,
        "title": story.title,
        "body": story.body,
        "services": list(story.services.all()),
        "feeling": story.feeling,
        "principles": list(story.principles or []),
        "themes": list(story.themes.all()),
        "reach": story.reach,
        "identity": story.identity,
        "pen_name": story.pen_name,
        "has_account": YES if story.teller_id else NO,
        "teller": story.teller_id,
        "teller_name": story.teller_name,
    }


class GatherForm(StoryForm):
    """A story gatherer writes someone's story down with them. The words about sharing are read to the teller
    first, and the gatherer ticks that they agreed."""

    search_fields = ("teller_search",)

    has_account = forms.ChoiceField(
        label=_l("Does the teller have an account here?"),
        widget=forms.RadioSelect,
        choices=[(YES, _l("Yes: choose them, and they can follow their story")), (NO, _l("No, or not sure"))],
        error_messages={"required": _l("Say whether the teller has an account here.")},
    )
    teller_search = search_field(_l("Search for the teller by name"))
    teller = PersonChoiceField(label=_l("The teller, if they have an account"), required=False)
    teller_name = forms.CharField(
        label=_l("The teller’s name, if they do not have an account"),
        required=False,
        max_length=TELLER_NAME_MAX,
        help_text=_l("Kept private: only you and the people who check stories see it."),
    )
    consent = forms.BooleanField(
        label=_l("I read these words to the teller and they agreed"),
        required=False,
    )

    def __init__(self, *args: Any, consent_recorded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["teller_name"], _l("Their name"))
        self.consent_recorded = consent_recorded
        if consent_recorded:
            self.fields["consent"].label = _l("They agreed again (only needed if you changed who the teller is)")
        self.fields["title"].help_text = _l("A few words, for example ‘Getting Mum home from hospital’.")
        self.fields["body"].label = _l("Their story, in their words")
        self.fields["feeling"].label = _l("How did they feel?")
        self.fields["identity"].label = _l("How should their story be signed?")
        self.fields["identity"].choices = [  # type: ignore[attr-defined]
            (Story.Identity.NAMED, _l("Their name (only if they have an account)")),
            (Story.Identity.USERNAME, _l("A name they choose")),
            (Story.Identity.ANONYMOUS, _l("No name: anonymous")),
        ]
        self.fields["reach"].choices = [  # type: ignore[attr-defined]
            (Story.Reach.PUBLIC, _l("Anyone, including people without an account")),
            (Story.Reach.MEMBERS, _l("People with an account in this place")),
            (Story.Reach.SERVICES, _l("Only the services named")),
            (Story.Reach.FACILITATORS, _l("Only facilitators")),
        ]
        self.fields["reach"].help_text = _l("As the teller chooses. They can change it, or take it back, at any time.")
        self.fields["pen_name"].help_text = _l("Only if they chose a name: for example ‘A carer from Fold Green’.")
        # As SearchableForm.narrow, but also keeping the teller a saved draft already names.
        teller = self.fields["teller"]
        assert isinstance(teller, PersonChoiceField)
        chosen = self.data.get(self.add_prefix("teller")) if self.is_bound else self.initial.get("teller")
        search = self.search_text("teller_search")
        people, cut = people_to_choose(search=search, keep=[chosen])
        teller.show_only(people, cut=cut, search=search)

    def gathered_teller(self) -> GatheredTeller:
        data = self.cleaned_data
        has_account = data.get("has_account") == YES
        person = data.get("teller") if has_account else None
        return GatheredTeller(
            person=person if isinstance(person, Person) else None,
            name="" if has_account else data.get("teller_name") or "",
            consent_given=bool(data.get("consent")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_account") == YES and not data.get("teller") and "teller" not in self.errors:
            self.add_error(
                "teller", _l("Choose the teller from the list. Search for them by name if they are not in it.")
            )
        return data


class SharingForm(forms.Form):
    """The teller changes who reads their story and how it is signed."""

    reach = StoryForm.base_fields["reach"]
    identity = StoryForm.base_fields["identity"]
    pen_name = StoryForm.base_fields["pen_name"]

    def __init__(self, *args: Any, story: Story, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"reach": story.reach, "identity": story.identity, "pen_name": story.pen_name})
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["pen_name"], _l("The name to show"))
        if story.teller_id is None:
            # A teller without an account is never shown by name: their name is kept private.
            self.fields["identity"].choices = [  # type: ignore[attr-defined]
                (Story.Identity.USERNAME, _l("A name they choose")),
                (Story.Identity.ANONYMOUS, _l("No name: anonymous")),
            ]

    def add_story_error(self, error: StoryError) -> None:
        for field, message in error.problems:
            self.add_error(field if field in self.fields else None, message)


class StoryFilterForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_l("Service"), queryset=Service.objects.none(), required=False, empty_label=_l("Any service")
    )
    theme = forms.ModelChoiceField(
        label=_l("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_l("Any theme"),
        to_field_name="slug",
    )

    def __init__(self, *args: Any, services: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        label_choices(self.fields["service"], service_label)
        # Any theme may be asked for (a story page links to each of its own); only `themes` are offered.
        theme = self.fields["theme"]
        theme.queryset = Theme.objects.all()  # type: ignore[attr-defined]
        offered = list(themes)
        chosen = self.data.get(self.add_prefix("theme")) if self.is_bound else None
        if chosen and all(each.slug != chosen for each in offered):
            offered += list(Theme.objects.filter(slug=chosen))
        theme.choices = [("", theme.empty_label), *((each.slug, each.name) for each in offered)]  # type: ignore[attr-defined]
