"""Profiles and community groups for the browser tests, made through the same services the pages use, so the
search index, the consents and the audit log are as a person's own answers would leave them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from coproduce.organisations.models import Organisation
from coproduce.people.models import (
    CommunityAsset,
    ConsentTopic,
    Neighbourhood,
    Person,
    Profile,
    ProfileTag,
    Tag,
    Visibility,
)
from coproduce.people.services.assets import community_asset_create
from coproduce.people.services.consent import consent_give
from coproduce.people.services.profiles import JOURNEY_STEPS, ProfileChanges, TagChoice, profile_update
from coproduce.people.visibility import PERSONAL_FIELDS


def tag(name: str) -> Tag:
    """A tag from the shared list: the starter list (migration 0005) has most; any other is added as approved."""
    return Tag.objects.get_or_create(name=name, defaults={"status": Tag.Status.APPROVED})[0]


def neighbourhood(name: str) -> Neighbourhood:
    return Neighbourhood.objects.get_or_create(name=name)[0]


def profile_for(
    person: Person,
    *,
    about: str = "",
    gifts: Iterable[str] = (),
    passions: Iterable[str] = (),
    learning: Iterable[str] = (),
    hood: str | None = None,
    levels: Mapping[str, Visibility] | None = None,
    visible: bool = True,
) -> Profile:
    """A finished profile in `person`'s words. `levels` maps fields of PERSONAL_FIELDS to who sees them (the
    rest keep their defaults); `visible` gives consent to a visible profile, without which no one else sees it."""
    if visible:
        consent_give(person=person, topic=ConsentTopic.VISIBLE_PROFILE)
    fields: dict[str, object] = {"about_me": about}
    if hood is not None:
        fields["neighbourhood"] = neighbourhood(hood)
    for key, level in (levels or {}).items():
        fields[PERSONAL_FIELDS[key]] = level
    return profile_update(
        actor=person,
        person=person,
        changes=ProfileChanges(
            fields=fields,
            tags={
                ProfileTag.Kind.GIFT: TagChoice(tags=[tag(name) for name in gifts]),
                ProfileTag.Kind.PASSION: TagChoice(tags=[tag(name) for name in passions]),
                ProfileTag.Kind.LEARN: TagChoice(tags=[tag(name) for name in learning]),
            },
        ),
        journey_reached=JOURNEY_STEPS,
        journey_finished=True,
    )


def community_group(
    name: str,
    *,
    offers: str,
    tags: Iterable[str] = (),
    hood: str | None = None,
    organisation: Organisation | None = None,
    added_by: Person | None = None,
    **details: str,
) -> CommunityAsset:
    return community_asset_create(
        actor=added_by,
        name=name,
        kind=CommunityAsset.Kind.GROUP,
        offers=offers,
        tags=[tag(n) for n in tags],
        neighbourhood=neighbourhood(hood) if hood else None,
        organisation=organisation,
        **details,
    )
