"""The community pot: giving your own hours to it, facilitators granting from it, and what everyone sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.timebank.models import Transfer
from coproduce.timebank.services.accounts import account_for_person, community_pot
from coproduce.timebank.services.pot import PotError, pot_donate, pot_grant
from tests.factories import PersonFactory
from tests.timebank.exchanges_helpers import assert_ledger_clean, balance, category, give, key

pytestmark = pytest.mark.django_db


@pytest.fixture
def earner(person):
    give(account_for_person(person), account_for_person(PersonFactory()), 180)
    return person


def _give(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"give-idempotency_key": key(), "give-minutes": "1 hour", "give-note": ""}
    data.update(overrides)
    return data


def _grant(recipient, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "grant-idempotency_key": key(),
        "grant-recipient_search": "",
        "grant-recipient": recipient.pk if recipient else "",
        "grant-minutes": "1 hour",
        "grant-description": "Shopping while recovering",
        "grant-category": category("Shopping and errands").pk,
    }
    data.update(overrides)
    return data


def test_donating_moves_hours_from_your_balance_into_the_pot(earner):
    transfer = pot_donate(actor=earner, donor=earner, minutes=60, note="Pass it on", idempotency_key="donation-1")
    assert transfer.kind == Transfer.Kind.DONATION and transfer.description == "Pass it on"
    assert balance(earner) == 120 and balance(community_pot()) == 60
    assert AuditEntry.objects.filter(action="timebank.pot_donate", actor=earner).count() == 1
    assert (
        pot_donate(actor=earner, donor=earner, minutes=60, note="Pass it on", idempotency_key="donation-1") == transfer
    )
    assert balance(earner) == 120 and AuditEntry.objects.filter(action="timebank.pot_donate").count() == 1
    assert_ledger_clean()


def test_you_can_only_give_hours_you_have(person):
    with pytest.raises(PotError, match="up to the hours you have earned: 0m"):
        pot_donate(actor=person, donor=person, minutes=30, note="", idempotency_key=key())
    assert not Transfer.objects.exists()


def test_a_grant_moves_hours_from_the_pot_to_someone(earner, facilitator):
    pot_donate(actor=earner, donor=earner, minutes=120, note="", idempotency_key=key())
    recipient = PersonFactory()
    transfer = pot_grant(
        actor=facilitator,
        recipient=recipient,
        minutes=90,
        description="Lifts to hospital",
        category=None,
        idempotency_key="grant-1",
    )
    assert transfer.kind == Transfer.Kind.GRANT
    assert balance(recipient) == 90 and balance(community_pot()) == 30
    assert_ledger_clean()


def test_the_pot_cannot_give_more_than_it_holds(facilitator):
    with pytest.raises(PotError, match="The pot has 0m to give"):
        pot_grant(
            actor=facilitator,
            recipient=PersonFactory(),
            minutes=30,
            description="Help",
            category=None,
            idempotency_key=key(),
        )


def test_a_facilitator_cannot_grant_to_themself(earner, facilitator):
    pot_donate(actor=earner, donor=earner, minutes=60, note="", idempotency_key=key())
    with pytest.raises(PotError, match="Someone else"):
        pot_grant(
            actor=facilitator, recipient=facilitator, minutes=30, description="Me", category=None, idempotency_key=key()
        )


def test_the_pot_page_shows_its_balance_and_recent_grants(client_for, earner, facilitator):
    pot_donate(actor=earner, donor=earner, minutes=120, note="", idempotency_key=key())
    recipient = PersonFactory(preferred_name="Derek")
    pot_grant(
        actor=facilitator,
        recipient=recipient,
        minutes=60,
        description="Monday shop",
        category=None,
        idempotency_key=key(),
    )
    page = client_for(earner).get(reverse("timebank:pot")).content.decode()
    assert "In the pot now" in page and "<strong>1h</strong>" in page
    assert "Monday shop" in page
    # Who received a grant is for facilitators to see.
    assert "Derek" not in page and "Grant hours from the pot" not in page
    page = client_for(facilitator).get(reverse("timebank:pot")).content.decode()
    assert "Derek" in page and "Grant hours from the pot" in page


def test_giving_through_the_page_and_the_same_post_twice_counts_once(client_for, earner):
    client = client_for(earner)
    data = _give(**{"give-minutes": "1h30"})
    response = client.post(reverse("timebank:pot-give"), data)
    assert response.status_code == 302
    assert "Thank you for giving 1h 30m" in client.get(response["Location"]).content.decode()
    client.post(reverse("timebank:pot-give"), data)
    assert Transfer.objects.filter(kind="donation").count() == 1
    assert balance(earner) == 90 and balance(community_pot()) == 90


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "more than zero"),
        ("-1 hour", "more than zero"),
        ("lots", "Write the time"),
        ("5 hours", "up to the hours"),
    ],
)
def test_bad_gifts_are_refused_and_kept(client_for, earner, typed, message):
    response = client_for(earner).post(reverse("timebank:pot-give"), _give(**{"give-minutes": typed}))
    page = response.content.decode()
    assert response.status_code == 200 and message in page and f'value="{typed}"' in page
    assert not Transfer.objects.filter(kind="donation").exists()


def test_a_facilitator_grants_through_the_page_once(client_for, earner, facilitator):
    pot_donate(actor=earner, donor=earner, minutes=180, note="", idempotency_key=key())
    recipient = PersonFactory(preferred_name="Derek Mills")
    client = client_for(facilitator)
    data = _grant(recipient)
    client.post(reverse("timebank:pot-grant"), data)
    client.post(reverse("timebank:pot-grant"), data)
    assert Transfer.objects.filter(kind="grant").count() == 1 and balance(recipient) == 60
    assert_ledger_clean()


def test_finding_the_person_to_grant_to_keeps_what_was_typed(client_for, facilitator):
    PersonFactory(preferred_name="Derek Mills")
    data = _grant(None, **{"grant-recipient_search": "derek", "find": "recipient", "grant-minutes": "90"})
    page = client_for(facilitator).post(reverse("timebank:pot-grant"), data).content.decode()
    assert ">Derek Mills</option>" in page and 'value="90"' in page and "There is a problem" not in page


def test_a_grant_to_an_unknown_person_or_more_than_the_pot_has_is_refused(client_for, earner, facilitator):
    pot_donate(actor=earner, donor=earner, minutes=60, note="", idempotency_key=key())
    client = client_for(facilitator)
    page = client.post(reverse("timebank:pot-grant"), _grant(None, **{"grant-recipient": "999999"})).content.decode()
    assert "We could not find that person" in page
    page = client.post(
        reverse("timebank:pot-grant"), _grant(PersonFactory(), **{"grant-minutes": "2h"})
    ).content.decode()
    assert "The pot has 1h to give" in page
    assert not Transfer.objects.filter(kind="grant").exists()


def test_a_plain_member_cannot_grant_from_the_pot(client_for, earner):
    pot_donate(actor=earner, donor=earner, minutes=60, note="", idempotency_key=key())
    response = client_for(earner).post(reverse("timebank:pot-grant"), _grant(PersonFactory()))
    assert response.status_code == 403
    assert not Transfer.objects.filter(kind="grant").exists()


def test_the_pot_page_does_not_ask_more_as_grants_grow(client_for, earner, facilitator, django_assert_max_num_queries):
    client = client_for(facilitator)
    pot_donate(actor=earner, donor=earner, minutes=180, note="", idempotency_key=key())

    def grants(n: int) -> None:
        for _ in range(n):
            pot_grant(
                actor=facilitator,
                recipient=PersonFactory(),
                minutes=5,
                description="Help",
                category=None,
                idempotency_key=key(),
            )

    grants(2)
    client.get(reverse("timebank:pot"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("timebank:pot"))
    before = len(few.captured_queries)
    grants(12)
    with django_assert_max_num_queries(before):
        client.get(reverse("timebank:pot"))
