"""Closing an account keeps the ledger whole, and a person's download includes their hours."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from coproduce.people.services.closing import person_close
from coproduce.people.services.data import data_export_now, export_sections
from coproduce.timebank.models import Entry, Exchange, Listing
from coproduce.timebank.privacy import EXPORT_COLUMNS, _other_side, timebank_section
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.exchanges import exchange_record_time
from coproduce.timebank.services.group import Share, group_activity_record
from coproduce.timebank.services.ledger import LedgerError
from coproduce.timebank.services.pot import pot_donate
from tests.factories import OrganisationFactory, PersonFactory
from tests.timebank.exchanges_helpers import (
    agreed,
    assert_ledger_clean,
    balance,
    give,
    key,
    listing_for,
    proposed,
    yesterday,
)

pytestmark = pytest.mark.django_db


def _counted(asker, helper, minutes: int) -> Exchange:
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=minutes, occurred_on=yesterday())
    exchange_record_time(actor=asker, exchange=exchange, minutes=minutes, occurred_on=yesterday())
    return exchange


def test_closing_keeps_every_transfer_and_balance_and_stops_the_account(person):
    other = PersonFactory(preferred_name="Florin")
    _counted(other, person, 90)
    open_listing = listing_for(person, title="My open offer", kind="offer")
    open_listing.description = "Ring me on 07700 900123"
    open_listing.save()
    waiting = proposed(other, person)
    agreed_one = agreed(person, PersonFactory())

    person_close(person=person)

    account = account_for_person(person)
    assert account.closed_at is not None and account.balance_minutes == 90
    assert balance(other) == -90
    open_listing.refresh_from_db()
    assert not open_listing.is_open and open_listing.description == "" and open_listing.title == "My open offer"
    for exchange in (waiting, agreed_one):
        exchange.refresh_from_db()
        assert exchange.status == Exchange.Status.CANCELLED
    assert Exchange.objects.filter(status=Exchange.Status.CONFIRMED).count() == 1
    # The other side's records now name them as a former member.
    assert str(account) == f"Former member {person.pk}"
    with pytest.raises(LedgerError, match="closed"):
        give(account, account_for_person(other), 30)
    assert_ledger_clean()


def test_closing_someone_without_a_timebank_account_is_fine(person):
    person_close(person=person)
    assert not Listing.objects.exists()


def test_the_download_has_their_transfers_with_the_balance_after_each(person):
    florin = PersonFactory(preferred_name="Florin")
    _counted(florin, person, 90)  # person gives 1h30 to Florin
    _counted(person, florin, 30)  # Florin gives 30 minutes to person
    pot_donate(actor=person, donor=person, minutes=15, note="Pass it on", idempotency_key=key())
    garden = OrganisationFactory(name="Hollybank Garden")
    garden_account = account_for_organisation(garden)
    garden_account.min_balance_minutes = -6000
    garden_account.save()
    group_activity_record(
        actor=None,
        payer=garden_account,
        shares=[Share(person=person, minutes=120), Share(person=PersonFactory(), minutes=120)],
        occurred_on=yesterday(),
        description="Planting",
        category=None,
        idempotency_key=key(),
    )

    rows = list(timebank_section(person))
    assert [(r["minutes_in"], r["minutes_out"], r["balance_after"]) for r in rows] == [
        (90, 0, 90),
        (0, 30, 60),
        (0, 15, 45),
        (120, 0, 165),
    ]
    assert [r["other_side"] for r in rows] == ["Florin", "Florin", "Community pot", "Hollybank Garden"]
    assert rows[0]["date"] == yesterday() and rows[0]["category"] == "Gardening"
    assert rows[2]["description"] == "Pass it on"

    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    table = list(csv.DictReader(io.StringIO(archive.read("timebank.csv").decode("utf-8-sig"))))
    assert tuple(table[0].keys()) == EXPORT_COLUMNS
    assert len(table) == 4 and table[-1]["balance_after"] == "165"


def test_the_group_organisations_download_names_how_many_people(person):
    garden = OrganisationFactory(name="Garden")
    account = account_for_organisation(garden)
    account.min_balance_minutes = -6000
    account.save()
    group_activity_record(
        actor=None,
        payer=account,
        shares=[Share(person=PersonFactory(), minutes=60) for _ in range(3)],
        occurred_on=yesterday(),
        description="Weeding",
        category=None,
        idempotency_key=key(),
    )
    entry = Entry.objects.get(account=account)
    legs = list(Entry.objects.filter(transfer=entry.transfer).exclude(pk=entry.pk))
    assert _other_side(entry, legs) == "3 others"


def test_the_timebank_file_is_registered_for_everyone(person):
    assert "timebank.csv" in {section.name for section in export_sections()}
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    assert archive.read("timebank.csv").decode("utf-8-sig").strip() == ",".join(EXPORT_COLUMNS)
