"""Building people and community assets for the "Who can help?" tests through the real services and index."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coproduce.organisations.models import Organisation, Role
from coproduce.people.models import (
    CommunityAsset,
    ConsentTopic,
    Language,
    Neighbourhood,
    Person,
    Profile,
    ProfileTag,
    Tag,
    TagSynonym,
)
from coproduce.people.search import search_index_asset, search_index_person
from coproduce.people.services.consent import consent_give
from tests.factories import MembershipFactory, PersonFactory


def tag(name: str, *, related: Iterable[str] = (), synonyms: Iterable[str] = (), status: str = "approved") -> Tag:
    found, _created = Tag.objects.get_or_create(name=name, defaults={"status": status})
    for other in related:
        found.related.add(tag(other))
    for term in synonyms:
        TagSynonym.objects.get_or_create(term=term, defaults={"tag": found})
    return found


def neighbourhood(name: str) -> Neighbourhood:
    return Neighbourhood.objects.get_or_create(name=name)[0]


def language(name: str) -> Language:
    return Language.objects.get_or_create(name=name)[0]


def someone(
    name: str,
    *,
    gifts: Iterable[str] = (),
    passions: Iterable[str] = (),
    learning: Iterable[str] = (),
    languages: Iterable[str] = (),
    hood: str | None = None,
    organisations: Iterable[Organisation] = (),
    role: str = Role.MEMBER,
    consent: bool = True,
    **profile_fields: Any,
) -> Person:
    """A person with a profile, indexed as the profile services would leave them."""
    person = PersonFactory(preferred_name=name)
    profile = Profile.objects.create(
        person=person, neighbourhood=neighbourhood(hood) if hood else None, **profile_fields
    )
    for kind, names in ((ProfileTag.Kind.GIFT, gifts), (ProfileTag.Kind.PASSION, passions)):
        for tag_name in names:
            ProfileTag.objects.create(profile=profile, tag=tag(tag_name), kind=kind)
    for tag_name in learning:
        ProfileTag.objects.create(profile=profile, tag=tag(tag_name), kind=ProfileTag.Kind.LEARN)
    profile.languages.set([language(n) for n in languages])
    for organisation in organisations:
        MembershipFactory(person=person, organisation=organisation, role=role)
    if consent:
        consent_give(person=person, topic=ConsentTopic.VISIBLE_PROFILE)
    search_index_person(person)
    return person


def asset(
    name: str, *, offers: str = "", tags: Iterable[str] = (), hood: str | None = None, **fields: Any
) -> CommunityAsset:
    created = CommunityAsset.objects.create(
        name=name,
        kind=fields.pop("kind", CommunityAsset.Kind.GROUP),
        offers=offers or f"{name} for everyone.",
        neighbourhood=neighbourhood(hood) if hood else None,
        **fields,
    )
    created.tags.set([tag(n) for n in tags])
    search_index_asset(created)
    return created
