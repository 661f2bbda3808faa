"""Building profiles for the profile tests through the real services, so the tests see what people would."""

from __future__ import annotations

from typing import Any

from coproduce.people.models import ConsentTopic, Language, Neighbourhood, Person, ProfileTag, Tag, Visibility
from coproduce.people.services.consent import consent_give
from coproduce.people.services.profiles import ProfileChanges, TagChoice, profile_update
from coproduce.people.visibility import PERSONAL_FIELDS


def approved_tag(name: str) -> Tag:
    return Tag.objects.get_or_create(name=name, defaults={"status": Tag.Status.APPROVED})[0]


def language(name: str) -> Language:
    return Language.objects.get_or_create(name=name)[0]


def neighbourhood(name: str) -> Neighbourhood:
    return Neighbourhood.objects.get_or_create(name=name)[0]


# For each personal field, a value that appears on the page only if the field is shown.
MARKERS: dict[str, str] = {
    "about_me": "Marker about me text",
    "gifts": "Zebrafishing",
    "passions": "Quiltmaking",
    "learning": "Yodelling",
    "lived_experience": "Marker lived experience",
    "languages": "Markerese",
    "neighbourhood": "Marker Vale",
    "usually_free": "Marker free Tuesdays",
    "contact": "Marker contact notes",
    "support": "Marker support notes",
}
# The contact field also shows the person's email address, and only there.
MARKER_EMAIL = "rosa.marker@example.org"


def fill_everything(person: Person, *, levels: dict[str, str] | None = None, consent: bool = True) -> None:
    """Every personal field filled in with its marker; each at the level given, or only me."""
    levels = levels or {}
    if consent:
        consent_give(person=person, topic=ConsentTopic.VISIBLE_PROFILE)
        consent_give(person=person, topic=ConsentTopic.CONTACT)
    fields: dict[str, Any] = {
        "about_me": MARKERS["about_me"],
        "lived_experience": MARKERS["lived_experience"],
        "neighbourhood": neighbourhood(MARKERS["neighbourhood"]),
        "usually_free": MARKERS["usually_free"],
        "contact_ways": ["email"],
        "contact_notes": MARKERS["contact"],
        "support_needs": ["step_free"],
        "support_notes": MARKERS["support"],
    }
    for key, level_field in PERSONAL_FIELDS.items():
        fields[level_field] = levels.get(key, Visibility.ONLY_ME)
    profile_update(
        actor=person,
        person=person,
        changes=ProfileChanges(
            fields=fields,
            languages=[language(MARKERS["languages"])],
            tags={
                ProfileTag.Kind.GIFT: TagChoice(tags=[approved_tag(MARKERS["gifts"])]),
                ProfileTag.Kind.PASSION: TagChoice(tags=[approved_tag(MARKERS["passions"])]),
                ProfileTag.Kind.LEARN: TagChoice(tags=[approved_tag(MARKERS["learning"])]),
            },
        ),
    )
