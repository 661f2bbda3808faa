"""The questions of the profile journey, one form per step. The same forms serve the first-time journey, a
facilitator filling it in with someone, and the edit pages afterwards.

Every question has plain and easy-read words; the form picks one set for the reader. Text boxes carry no
`maxlength` attribute, so a browser never silently cuts what someone pastes: the limit is checked here and
said plainly, with everything they typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.people.models import ConsentTopic, Language, Neighbourhood, Person, Profile, ProfileTag, Visibility
from coproduce.people.selectors.profiles import profile_tag_names
from coproduce.people.selectors.tags import MOST_TAGS_AT_ONCE, tag_names_split, tags_match
from coproduce.people.services.profiles import ProfileChanges, TagChoice
from coproduce.people.visibility import PERSONAL_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TAG_NAME_MAX = 60


@dataclass(frozen=True)
class Question:
    label: StrOrPromise
    easy_label: StrOrPromise
    hint: StrOrPromise = ""
    easy_hint: StrOrPromise = ""


@dataclass(frozen=True)
class NewTagPrompt:
    """A name typed in a tag box that is not in the shared list: shown back with a box to suggest it."""

    name: str
    checked: bool
    index: int


def _too_long(what: StrOrPromise) -> StrOrPromise:
    # Lazy, so the message is in the reader's language, not the one active when this module was imported.
    return format_lazy(
        "{} {}", what, _l("can be up to %(limit_value)s characters. It has %(show_value)s: please shorten it.")
    )


class ProfileStepForm(forms.Form):
    questions: ClassVar[dict[str, Question]] = {}

    def __init__(
        self,
        data: Any = None,
        *,
        person: Person,
        profile: Profile,
        easy_read: bool = False,
        consent_live: frozenset[str] = frozenset(),
    ) -> None:
        self.person = person
        self.profile = profile
        self.easy_read = easy_read
        self.consent_live = consent_live
        super().__init__(data, initial=self.initial_from(profile))
        for name, question in self.questions.items():
            form_field = self.fields[name]
            form_field.label = question.easy_label if easy_read else question.label
            form_field.help_text = question.easy_hint if easy_read else question.hint
            form_field.widget.attrs.pop("maxlength", None)

    def initial_from(self, profile: Profile) -> dict[str, Any]:
        return {}

    def _posted_list(self, key: str) -> list[str]:
        if not self.is_bound:
            return []
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None:
            return list(getlist(key))
        value = self.data.get(key, [])
        return [value] if isinstance(value, str) else list(value)

    def changes(self) -> ProfileChanges:
        raise NotImplementedError


def _text(limit: int, what: StrOrPromise, *, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": _too_long(what)},
    )


class AboutForm(ProfileStepForm):
    about_me = _text(5000, _l("About me"), rows=8)
    lived_experience = _text(5000, _l("Lived experience"), rows=5)

    questions = {
        "about_me": Question(
            _l("About you, in your own words"),
            _l("Tell us about you"),
            _l(
                "Who you are beyond any service: a neighbour, a parent, an artist, a fan of something. "
                "This comes first on your profile."
            ),
            _l("For example, what you like, who is important to you, what you do."),
        ),
        "lived_experience": Question(
            _l("Lived experience you choose to share (optional)"),
            _l("Things that have happened in your life that you want to share (you do not have to)"),
            _l(
                "For example, caring for someone, a health condition, or using a service. "
                "To start with, only you can see this. You choose who else sees it at the last step."
            ),
            _l("Only you can see this at first. Later you can choose who else sees it."),
        ),
    }

    def initial_from(self, profile: Profile) -> dict[str, Any]:
        return {"about_me": profile.about_me, "lived_experience": profile.lived_experience}

    def changes(self) -> ProfileChanges:
        return ProfileChanges(fields={name: self.cleaned_data[name] for name in ("about_me", "lived_experience")})


class TagBoxesMixin(ProfileStepForm):
    """Tag boxes: people type names with commas between them. Each name is matched to the shared list (with its
    other words, so "cook" is "Cooking"); a new name is shown back with a box to suggest it for the list.
    A name shown back and left unticked is left out, so nobody is asked twice about the same word."""

    tag_boxes: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prompts: dict[str, list[NewTagPrompt]] = {name: [] for name in self.tag_boxes}
        self.choices: dict[str, TagChoice] = {}
        self.left_out: list[str] = []
        self.saved_as: dict[str, str] = {}

    def tag_initial(self, profile: Profile) -> dict[str, str]:
        names = profile_tag_names(profile)
        return {box: names[kind] for box, kind in self.tag_boxes.items()}

    def _clean_tag_box(self, box: str) -> str:
        text: str = self.cleaned_data.get(box, "")
        names = tag_names_split(text)
        too_long = [name for name in names if len(name) > TAG_NAME_MAX]
        if too_long:
            raise forms.ValidationError(
                _("Each one can be up to %(limit)s characters. Shorten ‘%(name)s’ or put commas between things.")
                % {"limit": TAG_NAME_MAX, "name": too_long[0][:80]}
            )
        if len(names) > MOST_TAGS_AT_ONCE:
            raise forms.ValidationError(
                _("You can list up to %(limit)s here. You have %(count)s: choose the ones that matter most.")
                % {"limit": MOST_TAGS_AT_ONCE, "count": len(names)}
            )
        match = tags_match(names, person=self.person)
        confirmed = set(self._posted_list(f"{box}_new"))
        seen = set(self._posted_list(f"{box}_seen"))
        self.prompts[box] = [
            NewTagPrompt(name=name, checked=name in confirmed, index=i) for i, name in enumerate(match.unknown)
        ]
        if match.refused:
            raise forms.ValidationError(
                _(
                    "‘%(name)s’ was looked at before and left out of the shared list. "
                    "Try other words for it, or take it out."
                )
                % {"name": match.refused[0]}
            )
        not_yet_asked = [name for name in match.unknown if name not in confirmed and name not in seen]
        if not_yet_asked:
            raise forms.ValidationError(
                _(
                    "We do not have ‘%(name)s’ in the list yet. Below, tick the box to suggest it as new, "
                    "or leave it unticked to leave it out."
                )
                % {"name": not_yet_asked[0]}
                if len(not_yet_asked) == 1
                else _(
                    "Some of these are not in the list yet. Below, tick each one you want to suggest as new, "
                    "and leave the others unticked to leave them out."
                )
            )
        new_names = [name for name in match.unknown if name in confirmed]
        self.left_out.extend(name for name in match.unknown if name not in confirmed)
        self.saved_as.update(
            {typed: tag.name for typed, tag in match.matched_as.items() if typed.casefold() != tag.name.casefold()}
        )
        self.choices[box] = TagChoice(tags=match.known, new_names=new_names)
        return text

    def tag_changes(self) -> dict[str, TagChoice]:
        return {kind: self.choices[box] for box, kind in self.tag_boxes.items()}


def _tag_box() -> forms.CharField:
    return forms.CharField(required=False, max_length=2000, error_messages={"max_length": _too_long(_l("This"))})


class GiftsForm(TagBoxesMixin):
    gifts = _tag_box()
    passions = _tag_box()
    tag_boxes = {"gifts": ProfileTag.Kind.GIFT, "passions": ProfileTag.Kind.PASSION}

    questions = {
        "gifts": Question(
            _l("Gifts and skills you could offer"),
            _l("Things you are good at"),
            _l("Put commas between them, for example: cooking, listening, fixing bikes."),
            _l("Put a comma between each one. For example: cooking, listening."),
        ),
        "passions": Question(
            _l("Passions and interests"),
            _l("Things you love"),
            _l("Put commas between them, for example: football, gardening, old films."),
            _l("Put a comma between each one. For example: football, music."),
        ),
    }

    def initial_from(self, profile: Profile) -> dict[str, Any]:
        return self.tag_initial(profile)

    def clean_gifts(self) -> str:
        return self._clean_tag_box("gifts")

    def clean_passions(self) -> str:
        return self._clean_tag_box("passions")

    def changes(self) -> ProfileChanges:
        return ProfileChanges(tags=self.tag_changes())


class LearningForm(TagBoxesMixin):
    learning = _tag_box()
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _l("Choose languages from the list."),
            "invalid_pk_value": _l("Choose languages from the list."),
        },
    )
    neighbourhood = forms.ModelChoiceField(
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        empty_label=_l("I would rather not say"),
        error_messages={"invalid_choice": _l("Choose a neighbourhood from the list.")},
    )
    usually_free = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _too_long(_l("When you are usually free"))},
    )
    tag_boxes = {"learning": ProfileTag.Kind.LEARN}

    questions = {
        "learning": Question(
            _l("What you would like to learn"),
            _l("Things you want to learn"),
            _l("Put commas between them, for example: baking, using a computer, sign language."),
            _l("Put a comma between each one."),
        ),
        "languages": Question(
            _l("Languages you use"),
            _l("Languages you speak or sign"),
            _l("If yours is not here, tell a facilitator and they can add it."),
            _l("Tick all that are yours."),
        ),
        "neighbourhood": Question(
            _l("Your neighbourhood"),
            _l("Where you live"),
            _l("So people nearby can find each other."),
            "",
        ),
        "usually_free": Question(
            _l("When you are usually free"),
            _l("When you have time"),
            _l("For example, weekday mornings, or Saturdays after 2pm."),
            _l("For example, Monday mornings."),
        ),
    }

    def initial_from(self, profile: Profile) -> dict[str, Any]:
        initial: dict[str, Any] = {
            **self.tag_initial(profile),
            "neighbourhood": profile.neighbourhood_id,
            "usually_free": profile.usually_free,
        }
        if not profile._state.adding:
            initial["languages"] = list(profile.languages.values_list("pk", flat=True))
        return initial

    def clean_learning(self) -> str:
        return self._clean_tag_box("learning")

    def changes(self) -> ProfileChanges:
        return ProfileChanges(
            fields={
                "neighbourhood": self.cleaned_data["neighbourhood"],
                "usually_free": self.cleaned_data["usually_free"],
            },
            languages=list(self.cleaned_data["languages"]),
            tags=self.tag_changes(),
        )


class ConsentMixin(ProfileStepForm):
    """A consent question: the exact current words, and a box to tick. Unticking withdraws a consent given."""

    consent_fields: ClassVar[dict[str, str]] = {}
    # The heading over each consent's words: (standard, easy read).
    consent_titles: ClassVar[dict[str, tuple[StrOrPromise, StrOrPromise]]] = {}

    def consent_title(self, name: str) -> StrOrPromise:
        standard, easy = self.consent_titles[name]
        return easy if self.easy_read else standard

    def consent_initial(self) -> dict[str, bool]:
        return {name: topic in self.consent_live for name, topic in self.consent_fields.items()}

    def consent_changes(self) -> dict[str, bool]:
        # A consent question left off the page (see the view) changes nothing, rather than reading as "no".
        return {
            topic: bool(self.cleaned_data[name]) for name, topic in self.consent_fields.items() if name in self.fields
        }

    def consent_versions(self) -> dict[str, int]:
        """The version of the words the page showed, so consent is recorded only to words the person saw."""
        versions: dict[str, int] = {}
        for name, topic in self.consent_fields.items():
            posted = self._posted_list(f"{name}_version")
            if posted and posted[0].isdigit():
                versions[topic] = int(posted[0])
        return versions


class ContactForm(ConsentMixin):
    contact_ways = forms.MultipleChoiceField(
        choices=Profile.ContactWay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _l("Choose ways to contact you from the list.")},
    )
    contact_notes = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _too_long(_l("Anything else about contacting you"))},
    )
    contact_consent = forms.BooleanField(required=False, label=_l("I agree"))
    support_needs = forms.MultipleChoiceField(
        choices=Profile.Support.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _l("Choose the support you need from the list.")},
    )
    support_notes = _text(2000, _l("More about the support you need"), rows=3)
    consent_fields = {"contact_consent": ConsentTopic.CONTACT}
    consent_titles = {"contact_consent": (_l("Agreeing to be contacted"), _l("Can people contact you?"))}

    questions = {
        "contact_ways": Question(
            _l("How you like to be contacted"),
            _l("How should people get in touch with you?"),
            _l("Tick all that suit you."),
            _l("Tick all that are OK."),
        ),
        "contact_notes": Question(
            _l("Anything else about contacting you (optional)"),
            _l("Anything else we should know about contacting you"),
            _l("For example, the best times to call, or to text first."),
            _l("For example, please text first."),
        ),
        "support_needs": Question(
            _l("Support you need to take part"),
            _l("What help do you need to join in?"),
            _l("So people can get it ready before you arrive. Tick all that apply."),
            _l("Tick all that you need."),
        ),
        "support_notes": Question(
            _l("More about the support you need (optional)"),
            _l("Tell us more about the help you need"),
            _l("To start with, only you can see this. You choose who else sees it at the last step."),
            _l("Only you can see this at first."),
        ),
    }

    def initial_from(self, profile: Profile) -> dict[str, Any]:
        return {
            "contact_ways": profile.contact_ways,
            "contact_notes": profile.contact_notes,
            "support_needs": profile.support_needs,
            "support_notes": profile.support_notes,
            **self.consent_initial(),
        }

    def changes(self) -> ProfileChanges:
        return ProfileChanges(
            fields={
                name: self.cleaned_data[name]
                for name in ("contact_ways", "contact_notes", "support_needs", "support_notes")
            },
            consents=self.consent_changes(),
            consent_versions=self.consent_versions(),
        )


# Who can see each field: (standard question, easy-read question).
VISIBILITY_QUESTIONS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "about_me": (_l("Who can see what you wrote about you?"), _l("Who can see ‘about me’?")),
    "gifts": (_l("Who can see your gifts and skills?"), _l("Who can see the things you are good at?")),
    "passions": (_l("Who can see your passions and interests?"), _l("Who can see the things you love?")),
    "learning": (_l("Who can see what you would like to learn?"), _l("Who can see what you want to learn?")),
    "lived_experience": (
        _l("Who can see the lived experience you shared?"),
        _l("Who can see your life experience?"),
    ),
    "languages": (_l("Who can see your languages?"), _l("Who can see the languages you use?")),
    "neighbourhood": (_l("Who can see your neighbourhood?"), _l("Who can see where you live?")),
    "usually_free": (_l("Who can see when you are usually free?"), _l("Who can see when you have time?")),
    "contact": (_l("Who can see how to contact you?"), _l("Who can see how to contact you?")),
    "support": (_l("Who can see the support you need?"), _l("Who can see the help you need?")),
}

# The choices in words a person would use about their own profile.
VISIBILITY_CHOICES = [
    (Visibility.ONLY_ME, _l("Only me")),
    (Visibility.FACILITATORS, _l("Facilitators")),
    (Visibility.ORGANISATIONS, _l("People in my organisations, and facilitators")),
    (Visibility.EVERYONE, _l("Everyone in the place who has signed in")),
]
EASY_VISIBILITY_CHOICES = [
    (Visibility.ONLY_ME, _l("Just me")),
    (Visibility.FACILITATORS, _l("Facilitators: people who help run things")),
    (Visibility.ORGANISATIONS, _l("People in my groups, and facilitators")),
    (Visibility.EVERYONE, _l("Everyone who has signed in here")),
]


class VisibilityForm(ConsentMixin):
    visible_profile_consent = forms.BooleanField(required=False, label=_l("I agree"))
    consent_fields = {"visible_profile_consent": ConsentTopic.VISIBLE_PROFILE}
    consent_titles = {
        "visible_profile_consent": (
            _l("Letting other people see your profile"),
            _l("Can other people see your profile?"),
        )
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = EASY_VISIBILITY_CHOICES if self.easy_read else VISIBILITY_CHOICES
        fields: dict[str, forms.Field] = {}
        for key, level_field in PERSONAL_FIELDS.items():
            standard, easy = VISIBILITY_QUESTIONS[key]
            fields[level_field] = forms.ChoiceField(
                label=easy if self.easy_read else standard,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _l("Choose who can see this."),
                    "invalid_choice": _l("Choose who can see this from the list."),
                },
            )
        # The radios first, then the consent, in the order the page asks them.
        consent = self.fields.pop("visible_profile_consent")
        self.fields.update(fields)
        self.fields["visible_profile_consent"] = consent

    def initial_from(self, profile: Profile) -> dict[str, Any]:
        return {
            **{level_field: getattr(profile, level_field) for level_field in PERSONAL_FIELDS.values()},
            **self.consent_initial(),
        }

    def visibility_fields(self) -> list[forms.BoundField]:
        return [self[level_field] for level_field in PERSONAL_FIELDS.values()]

    def changes(self) -> ProfileChanges:
        return ProfileChanges(
            fields={level_field: self.cleaned_data[level_field] for level_field in PERSONAL_FIELDS.values()},
            consents=self.consent_changes(),
            consent_versions=self.consent_versions(),
        )


@dataclass(frozen=True)
class ProfileStep:
    number: int
    slug: str
    title: StrOrPromise
    easy_title: StrOrPromise
    form_class: type[ProfileStepForm]


STEPS: tuple[ProfileStep, ...] = (
    ProfileStep(1, "about", _l("About you"), _l("About you"), AboutForm),
    ProfileStep(2, "gifts", _l("Your gifts, skills and passions"), _l("What you are good at and love"), GiftsForm),
    ProfileStep(
        3,
        "learning",
        _l("Learning, languages, where and when"),
        _l("Learning, languages, where you live and when you are free"),
        LearningForm,
    ),
    ProfileStep(4, "contact", _l("Getting in touch and taking part"), _l("Contact and help you need"), ContactForm),
    ProfileStep(5, "who-sees", _l("Who sees what"), _l("Who can see your profile"), VisibilityForm),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
