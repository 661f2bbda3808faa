"""Reads for the offers and requests board."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from coproduce.organisations.models import Organisation, Role
from coproduce.organisations.roles import held_roles
from coproduce.people.models import Consent, ConsentTopic, Neighbourhood, Person
from coproduce.timebank.models import Category, Listing

# Whose organisation accounts a person may put listings up for and answer for (as timebank.act_for_account says).
ACTING_ROLES = frozenset({Role.STAFF, Role.ORG_ADMIN})

# The account's owner and everything the board shows beside a listing, in the same query.
LISTING_RELATED = (
    "account__person",
    "account__organisation",
    "account__service__organisation",
    "category",
    "neighbourhood",
)


def board_listings(
    *, kind: str | None = None, category: Category | None = None, neighbourhood: Neighbourhood | None = None
) -> QuerySet[Listing]:
    listings = Listing.objects.filter(is_open=True, account__closed_at__isnull=True).select_related(*LISTING_RELATED)
    if kind:
        listings = listings.filter(kind=kind)
    if category is not None:
        listings = listings.filter(category=category)
    if neighbourhood is not None:
        listings = listings.filter(neighbourhood=neighbourhood)
    return listings.order_by("-created_at", "-id")


def listing_detail(listing_id: int) -> Listing:
    """Raises Listing.DoesNotExist."""
    return Listing.objects.select_related(*LISTING_RELATED, "created_by").get(pk=listing_id)


def people_sharing_profiles(person_ids: Iterable[int | None]) -> frozenset[int]:
    """Which of these people have a profile others may open (active, with a profile, consenting to it being
    seen), in one query, so a page of names links only to profiles that will show something."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return frozenset()
    return frozenset(
        Consent.objects.filter(
            person_id__in=ids,
            topic=ConsentTopic.VISIBLE_PROFILE,
            withdrawn_at__isnull=True,
            person__is_active=True,
            person__profile__isnull=False,
        ).values_list("person_id", flat=True)
    )


def acting_organisations(person: Person) -> list[Organisation]:
    """Organisations this person may list for and answer for: where they are staff or an admin."""
    ids = {organisation for organisation, role in held_roles(person) if role in ACTING_ROLES}
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))
