"""A time broker records an exchange from a paper record for two members: choosing them by name, and who may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.timebank.models import Exchange, Transfer
from coproduce.timebank.services.accounts import account_for_person
from tests.factories import MembershipFactory, PersonFactory
from tests.timebank.exchanges_helpers import assert_ledger_clean, balance, category, give, key, yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(organisation):
    return MembershipFactory(organisation=organisation, role=Role.TIME_BROKER, person__preferred_name="Amira").person


@pytest.fixture
def peggy():
    return PersonFactory(preferred_name="Peggy Ellis")


@pytest.fixture
def gloria():
    return PersonFactory(preferred_name="Gloria Baptiste")


def _form(gives, receives, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "idempotency_key": key(),
        "giver_search": "",
        "giver": gives.pk if gives else "",
        "receiver_search": "",
        "receiver": receives.pk if receives else "",
        "minutes": "2 hours",
        "occurred_on": yesterday().isoformat(),
        "description": "Knitted a shawl",
        "category": category("Arts and crafts").pk,
    }
    data.update(overrides)
    return data


def test_a_broker_records_an_exchange_that_counts_at_once(client_for, broker, peggy, gloria):
    client = client_for(broker)
    response = client.post(reverse("timebank:broker"), _form(peggy, gloria))
    assert response.status_code == 302
    exchange = Exchange.objects.get()
    assert exchange.status == Exchange.Status.CONFIRMED and exchange.brokered_by == broker
    assert exchange.transfer.recorded_by == broker and exchange.minutes == 120
    assert (balance(peggy), balance(gloria)) == (120, -120)
    assert AuditEntry.objects.filter(action="timebank.exchange_record", actor=broker).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Recorded: Peggy Ellis gave Gloria Baptiste 2h. It has counted." in page
    assert "You recorded recently" in page and "Knitted a shawl" in page
    assert_ledger_clean()


def test_the_same_post_twice_counts_once(client_for, broker, peggy, gloria):
    client = client_for(broker)
    data = _form(peggy, gloria)
    client.post(reverse("timebank:broker"), data)
    client.post(reverse("timebank:broker"), data)
    assert Exchange.objects.count() == 1 and Transfer.objects.count() == 1
    assert balance(peggy) == 120


def test_finding_people_by_name_keeps_everything_typed(client_for, broker, peggy, gloria):
    PersonFactory(preferred_name="Ron Ellis")
    data = _form(None, gloria, giver_search="ellis", find="giver", minutes="about 2 hours")
    response = client_for(broker).post(reverse("timebank:broker"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in page
    assert "Showing people whose name includes “ellis”." in page
    assert ">Peggy Ellis</option>" in page and ">Ron Ellis</option>" in page
    # The receiver already chosen stays chosen, and is still in their list.
    assert f'<option value="{gloria.pk}" selected>Gloria Baptiste</option>' in page
    assert 'value="about 2 hours"' in page and 'value="Knitted a shawl"' in page
    assert not Exchange.objects.exists()


def test_pressing_enter_with_no_search_typed_sends_the_form(client_for, broker, peggy, gloria):
    response = client_for(broker).post(reverse("timebank:broker"), _form(peggy, gloria, find="giver"))
    assert response.status_code == 302 and Exchange.objects.count() == 1


def test_a_search_that_finds_no_one_says_so(client_for, broker):
    page = (
        client_for(broker)
        .post(reverse("timebank:broker"), _form(None, None, receiver_search="Zebedee", find="receiver"))
        .content.decode()
    )
    assert "No one’s name includes “Zebedee”." in page


def test_two_people_with_the_same_name_can_be_told_apart(client_for, broker):
    PersonFactory(preferred_name="Sam Hughes")
    PersonFactory(preferred_name="Sam Hughes")
    page = client_for(broker).get(reverse("timebank:broker")).content.decode()
    assert page.count("Sam Hughes (joined") >= 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"giver": 999999}, "We could not find that person. Search for them by name and choose them."),
        ({"giver": ""}, "Choose someone from the list."),
        ({"same": True}, "Choose two different people"),
        ({"minutes": "0"}, "The time must be more than zero."),
        ({"minutes": "1-2 hours"}, "Write the time as hours and minutes"),
        ({"description": "d" * 301}, "can be up to 300 characters"),
        ({"category": ""}, "Choose the kind of help it was."),
    ],
)
def test_bad_input_says_what_to_fix_and_writes_nothing(client_for, broker, peggy, gloria, changes, message):
    data = _form(peggy, peggy if changes.pop("same", False) else gloria, **changes)
    response = client_for(broker).post(reverse("timebank:broker"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and message in page
    assert not Exchange.objects.exists() and not Transfer.objects.exists()


def test_a_closed_account_is_refused_plainly(client_for, broker, peggy, gloria):
    account = account_for_person(gloria)
    account.closed_at = account.created_at
    account.save()
    page = client_for(broker).post(reverse("timebank:broker"), _form(peggy, gloria)).content.decode()
    assert "account is closed" in page
    assert not Exchange.objects.exists()


def test_past_the_limit_a_broker_is_told_and_a_facilitator_broker_may_approve(client_for, broker, peggy, gloria):
    give(account_for_person(gloria), account_for_person(PersonFactory()), -600)
    page = client_for(broker).post(reverse("timebank:broker"), _form(peggy, gloria)).content.decode()
    assert "A facilitator needs to approve it" in page
    assert "I approve this" not in page
    assert not Exchange.objects.exists()

    facilitator = MembershipFactory(role=Role.FACILITATOR).person
    client = client_for(facilitator)
    assert "I approve this" in client.get(reverse("timebank:broker")).content.decode()
    client.post(reverse("timebank:broker"), _form(peggy, gloria, approve="on"))
    exchange = Exchange.objects.get()
    assert exchange.transfer.approved_by == facilitator and balance(gloria) == -720
    assert_ledger_clean()


def test_a_plain_member_cannot_broker(client_for, person, peggy, gloria):
    client = client_for(person)
    assert client.get(reverse("timebank:broker")).status_code == 403
    assert client.post(reverse("timebank:broker"), _form(peggy, gloria)).status_code == 403
    assert not Exchange.objects.exists()


def test_the_broker_page_does_not_ask_more_as_people_and_records_grow(
    client_for, broker, django_assert_max_num_queries
):
    client = client_for(broker)

    def grow(n: int) -> None:
        for _ in range(n):
            a, b = PersonFactory(), PersonFactory()
            client.post(reverse("timebank:broker"), _form(a, b))

    grow(2)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("timebank:broker"))
    # Read now: every request the client makes clears the connection's log of queries.
    before = len(few.captured_queries)
    grow(8)
    with django_assert_max_num_queries(before):
        client.get(reverse("timebank:broker"))
