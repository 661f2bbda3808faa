"""Keeping the "Who can help?" index up to date. Every change to a profile, a consent or a community asset calls
one of these inside its own transaction, so the index is never ahead of or behind what it describes.

What goes into a document is decided by two pure functions, `person_documents` and `asset_document`, which take
plain data: the services below load rows and call them, and the benchmark calls them on generated data, so both
index exactly the same way. The query side is in `people/selectors/search.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from coproduce.people.models import CommunityAsset, Person, Profile, ProfileTag, SearchEntry, Visibility
from coproduce.people.search_text import language_term, neighbourhood_term, tag_term, terms
from coproduce.people.visibility import profile_consented


@dataclass(frozen=True)
class HeldTag:
    """An approved tag on a profile: its id, its name, and how it is held (gift, passion or learn)."""

    tag_id: int
    name: str
    kind: str


@dataclass(frozen=True)
class PersonIndexData:
    """What the index needs to know about one person who has consented to a visible profile."""

    preferred_name: str
    has_profile: bool = True
    about_me: str = ""
    about_me_visibility: str = Visibility.EVERYONE
    lived_experience: str = ""
    lived_experience_visibility: str = Visibility.ONLY_ME
    usually_free: str = ""
    usually_free_visibility: str = Visibility.ORGANISATIONS
    gifts_visibility: str = Visibility.EVERYONE
    passions_visibility: str = Visibility.EVERYONE
    learning_visibility: str = Visibility.EVERYONE
    tags: Sequence[HeldTag] = ()
    languages: Sequence[tuple[int, str]] = ()
    languages_visibility: str = Visibility.EVERYONE
    neighbourhood: tuple[int, str] | None = None
    neighbourhood_visibility: str = Visibility.EVERYONE


@dataclass(frozen=True)
class AssetIndexData:
    name: str
    offers: str = ""
    when: str = ""
    where: str = ""
    access: str = ""
    tags: Sequence[tuple[int, str]] = ()
    neighbourhood: tuple[int, str] | None = None


def _dedupe(words: list[str]) -> str:
    return " ".join(dict.fromkeys(words))


def person_documents(data: PersonIndexData) -> dict[str, str]:
    """One document per visibility level, holding the words of the fields shared at exactly that level.
    Fields shared with "only me" are left out entirely."""
    documents: dict[str, list[str]] = defaultdict(list)
    documents[Visibility.EVERYONE].extend(terms(data.preferred_name))
    if data.has_profile:
        documents[data.about_me_visibility].extend(terms(data.about_me))
        documents[data.lived_experience_visibility].extend(terms(data.lived_experience))
        documents[data.usually_free_visibility].extend(terms(data.usually_free))
        levels = {
            ProfileTag.Kind.GIFT: data.gifts_visibility,
            ProfileTag.Kind.PASSION: data.passions_visibility,
            ProfileTag.Kind.LEARN: data.learning_visibility,
        }
        for held in data.tags:
            level = levels[ProfileTag.Kind(held.kind)]
            documents[level].append(tag_term(held.tag_id, held.kind))
            if held.kind != ProfileTag.Kind.LEARN:
                # Wanting to learn cooking does not make someone a person who can help with cooking.
                documents[level].append(tag_term(held.tag_id))
                documents[level].extend(terms(held.name))
        for language_id, language_name in data.languages:
            documents[data.languages_visibility].extend([language_term(language_id), *terms(language_name)])
        if data.neighbourhood is not None:
            hood_id, hood_name = data.neighbourhood
            documents[data.neighbourhood_visibility].extend([neighbourhood_term(hood_id), *terms(hood_name)])
    documents.pop(Visibility.ONLY_ME, None)
    return {str(level): _dedupe(words) for level, words in documents.items() if words}


def asset_document(data: AssetIndexData) -> str:
    words = terms(" ".join([data.name, data.offers, data.when, data.where, data.access]))
    for tag_id, tag_name in data.tags:
        # An asset offers what it is tagged with, so it answers a search for the tag as a gift would; it is also
        # for people who love that thing, so the interest filter finds it too.
        words.extend([tag_term(tag_id), tag_term(tag_id, "gift"), tag_term(tag_id, "passion"), *terms(tag_name)])
    if data.neighbourhood is not None:
        hood_id, hood_name = data.neighbourhood
        words.extend([neighbourhood_term(hood_id), *terms(hood_name)])
    return _dedupe(words)


def _person_index_data(person: Person) -> PersonIndexData | None:
    if not person.is_active or not profile_consented(person):
        return None
    profile = Profile.objects.filter(person=person).select_related("neighbourhood").first()
    if profile is None:
        return PersonIndexData(preferred_name=person.preferred_name, has_profile=False)
    return PersonIndexData(
        preferred_name=person.preferred_name,
        about_me=profile.about_me,
        about_me_visibility=profile.about_me_visibility,
        lived_experience=profile.lived_experience,
        lived_experience_visibility=profile.lived_experience_visibility,
        usually_free=profile.usually_free,
        usually_free_visibility=profile.usually_free_visibility,
        gifts_visibility=profile.gifts_visibility,
        passions_visibility=profile.passions_visibility,
        learning_visibility=profile.learning_visibility,
        tags=[
            HeldTag(tag_id=held.tag_id, name=held.tag.name, kind=held.kind)
            for held in profile.tags.select_related("tag").filter(tag__status="approved").order_by("pk")
        ],
        languages=[(language.pk, language.name) for language in profile.languages.order_by("pk")],
        languages_visibility=profile.languages_visibility,
        neighbourhood=(profile.neighbourhood.pk, profile.neighbourhood.name) if profile.neighbourhood else None,
        neighbourhood_visibility=profile.neighbourhood_visibility,
    )


def search_index_person(person: Person) -> None:
    """Rewrite the person's rows: one per level they share something at; none if they hid their profile."""
    data = _person_index_data(person)
    documents = person_documents(data) if data is not None else {}
    with transaction.atomic():
        SearchEntry.objects.filter(person=person).exclude(level__in=list(documents)).delete()
        for level, document in documents.items():
            SearchEntry.objects.update_or_create(person=person, level=level, defaults={"document": document})


def search_index_asset(asset: CommunityAsset) -> None:
    neighbourhood = asset.neighbourhood if asset.neighbourhood_id is not None else None
    document = asset_document(
        AssetIndexData(
            name=asset.name,
            offers=asset.offers,
            when=asset.when,
            where=asset.where,
            access=asset.access,
            tags=[(tag.pk, tag.name) for tag in asset.tags.filter(status="approved").order_by("pk")],
            neighbourhood=(neighbourhood.pk, neighbourhood.name) if neighbourhood is not None else None,
        )
    )
    with transaction.atomic():
        SearchEntry.objects.update_or_create(asset=asset, level=Visibility.EVERYONE, defaults={"document": document})


def search_remove_person(person: Person) -> None:
    SearchEntry.objects.filter(person=person).delete()
