"""Exchanges: proposed, agreed or declined, recorded by either side, counted only when both say the same."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.timebank.models import Exchange, Transfer
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.exchanges import (
    ExchangeError,
    exchange_accept,
    exchange_approve,
    exchange_cancel,
    exchange_decline,
    exchange_propose,
    exchange_record_completed,
    exchange_record_time,
    exchange_side,
)
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
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


@pytest.fixture
def asker():
    return PersonFactory(preferred_name="Gloria")


@pytest.fixture
def helper():
    return PersonFactory(preferred_name="Florin")


def test_answering_a_request_makes_the_helper_the_giver(asker, helper):
    exchange = proposed(asker, helper, kind="request")
    assert (exchange.giver.person, exchange.receiver.person) == (helper, asker)
    assert exchange.status == Exchange.Status.PROPOSED and exchange.description == "Help with my garden"
    assert AuditEntry.objects.filter(action="timebank.exchange_propose", actor=helper).exists()


def test_answering_an_offer_makes_the_lister_the_giver(asker, helper):
    exchange = proposed(asker, helper, kind="offer")
    assert (exchange.giver.person, exchange.receiver.person) == (asker, helper)


def test_answering_again_while_one_is_open_returns_it(asker, helper):
    first = proposed(asker, helper)
    again = exchange_propose(
        actor=helper, listing=first.listing, account=account_for_person(helper), description="", idempotency_key=key()
    )
    assert again == first and Exchange.objects.count() == 1


def test_a_closed_listing_cannot_be_answered(asker, helper):
    listing = listing_for(asker)
    listing.is_open = False
    listing.save()
    with pytest.raises(ExchangeError, match="taken off the board"):
        exchange_propose(
            actor=helper, listing=listing, account=account_for_person(helper), description="", idempotency_key=key()
        )


def test_staff_cannot_answer_their_own_organisations_listing():
    organisation = OrganisationFactory()
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    listing = listing_for(staff, account=account_for_organisation(organisation))
    with pytest.raises(ExchangeError, match="your own listing"):
        exchange_propose(
            actor=staff, listing=listing, account=account_for_person(staff), description="", idempotency_key=key()
        )


def test_only_the_other_side_can_accept_or_decline(asker, helper):
    exchange = proposed(asker, helper)
    with pytest.raises(ExchangeError, match="other side needs to answer"):
        exchange_accept(actor=helper, exchange=exchange)
    with pytest.raises(ExchangeError, match="not part of this exchange"):
        exchange_accept(actor=PersonFactory(), exchange=exchange)
    assert exchange_decline(actor=asker, exchange=exchange).status == Exchange.Status.DECLINED
    with pytest.raises(ExchangeError, match="already been answered"):
        exchange_accept(actor=asker, exchange=exchange)


def test_accepting_twice_is_one_answer(asker, helper):
    exchange = proposed(asker, helper)
    exchange_accept(actor=asker, exchange=exchange)
    exchange_accept(actor=asker, exchange=exchange)
    assert AuditEntry.objects.filter(action="timebank.exchange_accept").count() == 1


def test_hours_count_only_when_both_sides_confirm_the_same_time(asker, helper):
    exchange = agreed(asker, helper)
    first = exchange_record_time(actor=helper, exchange=exchange, minutes=90, occurred_on=yesterday())
    assert not first.counted and first.exchange.status == Exchange.Status.DONE
    assert balance(helper) == 0 and not Transfer.objects.exists()

    second = exchange_record_time(actor=asker, exchange=exchange, minutes=90, occurred_on=yesterday())
    assert second.counted
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.CONFIRMED
    transfer = exchange.transfer
    assert transfer.idempotency_key == f"exchange-{exchange.pk}" and transfer.kind == Transfer.Kind.EXCHANGE
    assert transfer.occurred_on == yesterday() and transfer.recorded_by == asker
    assert (balance(helper), balance(asker)) == (90, -90)
    assert_ledger_clean()


def test_a_different_time_waits_for_the_first_side_to_agree(asker, helper):
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=120, occurred_on=yesterday())
    outcome = exchange_record_time(actor=asker, exchange=exchange, minutes=90, occurred_on=yesterday())
    assert not outcome.counted
    exchange.refresh_from_db()
    assert exchange.minutes == 90 and exchange.giver_confirmed_at is None and exchange.receiver_confirmed_at
    assert exchange_record_time(actor=helper, exchange=exchange, minutes=90, occurred_on=yesterday()).counted
    assert balance(helper) == 90
    assert_ledger_clean()


def test_a_different_date_is_a_different_record_too(asker, helper):
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    outcome = exchange_record_time(
        actor=asker, exchange=exchange, minutes=60, occurred_on=yesterday() - timedelta(days=1)
    )
    assert not outcome.counted


def test_recording_the_same_time_twice_from_one_side_does_not_count(asker, helper):
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    assert not exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday()).counted
    assert not Transfer.objects.exists()


def test_a_counted_exchange_cannot_be_recorded_or_cancelled_again(asker, helper):
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    exchange_record_time(actor=asker, exchange=exchange, minutes=60, occurred_on=yesterday())
    with pytest.raises(ExchangeError, match="already counted"):
        exchange_record_time(actor=asker, exchange=exchange, minutes=60, occurred_on=yesterday())
    with pytest.raises(ExchangeError, match="finished"):
        exchange_cancel(actor=asker, exchange=exchange)
    assert Transfer.objects.count() == 1 and balance(helper) == 60


@pytest.mark.parametrize(
    ("minutes", "days_ahead", "message"),
    [(0, 0, "more than zero"), (-30, 0, "more than zero"), (60, 1, "future")],
)
def test_bad_records_are_refused_and_change_nothing(asker, helper, minutes, days_ahead, message):
    exchange = agreed(asker, helper)
    with pytest.raises(ExchangeError, match=message):
        exchange_record_time(
            actor=helper,
            exchange=exchange,
            minutes=minutes,
            occurred_on=timezone.localdate() + timedelta(days=days_ahead),
        )
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.AGREED and exchange.minutes is None


def test_a_proposal_cannot_be_recorded_before_it_is_agreed(asker, helper):
    exchange = proposed(asker, helper)
    with pytest.raises(ExchangeError, match="Only an agreed exchange"):
        exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())


def test_either_side_may_cancel_before_it_counts(asker, helper):
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    assert exchange_cancel(actor=asker, exchange=exchange).status == Exchange.Status.CANCELLED
    with pytest.raises(ExchangeError):
        exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    assert not Transfer.objects.exists()


def test_someone_not_party_cannot_cancel(asker, helper):
    exchange = agreed(asker, helper)
    with pytest.raises(ExchangeError, match="not part"):
        exchange_cancel(actor=PersonFactory(), exchange=exchange)


def test_past_the_limit_the_exchange_waits_for_a_facilitator(asker, helper, facilitator):
    give(account_for_person(asker), account_for_person(PersonFactory()), -600)  # asker is now at the -10h limit
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    outcome = exchange_record_time(actor=asker, exchange=exchange, minutes=60, occurred_on=yesterday())
    assert not outcome.counted and outcome.needs_approval
    assert "below" in outcome.problem and "facilitator" in outcome.problem
    exchange.refresh_from_db()
    assert exchange.giver_confirmed_at and exchange.receiver_confirmed_at and exchange.transfer is None
    assert balance(helper) == 0

    with pytest.raises(ExchangeError, match="another facilitator"):
        exchange_approve(actor=asker, exchange=exchange)
    approved = exchange_approve(actor=facilitator, exchange=exchange)
    assert approved.counted
    exchange.refresh_from_db()
    assert exchange.transfer.approved_by == facilitator and exchange.status == Exchange.Status.CONFIRMED
    assert (balance(helper), balance(asker)) == (60, -660)
    assert AuditEntry.objects.filter(action="timebank.exchange_approve", actor=facilitator).exists()
    assert_ledger_clean()


def test_only_a_facilitator_can_approve(asker, helper):
    give(account_for_person(asker), account_for_person(PersonFactory()), -600)
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    exchange_record_time(actor=asker, exchange=exchange, minutes=60, occurred_on=yesterday())
    outcome = exchange_approve(actor=PersonFactory(), exchange=exchange)
    assert not outcome.counted and "Only a facilitator" in outcome.problem


def test_an_agreed_exchange_cannot_be_approved_before_both_confirm(asker, helper, facilitator):
    exchange = agreed(asker, helper)
    with pytest.raises(ExchangeError, match="Both sides"):
        exchange_approve(actor=facilitator, exchange=exchange)


def test_a_closed_account_stops_the_hours_counting_with_a_message(asker, helper):
    exchange = agreed(asker, helper)
    exchange_record_time(actor=helper, exchange=exchange, minutes=60, occurred_on=yesterday())
    account = account_for_person(helper)
    account.closed_at = timezone.now()
    account.save()
    outcome = exchange_record_time(actor=asker, exchange=exchange, minutes=60, occurred_on=yesterday())
    assert not outcome.counted and not outcome.needs_approval and "closed" in outcome.problem
    assert not Transfer.objects.exists()


def test_an_organisations_side_is_confirmed_by_its_staff():
    organisation = OrganisationFactory()
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).person
    volunteer = PersonFactory()
    listing = listing_for(staff, account=account_for_organisation(organisation), kind="request")
    exchange = exchange_propose(
        actor=volunteer,
        listing=listing,
        account=account_for_person(volunteer),
        description="Washing up",
        idempotency_key=key(),
    )
    with pytest.raises(ExchangeError, match="not part"):
        exchange_accept(actor=member, exchange=exchange)
    other_staff = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN).person
    exchange_accept(actor=other_staff, exchange=exchange)
    exchange_record_time(actor=volunteer, exchange=exchange, minutes=120, occurred_on=yesterday())
    assert exchange_record_time(actor=staff, exchange=exchange, minutes=120, occurred_on=yesterday()).counted
    assert balance(volunteer) == 120 and balance(account_for_organisation(organisation)) == -120
    assert_ledger_clean()


def test_your_own_account_decides_your_side():
    organisation = OrganisationFactory()
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    other = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    # A broker recorded time staff gave their own organisation.
    exchange = exchange_record_completed(
        actor=None,
        giver=account_for_person(staff),
        receiver=account_for_organisation(organisation),
        minutes=30,
        occurred_on=yesterday(),
        description="Painted the hall",
        category=None,
        idempotency_key=key(),
    )
    # staff works for the organisation, but in this exchange they are the person giving time, never the receiver.
    assert exchange_side(staff, exchange) == "giver"
    assert exchange_side(other, exchange) == "receiver"
    assert exchange_side(PersonFactory(), exchange) is None


def test_a_broker_records_a_finished_exchange_that_counts_at_once(asker, helper):
    broker = PersonFactory()
    same = f"broker-{key()}"
    kwargs = dict(
        actor=broker,
        giver=account_for_person(helper),
        receiver=account_for_person(asker),
        minutes=45,
        occurred_on=yesterday(),
        description="Lift to the clinic",
        category=category("Transport and lifts"),
        idempotency_key=same,
        brokered_by=broker,
    )
    exchange = exchange_record_completed(**kwargs)
    assert exchange_record_completed(**kwargs) == exchange
    assert exchange.status == Exchange.Status.CONFIRMED and exchange.brokered_by == broker
    assert exchange.transfer.recorded_by == broker and exchange.giver_confirmed_at and exchange.receiver_confirmed_at
    assert (balance(helper), balance(asker)) == (45, -45)
    assert Exchange.objects.count() == 1 and Transfer.objects.count() == 1
    assert AuditEntry.objects.filter(action="timebank.exchange_record", actor=broker).count() == 1
    assert_ledger_clean()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "  "}, "Say what"),
        ({"description": "d" * 301}, "up to 300"),
        ({"same_person": True}, "two different people"),
        ({"occurred_on": timezone.localdate() + timedelta(days=2)}, "future"),
    ],
)
def test_a_brokered_record_that_cannot_be_right_is_refused(asker, helper, changes, message):
    giver = account_for_person(helper)
    with pytest.raises(ExchangeError, match=message):
        exchange_record_completed(
            actor=helper,
            giver=giver,
            receiver=giver if changes.get("same_person") else account_for_person(asker),
            minutes=30,
            occurred_on=changes.get("occurred_on", yesterday()),
            description=changes.get("description", "Shopping"),
            category=None,
            idempotency_key=key(),
            brokered_by=helper,
        )
    assert not Exchange.objects.exists() and not Transfer.objects.exists()
