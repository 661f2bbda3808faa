"""A person's profile in their own words: saved a part at a time, by them or with a facilitator beside them.

Every save is one transaction holding the change, any consent given or withdrawn with it, the audit row and the
person's search index, so nothing is half-written and "Who can help?" shows exactly what the profile says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import (
    Consent,
    ConsentTopic,
    Language,
    Neighbourhood,
    Person,
    Profile,
    ProfileTag,
    Tag,
    Visibility,
)
from coproduce.people.search import search_index_person
from coproduce.people.services.consent import consent_give, consent_live, consent_withdraw
from coproduce.people.services.tags import tag_suggest
from coproduce.people.visibility import PERSONAL_FIELDS

JOURNEY_STEPS = 5

# The Profile columns a save may change. Anything else (who filled it in, the journey) is the service's to set.
TEXT_FIELDS = ("about_me", "lived_experience", "usually_free", "contact_notes", "support_notes")
EDITABLE_FIELDS = frozenset({*TEXT_FIELDS, "neighbourhood", "contact_ways", "support_needs", *PERSONAL_FIELDS.values()})
CONSENT_TOPICS = frozenset({ConsentTopic.CONTACT, ConsentTopic.VISIBLE_PROFILE})


class ProfileError(ValueError):
    pass


@dataclass(frozen=True)
class TagChoice:
    """The tags a person holds of one kind, after matching what they typed: tags in the list (or their own
    suggestions), and names they confirmed as new suggestions."""

    tags: Sequence[Tag] = ()
    new_names: Sequence[str] = ()


@dataclass
class ProfileChanges:
    fields: dict[str, Any] = field(default_factory=dict)
    languages: Sequence[Language] | None = None
    tags: Mapping[str, TagChoice] = field(default_factory=dict)
    # topic -> whether the person agrees now: True gives it (if not already given), False withdraws it.
    consents: Mapping[str, bool] = field(default_factory=dict)
    # topic -> the version of the words the person was shown; consent is refused if the words changed since.
    consent_versions: Mapping[str, int] = field(default_factory=dict)


def _check(changes: ProfileChanges) -> None:
    unknown = set(changes.fields) - EDITABLE_FIELDS
    if unknown:
        raise ProfileError(f"Not a profile field that can be changed here: {', '.join(sorted(unknown))}")
    for name in PERSONAL_FIELDS.values():
        if name in changes.fields and changes.fields[name] not in Visibility.values:
            raise ProfileError(_("Choose who can see this from the list."))
    neighbourhood = changes.fields.get("neighbourhood")
    if neighbourhood is not None and not isinstance(neighbourhood, Neighbourhood):
        raise ProfileError(_("Choose a neighbourhood from the list."))
    if not set(changes.fields.get("contact_ways", [])) <= set(Profile.ContactWay.values):
        raise ProfileError(_("Choose ways to contact you from the list."))
    if not set(changes.fields.get("support_needs", [])) <= set(Profile.Support.values):
        raise ProfileError(_("Choose the support you need from the list."))
    if set(changes.tags) - set(ProfileTag.Kind.values):
        raise ProfileError("Unknown kind of tag.")
    if set(changes.consents) - CONSENT_TOPICS:
        raise ProfileError("Only consent to be contacted and to a visible profile are asked for here.")


def _set_tags(actor: Person | None, person: Person, profile: Profile, kind: str, choice: TagChoice) -> dict[str, int]:
    wanted: dict[int, Tag] = {tag.pk: tag for tag in choice.tags}
    for name in choice.new_names:
        tag = tag_suggest(person=person, name=name, actor=actor)
        wanted.setdefault(tag.pk, tag)
    current = set(ProfileTag.objects.filter(profile=profile, kind=kind).values_list("tag_id", flat=True))
    removed = current - set(wanted)
    added = [pk for pk in wanted if pk not in current]
    if removed:
        ProfileTag.objects.filter(profile=profile, kind=kind, tag_id__in=removed).delete()
    ProfileTag.objects.bulk_create([ProfileTag(profile=profile, tag_id=pk, kind=kind) for pk in added])
    return {"added": len(added), "removed": len(removed)}


def _set_consent(*, actor: Person | None, person: Person, topic: str, agree: bool, version: int | None) -> str | None:
    live = consent_live(person, topic)
    if agree and live is None:
        with_facilitator = actor is not None and actor.pk != person.pk
        consent_give(
            person=person,
            topic=topic,
            how=Consent.How.WITH_FACILITATOR if with_facilitator else Consent.How.ONLINE,
            recorded_by=actor if with_facilitator else None,
            version=version,
        )
        return "given"
    if not agree and live is not None:
        consent_withdraw(person=person, topic=topic, actor=actor)
        return "withdrawn"
    return None


def _differs(profile: Profile, name: str, value: Any) -> bool:
    if name == "neighbourhood":
        # Compared by id, so an unchanged neighbourhood costs no query.
        return profile.neighbourhood_id != (value.pk if value is not None else None)
    return bool(getattr(profile, name) != value)


def profile_update(
    *,
    actor: Person | None,
    person: Person,
    changes: ProfileChanges,
    journey_reached: int | None = None,
    journey_finished: bool = False,
) -> Profile:
    """Save part of a profile. `actor` is whoever is at the keyboard: the person, a facilitator filling it in with
    them (then it is marked as theirs to confirm), or None for the system (the demo).

    `journey_reached` is the last step of the first-time journey the person has finished; it never goes back,
    so looking at an earlier step again does not lose their place.
    """
    _check(changes)
    if not person.is_active:
        raise ProfileError(_("That account is closed."))
    with transaction.atomic():
        profile, created = Profile.objects.select_for_update().get_or_create(person=person)
        changed = sorted(name for name, value in changes.fields.items() if _differs(profile, name, value))
        for name, value in changes.fields.items():
            setattr(profile, name, value)
        try:
            profile.clean_fields(exclude=["person", "filled_in_by", "neighbourhood"])
        except ValidationError as exc:
            raise ProfileError(" ".join(exc.messages)) from exc
        if changes.languages is not None:
            wanted = {language.pk for language in changes.languages}
            if wanted != set(profile.languages.values_list("pk", flat=True)):
                profile.languages.set(list(changes.languages))
                changed.append("languages")
        tag_counts = {kind: _set_tags(actor, person, profile, kind, choice) for kind, choice in changes.tags.items()}
        changed.extend(f"tags.{kind}" for kind, counts in tag_counts.items() if any(counts.values()))
        consents = {
            topic: outcome
            for topic, agree in changes.consents.items()
            if (
                outcome := _set_consent(
                    actor=actor,
                    person=person,
                    topic=topic,
                    agree=agree,
                    version=changes.consent_versions.get(topic),
                )
            )
            is not None
        }
        now = timezone.now()
        filled_in_with = actor is not None and actor.pk != person.pk
        if filled_in_with:
            # Saved with a facilitator: the person checks it and confirms when they next sign in.
            profile.filled_in_by, profile.filled_in_at, profile.confirmed_at = actor, now, None
        if journey_reached is not None:
            profile.journey_step = max(profile.journey_step, min(journey_reached, JOURNEY_STEPS))
        if journey_finished and profile.journey_finished_at is None:
            profile.journey_finished_at = now
        profile.save()
        audit_record(
            actor=actor,
            action="profile.update",
            target=person,
            # Which parts changed, never what they say: the audit log is read more widely than the profile.
            detail={
                "changed": changed,
                "created": created,
                "consents": consents,
                "with_facilitator": filled_in_with,
                "journey_step": profile.journey_step,
            },
        )
        search_index_person(person)
    return profile


def profile_fill_in_start(*, facilitator: Person, person: Person) -> None:
    """A facilitator opens someone's profile to fill it in with them. They will see what it already says, so
    the opening is recorded even if nothing is saved."""
    if facilitator.pk == person.pk:
        raise ProfileError(_("Fill in your own profile from your profile page."))
    if not person.is_active:
        raise ProfileError(_("That account is closed."))
    with transaction.atomic():
        audit_record(actor=facilitator, action="profile.fill_in_start", target=person)


def profile_confirm(*, person: Person) -> Profile | None:
    """The person has checked what was filled in with them and says it is right."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().filter(person=person).first()
        if profile is None or not profile.awaiting_confirmation:
            return profile
        profile.confirmed_at = timezone.now()
        profile.save(update_fields=["confirmed_at", "updated_at"])
        audit_record(
            actor=person,
            action="profile.confirm",
            target=person,
            detail={"filled_in_by": profile.filled_in_by_id, "filled_in_at": profile.filled_in_at.isoformat()}
            if profile.filled_in_at
            else {"filled_in_by": profile.filled_in_by_id},
        )
    return profile
