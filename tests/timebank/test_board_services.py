"""The board's services: putting listings up for yourself or an organisation, and taking them down."""

from __future__ import annotations

import pytest

from coproduce.core.models import AuditEntry
from coproduce.timebank.models import Listing
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.board import ListingError, listing_close, listing_create
from tests.factories import PersonFactory
from tests.timebank.exchanges_helpers import category, key, listing_for

pytestmark = pytest.mark.django_db


def test_a_listing_is_put_up_and_audited(person):
    listing = listing_for(person, kind=Listing.Kind.OFFER, title="Bike repairs")
    assert listing.is_open and listing.account == account_for_person(person) and listing.created_by == person
    entry = AuditEntry.objects.get(action="timebank.listing_create")
    assert entry.actor == person and entry.target_id == str(listing.pk)


def test_the_same_form_sent_twice_is_one_listing(person):
    same = key()
    kwargs = dict(
        actor=person,
        account=account_for_person(person),
        kind=Listing.Kind.OFFER,
        title="Bike repairs",
        description="",
        category=category(),
        neighbourhood=None,
        idempotency_key=same,
    )
    first = listing_create(**kwargs)
    assert listing_create(**kwargs) == first
    assert Listing.objects.count() == 1
    # Another form, even with the same words, is another listing: people may mean it.
    listing_create(**{**kwargs, "idempotency_key": key()})
    assert Listing.objects.count() == 2


def test_someone_elses_key_does_not_find_their_listing(person):
    shared = key()
    listing_create(
        actor=person,
        account=account_for_person(person),
        kind="offer",
        title="Mine",
        description="",
        category=category(),
        neighbourhood=None,
        idempotency_key=shared,
    )
    other = PersonFactory()
    theirs = listing_create(
        actor=other,
        account=account_for_person(other),
        kind="offer",
        title="Theirs",
        description="",
        category=category(),
        neighbourhood=None,
        idempotency_key=shared,
    )
    assert theirs.title == "Theirs"


def test_an_organisation_can_list(org_admin, organisation):
    listing = listing_for(org_admin, account=account_for_organisation(organisation), title="Volunteers wanted")
    assert listing.account.organisation == organisation
    assert listing.created_by == org_admin


@pytest.mark.parametrize(
    ("kind", "title", "message"),
    [
        ("swap", "A title", "offering something or asking"),
        ("offer", "   ", "short title"),
        ("offer", "x" * 121, "too long"),
    ],
)
def test_bad_listings_are_refused_and_nothing_is_written(person, kind, title, message):
    with pytest.raises(ListingError, match=message):
        listing_create(
            actor=person,
            account=account_for_person(person),
            kind=kind,
            title=title,
            description="",
            category=category(),
            neighbourhood=None,
            idempotency_key=key(),
        )
    assert not Listing.objects.exists()


def test_a_closed_account_cannot_list(person):
    account = account_for_person(person)
    account.closed_at = account.created_at
    account.save()
    with pytest.raises(ListingError, match="closed"):
        listing_for(person)


def test_closing_takes_it_off_the_board_once(person):
    listing = listing_for(person)
    listing_close(actor=person, listing=listing)
    listing_close(actor=person, listing=listing)
    listing.refresh_from_db()
    assert not listing.is_open
    assert AuditEntry.objects.filter(action="timebank.listing_close").count() == 1
