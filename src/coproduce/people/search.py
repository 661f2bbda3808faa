"""Keeping the "Who can help?" index up to date. Every change to a profile, a consent or a community asset calls
one of these inside its own transaction, so the index is never ahead of or behind what it describes."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from coproduce.people.models import CommunityAsset, Person, Profile, ProfileTag, SearchEntry, Visibility
from coproduce.people.search_text import language_term, neighbourhood_term, tag_term, terms
from coproduce.people.visibility import profile_consented


def _person_documents(person: Person) -> dict[str, list[str]]:
    if not person.is_active or not profile_consented(person):
        return {}
    documents: dict[str, list[str]] = defaultdict(list)
    documents[Visibility.EVERYONE].extend(terms(person.preferred_name))
    profile = Profile.objects.filter(person=person).select_related("neighbourhood").first()
    if profile is None:
        return documents
    documents[profile.about_me_visibility].extend(terms(profile.about_me))
    documents[profile.lived_experience_visibility].extend(terms(profile.lived_experience))
    documents[profile.usually_free_visibility].extend(terms(profile.usually_free))
    levels = {
        ProfileTag.Kind.GIFT: profile.gifts_visibility,
        ProfileTag.Kind.PASSION: profile.passions_visibility,
        ProfileTag.Kind.LEARN: profile.learning_visibility,
    }
    for held in profile.tags.select_related("tag").filter(tag__status="approved"):
        level = levels[ProfileTag.Kind(held.kind)]
        documents[level].append(tag_term(held.tag_id, held.kind))
        if held.kind != ProfileTag.Kind.LEARN:
            # Wanting to learn cooking does not make someone a person who can help with cooking.
            documents[level].append(tag_term(held.tag_id))
            documents[level].extend(terms(held.tag.name))
    for language in profile.languages.all():
        documents[profile.languages_visibility].extend([language_term(language.pk), *terms(language.name)])
    if profile.neighbourhood is not None:
        documents[profile.neighbourhood_visibility].extend(
            [neighbourhood_term(profile.neighbourhood.pk), *terms(profile.neighbourhood.name)]
        )
    documents.pop(Visibility.ONLY_ME, None)
    return documents


def _dedupe(words: list[str]) -> str:
    return " ".join(dict.fromkeys(words))


def search_index_person(person: Person) -> None:
    """Rewrite the person's rows: one per level they share something at; none if they hid their profile."""
    documents = {level: _dedupe(words) for level, words in _person_documents(person).items() if words}
    with transaction.atomic():
        SearchEntry.objects.filter(person=person).exclude(level__in=list(documents)).delete()
        for level, document in documents.items():
            SearchEntry.objects.update_or_create(person=person, level=level, defaults={"document": document})


def search_index_asset(asset: CommunityAsset) -> None:
    words = terms(" ".join([asset.name, asset.offers, asset.when, asset.where, asset.access]))
    for tag in asset.tags.filter(status="approved"):
        words.extend([tag_term(tag.pk), tag_term(tag.pk, "gift"), *terms(tag.name)])
    if asset.neighbourhood_id is not None:
        words.append(neighbourhood_term(asset.neighbourhood_id))
        if asset.neighbourhood is not None:
            words.extend(terms(asset.neighbourhood.name))
    with transaction.atomic():
        SearchEntry.objects.update_or_create(
            asset=asset, level=Visibility.EVERYONE, defaults={"document": _dedupe(words)}
        )


def search_remove_person(person: Person) -> None:
    SearchEntry.objects.filter(person=person).delete()
