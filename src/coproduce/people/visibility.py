"""Who may see which of a person's fields. Every page, search, export and API asks here, nowhere else.

A viewer sees a field when the field's level is at least as wide as the narrowest level open to them:
the person themself sees everything; a facilitator sees fields shared with facilitators and wider; someone who
shares an organisation with the person sees fields shared with "my organisations" and wider; anyone signed in
sees fields shared with everyone. A person who has not consented to a visible profile (or withdrew) is seen by
no one but themself. Visitors who have not signed in see no one's personal fields.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coproduce.people.models import Consent, ConsentTopic, Visibility
from coproduce.people.models.visibility import WIDTH

if TYPE_CHECKING:
    from coproduce.people.models import Person

# Every field a person can share, and the Profile attribute that holds its level.
PERSONAL_FIELDS: dict[str, str] = {
    "about_me": "about_me_visibility",
    "gifts": "gifts_visibility",
    "passions": "passions_visibility",
    "learning": "learning_visibility",
    "lived_experience": "lived_experience_visibility",
    "languages": "languages_visibility",
    "neighbourhood": "neighbourhood_visibility",
    "usually_free": "usually_free_visibility",
    "contact": "contact_visibility",
    "support": "support_visibility",
}


@dataclass(frozen=True)
class ViewerScope:
    """What a viewer is, for visibility: computed once per request, then used for many people."""

    person_id: int | None
    is_facilitator: bool
    organisation_ids: frozenset[int]

    @property
    def signed_in(self) -> bool:
        return self.person_id is not None


def viewer_scope(viewer: Any) -> ViewerScope:
    from coproduce.organisations.roles import has_facilitator_role, organisation_ids

    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return ViewerScope(person_id=None, is_facilitator=False, organisation_ids=frozenset())
    return ViewerScope(
        person_id=viewer.pk,
        is_facilitator=has_facilitator_role(viewer),
        organisation_ids=organisation_ids(viewer),
    )


def narrowest_level(
    scope: ViewerScope, person: Person, *, person_organisation_ids: frozenset[int], profile_consented: bool
) -> Visibility | None:
    """The narrowest level of `person`'s fields this viewer may see, or None for none at all."""
    if not scope.signed_in:
        return None
    if scope.person_id == person.pk:
        return Visibility.ONLY_ME
    if not person.is_active or not profile_consented:
        return None
    if scope.is_facilitator:
        return Visibility.FACILITATORS
    if scope.organisation_ids & person_organisation_ids:
        return Visibility.ORGANISATIONS
    return Visibility.EVERYONE


def may_see(level: str, narrowest: Visibility | None) -> bool:
    return narrowest is not None and WIDTH[Visibility(level)] >= WIDTH[narrowest]


def profile_consented(person: Person) -> bool:
    return person.consents.filter(topic=ConsentTopic.VISIBLE_PROFILE, withdrawn_at__isnull=True).exists()


# Fields shown only while the person's consent on a topic stands, whatever level they chose for the field:
# withdrawing consent to be contacted hides contact details at once on every page, export and API.
CONSENT_GATED_FIELDS: dict[str, str] = {"contact": ConsentTopic.CONTACT}


def contact_consented(person: Person) -> bool:
    return person.consents.filter(topic=ConsentTopic.CONTACT, withdrawn_at__isnull=True).exists()


def consent_topics_live(person_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """Each person's standing consents in one query, for pages that show many people at once."""
    topics: dict[int, set[str]] = {pk: set() for pk in person_ids}
    rows = Consent.objects.filter(person_id__in=list(topics), withdrawn_at__isnull=True).values_list(
        "person_id", "topic"
    )
    for person_id, topic in rows:
        topics[person_id].add(topic)
    return {pk: frozenset(held) for pk, held in topics.items()}


def may_see_field(field: str, level: str, narrowest: Visibility | None, *, live_topics: Collection[str]) -> bool:
    """`may_see` for a named field in PERSONAL_FIELDS, also honouring the consent the field depends on.
    `live_topics` are the person's standing consents (see consent_topics_live). People always see their own."""
    topic = CONSENT_GATED_FIELDS.get(field)
    if topic is not None and topic not in live_topics and narrowest != Visibility.ONLY_ME:
        return False
    return may_see(level, narrowest)
