"""The offers and requests board: putting a listing up and taking it down."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record, audited_with_key
from coproduce.people.models import Neighbourhood, Person
from coproduce.timebank.models import Account, Category, Listing

TITLE_MAX = 120
DESCRIPTION_MAX = 2000


class ListingError(ValueError):
    """A listing that cannot be put up or changed; the message is written for the person who tried."""


def listing_create(
    *,
    actor: Person,
    account: Account,
    kind: str,
    title: str,
    description: str,
    category: Category,
    neighbourhood: Neighbourhood | None,
    idempotency_key: str,
) -> Listing:
    """Put an offer or a request on the board for `account` (the actor's own or an organisation's they act for;
    the view checks that). The same form sent twice (the same key) returns the first listing."""
    title, description = title.strip(), description.strip()
    if kind not in Listing.Kind.values:
        raise ListingError(_("Choose whether you are offering something or asking for something."))
    if not title:
        raise ListingError(_("Give your listing a short title."))
    if len(title) > TITLE_MAX or len(description) > DESCRIPTION_MAX:
        raise ListingError(_("That is too long for the board. Shorten it and try again."))
    with transaction.atomic():
        # The account's row lock makes the same submission sent twice wait for itself, so the second finds the first.
        locked = Account.objects.select_for_update().get(pk=account.pk)
        if locked.closed_at is not None:
            raise ListingError(_("This timebank account is closed, so it cannot put anything on the board."))
        earlier = audited_with_key(action="timebank.listing_create", actor=actor, idempotency_key=idempotency_key)
        if earlier is not None:
            return Listing.objects.get(pk=earlier.target_id)
        listing = Listing.objects.create(
            kind=kind,
            account=locked,
            created_by=actor,
            title=title,
            description=description,
            category=category,
            neighbourhood=neighbourhood,
        )
        audit_record(
            actor=actor,
            action="timebank.listing_create",
            target=listing,
            detail={"kind": kind, "account": locked.pk, "category": category.pk, "key": idempotency_key},
        )
    return listing


def listing_close(*, actor: Person | None, listing: Listing) -> Listing:
    """Take a listing off the board. Exchanges already started from it carry on. Closing twice changes nothing."""
    with transaction.atomic():
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        if not listing.is_open:
            return listing
        listing.is_open = False
        listing.save(update_fields=["is_open"])
        audit_record(actor=actor, action="timebank.listing_close", target=listing)
    return listing
