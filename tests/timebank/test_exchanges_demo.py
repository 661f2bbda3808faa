"""Brackenfold's timebank, and the journeys the issue asks for, done as demo people through the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.demo.services import demo_place_load
from coproduce.organisations.models import Organisation, Role
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Entry, Exchange, Listing, Transfer
from coproduce.timebank.services.accounts import account_for_organisation, community_pot
from tests.timebank.exchanges_helpers import assert_ledger_clean, balance, category, key

pytestmark = pytest.mark.django_db

# The timebank's own tables, which a second load must leave exactly as they are.
MODELS = (Account, Listing, Exchange, Transfer, Entry)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def demo_person(local: str) -> Person:
    return Person.objects.get(email=f"{local}@brackenfold.example")


@pytest.fixture
def demo(db):
    return demo_place_load()


def test_brackenfold_has_a_living_timebank(demo):
    assert 15 <= Listing.objects.filter(is_open=True).count() <= 25
    categories = set(Listing.objects.values_list("category__name", flat=True))
    assert len(categories) >= 10
    assert Listing.objects.exclude(neighbourhood=None).values("neighbourhood").distinct().count() >= 5
    assert Listing.objects.filter(account__kind=Account.Kind.ORGANISATION).exists()

    confirmed = Exchange.objects.filter(status=Exchange.Status.CONFIRMED)
    assert 30 <= confirmed.count() <= 60
    dates = sorted(confirmed.values_list("occurred_on", flat=True))
    today = timezone.localdate()
    assert dates[0] >= today - timedelta(days=183) and dates[0] <= today - timedelta(days=150)
    assert dates[-1] <= today
    waiting = Exchange.objects.filter(status=Exchange.Status.DONE, transfer=None)
    assert waiting.count() == 2
    assert all(bool(e.giver_confirmed_at) != bool(e.receiver_confirmed_at) for e in waiting)

    # The community garden's planting morning (training sessions also pay their trainers as group transfers).
    group = Transfer.objects.get(kind=Transfer.Kind.GROUP, description__contains="community garden")
    assert group.entries.count() == 13
    assert sorted(group.entries.values_list("minutes", flat=True))[1:] == [120] * 12
    assert Transfer.objects.filter(kind=Transfer.Kind.DONATION).count() >= 2
    assert Transfer.objects.filter(kind=Transfer.Kind.GRANT).count() == 1
    assert balance(community_pot()) > 0

    broker = demo_person("amira.haddad")
    assert broker.memberships.filter(role=Role.TIME_BROKER).exists()
    assert broker.has_perm("timebank.broker")
    assert Exchange.objects.filter(brokered_by=broker).count() >= 2

    assert Account.objects.filter(kind=Account.Kind.ORGANISATION).count() == Organisation.objects.count()
    assert Account.objects.filter(kind=Account.Kind.PERSON).count() >= Person.objects.count() - 1
    assert_ledger_clean()


def test_a_second_load_adds_nothing_to_the_timebank(demo):
    before = _counts()
    again = demo_place_load()
    assert not again.changed and again.timebank_added == 0
    assert _counts() == before


def test_ledger_check_is_clean_after_coproduce_demo(db, capsys):
    call_command("demo")
    call_command("ledger-check")
    assert "The ledger is sound" in capsys.readouterr().out


def test_as_demo_people_we_offer_ask_agree_record_and_confirm(demo, client_for):
    kwame, liam = demo_person("kwame.mensah"), demo_person("liam.fletcher")
    as_kwame, as_liam = client_for(kwame), client_for(liam)
    start = (balance(kwame), balance(liam))

    as_kwame.post(
        reverse("timebank:listing-new"),
        {
            "idempotency_key": key(),
            "kind": "offer",
            "title": "Puncture repair lesson",
            "description": "Bring your bike and I’ll show you.",
            "category": category("DIY and repairs").pk,
            "neighbourhood": "",
            # Kwame works for the council, so he is asked who it is from; the form starts on "Myself".
            "on_behalf_of": "me",
        },
    )
    offer = Listing.objects.get(title="Puncture repair lesson")
    assert "Puncture repair lesson" in as_liam.get(reverse("timebank:board")).content.decode()
    as_liam.post(
        reverse("timebank:listing-answer", args=[offer.pk]),
        {"idempotency_key": key(), "description": "", "on_behalf_of": "me"},
    )
    exchange = Exchange.objects.get(listing=offer)
    as_kwame.post(reverse("timebank:exchange-accept", args=[exchange.pk]))
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    as_kwame.post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "1h", "occurred_on": day},
    )
    as_liam.post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "60 minutes", "occurred_on": day},
    )

    assert (balance(kwame), balance(liam)) == (start[0] + 60, start[1] - 60)

    # And Liam asks for something.
    as_liam.post(
        reverse("timebank:listing-new"),
        {
            "idempotency_key": key(),
            "kind": "request",
            "title": "Someone to teach me a curry",
            "description": "",
            "category": category("Cooking and food").pk,
            "neighbourhood": "",
            "on_behalf_of": "me",
        },
    )
    assert Listing.objects.filter(title="Someone to teach me a curry", kind="request", is_open=True).exists()
    assert_ledger_clean()


def test_as_a_demo_broker_amira_records_one_for_peggy(demo, client_for):
    amira, peggy, gloria = demo_person("amira.haddad"), demo_person("margaret.ellis"), demo_person("gloria.baptiste")
    start = balance(peggy)
    response = client_for(amira).post(
        reverse("timebank:broker"),
        {
            "idempotency_key": key(),
            "giver": peggy.pk,
            "receiver": gloria.pk,
            "minutes": "1.5",
            "occurred_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "description": "Company at the drop-in",
            "category": category("Company and befriending").pk,
        },
    )
    assert response.status_code == 302
    assert balance(peggy) == start + 90
    assert_ledger_clean()


def _group_post(organisation: Organisation, people: list[Person], **extra: str) -> dict[str, object]:
    return {
        "idempotency_key": key(),
        "payer": f"organisation-{organisation.pk}",
        "description": "Autumn bulb planting",
        "category": category("Gardening").pk,
        "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "minutes_each": "1 hour",
        "people": [str(p.pk) for p in people],
        **extra,
    }


def test_as_a_demo_organiser_an_organisation_credits_a_group(demo, client_for):
    brenda = demo_person("brenda.holt")
    knit = Organisation.objects.get(name="Fold Green Knit and Natter")
    members = list(Person.objects.filter(memberships__organisation=knit).exclude(pk=brenda.pk).distinct())
    before = {p.pk: balance(p) for p in members}
    response = client_for(brenda).post(reverse("timebank:group"), _group_post(knit, members))
    assert response.status_code == 302
    assert all(balance(p) == before[p.pk] + 60 for p in members)
    assert balance(account_for_organisation(knit)) == -60 * len(members)
    assert_ledger_clean()


def test_the_garden_is_past_its_limit_so_a_facilitator_approves_its_next_morning(demo, client_for):
    garden = Organisation.objects.get(name="Hollybank Community Garden")
    members = list(Person.objects.filter(memberships__organisation=garden).distinct()[:3])
    nell = demo_person("eleanor.whitaker")
    refused = client_for(nell).post(reverse("timebank:group"), _group_post(garden, members)).content.decode()
    assert "A facilitator needs to approve it" in refused
    priya = demo_person("priya.raman")
    response = client_for(priya).post(reverse("timebank:group"), _group_post(garden, members, approve="on"))
    assert response.status_code == 302
    assert Transfer.objects.filter(kind=Transfer.Kind.GROUP, approved_by=priya).exists()
    assert_ledger_clean()


def test_as_a_demo_person_someone_gives_to_the_pot(demo, client_for):
    harjit = demo_person("harjit.gill")
    pot_before, harjit_before = balance(community_pot()), balance(harjit)
    client_for(harjit).post(
        reverse("timebank:pot-give"),
        {"give-idempotency_key": key(), "give-minutes": "half an hour", "give-note": "For the Diwali helpers"},
    )
    assert balance(community_pot()) == pot_before + 30 and balance(harjit) == harjit_before - 30
    assert_ledger_clean()
