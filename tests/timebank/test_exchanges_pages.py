"""Exchange pages: the whole journey through the pages, who may see and do what, and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.timebank.models import Exchange, Listing, Transfer
from coproduce.timebank.services.accounts import account_for_person
from coproduce.timebank.services.exchanges import exchange_record_time
from tests.factories import PersonFactory
from tests.timebank.exchanges_helpers import (
    agreed,
    assert_ledger_clean,
    balance,
    category,
    give,
    key,
    listing_for,
    proposed,
    yesterday,
)

pytestmark = pytest.mark.django_db


def _day(value) -> str:
    return value.isoformat()


def test_offer_ask_agree_record_and_confirm_through_the_pages(client_for):
    gloria, florin = PersonFactory(preferred_name="Gloria"), PersonFactory(preferred_name="Florin")
    as_gloria, as_florin = client_for(gloria), client_for(florin)

    as_gloria.post(
        reverse("timebank:listing-new"),
        {
            "idempotency_key": key(),
            "kind": "request",
            "title": "Tiling my kitchen splashback",
            "description": "",
            "category": category("DIY and repairs").pk,
            "neighbourhood": "",
        },
    )
    listing = Listing.objects.get()
    board = as_florin.get(reverse("timebank:board")).content.decode()
    assert "Tiling my kitchen splashback" in board

    as_florin.post(reverse("timebank:listing-answer", args=[listing.pk]), {"idempotency_key": key(), "description": ""})
    exchange = Exchange.objects.get()
    page = as_gloria.get(reverse("timebank:exchange", args=[exchange.pk])).content.decode()
    assert "Yes, let’s do it" in page
    assert "Your turn" in as_gloria.get(reverse("timebank:exchanges")).content.decode()
    assert "Waiting for them to answer" in as_florin.get(reverse("timebank:exchanges")).content.decode()

    as_gloria.post(reverse("timebank:exchange-accept", args=[exchange.pk]))
    as_florin.post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "3 hours", "occurred_on": _day(yesterday())},
    )
    page = as_gloria.get(reverse("timebank:exchange", args=[exchange.pk])).content.decode()
    assert "The other side says it took 3h" in page and 'value="3h"' in page
    response = as_gloria.post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "3h", "occurred_on": _day(yesterday())},
    )
    assert response.status_code == 302
    done = as_gloria.get(response["Location"]).content.decode()
    assert "3h has counted" in done

    assert (balance(florin), balance(gloria)) == (180, -180)
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.CONFIRMED
    assert_ledger_clean()


def test_someone_not_party_to_an_exchange_cannot_see_or_touch_it(client_for):
    exchange = agreed(PersonFactory(), PersonFactory())
    stranger = client_for(PersonFactory())
    assert stranger.get(reverse("timebank:exchange", args=[exchange.pk])).status_code == 404
    for name in ("exchange-accept", "exchange-decline", "exchange-cancel"):
        assert stranger.post(reverse(f"timebank:{name}", args=[exchange.pk])).status_code == 404
    response = stranger.post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "1h", "occurred_on": _day(yesterday())},
    )
    assert response.status_code == 404
    assert stranger.post(reverse("timebank:exchange-approve", args=[exchange.pk])).status_code == 403
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.AGREED and exchange.minutes is None


def test_a_visitor_is_sent_to_sign_in_from_an_exchange(client):
    exchange = agreed(PersonFactory(), PersonFactory())
    response = client.get(reverse("timebank:exchange", args=[exchange.pk]))
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


def test_an_unknown_exchange_is_not_found(client_for, person):
    assert client_for(person).get(reverse("timebank:exchange", args=[424242])).status_code == 404


def test_the_proposer_cannot_accept_their_own_proposal(client_for):
    asker, helper = PersonFactory(), PersonFactory()
    exchange = proposed(asker, helper)
    response = client_for(helper).post(reverse("timebank:exchange-accept", args=[exchange.pk]), follow=True)
    assert "The other side needs to answer this" in response.content.decode()
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.PROPOSED


def test_declining_and_cancelling_through_the_pages(client_for):
    asker, helper = PersonFactory(), PersonFactory()
    first = proposed(asker, helper)
    client_for(asker).post(reverse("timebank:exchange-decline", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == Exchange.Status.DECLINED

    second = agreed(asker, PersonFactory())
    client_for(asker).post(reverse("timebank:exchange-cancel", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == Exchange.Status.CANCELLED


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("about 2 hours", "Write the time as hours and minutes, for example 1h30 or 90 minutes."),
        ("0", "The time must be more than zero."),
        ("-1 hour", "The time must be more than zero."),
        ("90", "Is that 90 minutes or 90 hours?"),
        ("200 hours", "more than a week"),
    ],
)
def test_a_time_that_cannot_be_read_is_refused_and_kept(client_for, typed, message):
    asker, helper = PersonFactory(), PersonFactory()
    exchange = agreed(asker, helper)
    response = client_for(helper).post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": typed, "occurred_on": _day(yesterday())},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'value="{typed}"' in page
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.AGREED and exchange.minutes is None


def test_a_date_in_the_future_or_unreadable_is_refused(client_for):
    asker, helper = PersonFactory(), PersonFactory()
    exchange = agreed(asker, helper)
    client = client_for(helper)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = client.post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "1h", "occurred_on": _day(tomorrow)},
    ).content.decode()
    assert "cannot be in the future" in page
    page = client.post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "1h", "occurred_on": "last Tuesday"},
    ).content.decode()
    assert "Write the date as day, month and year" in page and 'value="last Tuesday"' in page


def test_the_same_confirmation_posted_twice_counts_once(client_for):
    asker, helper = PersonFactory(), PersonFactory()
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    client = client_for(asker)
    data = {"idempotency_key": key(), "minutes": "1 hour", "occurred_on": _day(yesterday())}
    client.post(reverse("timebank:exchange-record", args=[exchange.pk]), data)
    again = client.post(reverse("timebank:exchange-record", args=[exchange.pk]), data, follow=True)
    assert "1h has counted" in again.content.decode()
    assert Transfer.objects.count() == 1 and balance(helper) == 60
    # A new form (a new key) sent after it counted is told so.
    fresh = client.post(reverse("timebank:exchange-record", args=[exchange.pk]), {**data, "idempotency_key": key()})
    assert "already counted" in fresh.content.decode()
    assert_ledger_clean()


def test_a_resent_record_does_not_undo_the_other_sides_correction(client_for):
    asker, helper = PersonFactory(), PersonFactory()
    exchange = agreed(asker, helper)
    as_helper = client_for(helper)
    first = {"idempotency_key": key(), "minutes": "2h", "occurred_on": _day(yesterday())}
    as_helper.post(reverse("timebank:exchange-record", args=[exchange.pk]), first)
    exchange_record_time(actor=asker, exchange=exchange, minutes=90, occurred_on=yesterday())
    as_helper.post(reverse("timebank:exchange-record", args=[exchange.pk]), first)  # the browser resends the page
    exchange.refresh_from_db()
    assert exchange.minutes == 90 and exchange.receiver_confirmed_at and exchange.giver_confirmed_at is None


def test_past_the_limit_a_facilitator_approves_from_the_exchange_page(client_for, facilitator):
    asker, helper = PersonFactory(), PersonFactory()
    give(account_for_person(asker), account_for_person(PersonFactory()), -600)
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    response = client_for(asker).post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "1h", "occurred_on": _day(yesterday())},
        follow=True,
    )
    page = response.content.decode()
    assert "A facilitator needs to approve it" in page and "Waiting for a facilitator to approve" in page
    assert "Approve and count the hours" not in page

    as_facilitator = client_for(facilitator)
    waiting = as_facilitator.get(reverse("timebank:exchanges")).content.decode()
    assert "Waiting for a facilitator to approve" in waiting
    assert reverse("timebank:exchange", args=[exchange.pk]) in waiting
    page = as_facilitator.get(reverse("timebank:exchange", args=[exchange.pk])).content.decode()
    assert "Approve and count the hours" in page
    response = as_facilitator.post(reverse("timebank:exchange-approve", args=[exchange.pk]))
    assert response["Location"] == reverse("timebank:exchanges")
    assert balance(helper) == 60 and balance(asker) == -660
    # Counted, it is private to its two sides again.
    assert as_facilitator.get(reverse("timebank:exchange", args=[exchange.pk])).status_code == 404
    assert_ledger_clean()


def test_a_plain_member_cannot_approve(client_for):
    asker, helper = PersonFactory(), PersonFactory()
    give(account_for_person(asker), account_for_person(PersonFactory()), -600)
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    exchange_record_time(actor=asker, exchange=exchange, minutes=60, occurred_on=yesterday())
    assert client_for(helper).post(reverse("timebank:exchange-approve", args=[exchange.pk])).status_code == 403
    assert not Transfer.objects.filter(kind="exchange").exists()


def test_a_facilitator_does_not_see_exchanges_that_do_not_need_them(client_for, facilitator):
    exchange = agreed(PersonFactory(), PersonFactory())
    assert client_for(facilitator).get(reverse("timebank:exchange", args=[exchange.pk])).status_code == 404


def _exchanges_for(person, count: int) -> None:
    for n in range(count):
        other = PersonFactory()
        if n % 3 == 0:
            proposed(person, other)
        elif n % 3 == 1:
            exchange = agreed(other, person)
            exchange_record_time(actor=person, exchange=exchange, minutes=30, occurred_on=yesterday())
        else:
            exchange = agreed(other, person)
            exchange_record_time(actor=person, exchange=exchange, minutes=30, occurred_on=yesterday())
            exchange_record_time(actor=other, exchange=exchange, minutes=30, occurred_on=yesterday())


def test_my_exchanges_does_not_ask_more_of_the_database_as_it_grows(client_for, person, django_assert_max_num_queries):
    client = client_for(person)
    _exchanges_for(person, 3)
    client.get(reverse("timebank:exchanges"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("timebank:exchanges"))
    _exchanges_for(person, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("timebank:exchanges")).content.decode()
    assert page.count("Waiting for them to confirm the time") >= 5


def test_an_exchange_page_does_not_ask_more_as_history_grows(client_for, django_assert_max_num_queries):
    asker, helper = PersonFactory(), PersonFactory()
    exchange = agreed(asker, helper)
    client = client_for(asker)
    url = reverse("timebank:exchange", args=[exchange.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    _exchanges_for(asker, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_lister_is_emailed_when_someone_answers_and_asked_to_confirm_a_time(
    client_for, django_capture_on_commit_callbacks, mailoutbox
):
    asker = PersonFactory(preferred_name="Gloria", email="gloria@example.org")
    helper = PersonFactory(preferred_name="Florin", email="florin@example.org")
    listing = listing_for(asker)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(helper).post(
            reverse("timebank:listing-answer", args=[listing.pk]), {"idempotency_key": key(), "description": ""}
        )
    exchange = Exchange.objects.get()
    [answered] = mailoutbox
    assert answered.to == ["gloria@example.org"] and "Help with my garden" in answered.subject
    assert "Florin has answered" in answered.body
    assert f"http://testserver{reverse('timebank:exchange', args=[exchange.pk])}" in answered.body

    client_for(asker).post(reverse("timebank:exchange-accept", args=[exchange.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client_for(helper).post(
            reverse("timebank:exchange-record", args=[exchange.pk]),
            {"idempotency_key": key(), "minutes": "1h30", "occurred_on": yesterday().strftime("%d/%m/%Y")},
        )
    confirm = mailoutbox[-1]
    assert confirm.to == ["gloria@example.org"] and "Florin says “Help with my garden” took 1h 30m" in confirm.body


def test_a_date_written_the_british_way_is_read(client_for):
    asker, helper = PersonFactory(), PersonFactory()
    exchange = agreed(asker, helper)
    typed = yesterday().strftime("%-d/%-m/%Y")
    client_for(helper).post(
        reverse("timebank:exchange-record", args=[exchange.pk]),
        {"idempotency_key": key(), "minutes": "1h", "occurred_on": typed},
    )
    exchange.refresh_from_db()
    assert exchange.occurred_on == yesterday()
