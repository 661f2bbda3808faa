import pytest
from django.core.management import call_command
from django.db import connection, transaction

from coproduce.timebank.models import Account, Entry, Transfer
from coproduce.timebank.selectors.ledger_check import ledger_problems
from coproduce.timebank.services.accounts import account_for_person, community_pot
from coproduce.timebank.services.ledger import (
    BalanceLimitError,
    IdempotencyConflictError,
    LedgerError,
    Leg,
    transfer_record,
    transfer_reverse,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def give(giver, receiver, minutes, key, **kwargs):
    return transfer_record(
        idempotency_key=key,
        legs=[Leg(giver.pk, minutes), Leg(receiver.pk, -minutes)],
        kind=Transfer.Kind.EXCHANGE,
        description="Help with the garden",
        recorded_by=None,
        **kwargs,
    )


@pytest.fixture
def two():
    return account_for_person(PersonFactory()), account_for_person(PersonFactory())


def test_an_hour_given_earns_an_hour(two):
    ana, ben = two
    give(ana, ben, 60, "k1")
    ana.refresh_from_db()
    ben.refresh_from_db()
    assert (ana.balance_minutes, ben.balance_minutes) == (60, -60)
    assert list(ledger_problems()) == []


def test_a_retried_submission_counts_once_and_a_reused_key_is_refused(two):
    ana, ben = two
    first = give(ana, ben, 90, "same")
    assert give(ana, ben, 90, "same") == first
    with pytest.raises(IdempotencyConflictError):
        give(ana, ben, 30, "same")
    ana.refresh_from_db()
    assert ana.balance_minutes == 90
    assert Transfer.objects.count() == 1


@pytest.mark.parametrize(
    ("legs", "message"),
    [
        ([Leg(1, 60)], "someone who gives"),
        ([Leg(1, 60), Leg(2, -30)], "must be the same"),
        ([Leg(1, 0), Leg(2, 0)], "more than zero"),
        ([Leg(1, 60), Leg(1, -60)], "yourself"),
        ([Leg(1, 24 * 60 * 8), Leg(2, -24 * 60 * 8)], "more than a week"),
    ],
)
def test_bad_transfers_are_refused_plainly_and_write_nothing(legs, message):
    with pytest.raises(LedgerError, match=message):
        transfer_record(idempotency_key="bad", legs=legs, kind="direct", description="x", recorded_by=None)
    assert not Transfer.objects.exists() and not Entry.objects.exists()


def test_the_place_limit_is_enforced_unless_a_facilitator_approves(two, facilitator):
    ana, ben = two
    give(ana, ben, 600, "to-limit")
    with pytest.raises(BalanceLimitError):
        give(ana, ben, 1, "past-limit")
    ben.refresh_from_db()
    assert ben.balance_minutes == -600
    give(ana, ben, 30, "approved", approved_by=facilitator)
    ben.refresh_from_db()
    assert ben.balance_minutes == -630


def test_the_pot_never_goes_below_zero_even_with_approval(two, facilitator):
    ana, _ben = two
    pot = community_pot()
    with pytest.raises(BalanceLimitError):
        transfer_record(
            idempotency_key="grant",
            legs=[Leg(pot.pk, -60), Leg(ana.pk, 60)],
            kind=Transfer.Kind.GRANT,
            description="Grant",
            recorded_by=facilitator,
            approved_by=facilitator,
        )


def test_a_closed_account_takes_no_new_transfers(two):
    from django.utils import timezone

    ana, ben = two
    Account.objects.filter(pk=ben.pk).update(closed_at=timezone.now())
    with pytest.raises(LedgerError, match="closed"):
        give(ana, ben, 60, "closed")


def test_a_correction_reverses_without_editing(two, facilitator):
    ana, ben = two
    original = give(ana, ben, 120, "oops")
    correction = transfer_reverse(transfer=original, recorded_by=facilitator, reason="typed 2 hours, meant 1")
    ana.refresh_from_db()
    assert ana.balance_minutes == 0
    assert correction.reverses == original
    assert Entry.objects.count() == 4
    with pytest.raises(LedgerError, match="already been corrected"):
        transfer_reverse(transfer=original, recorded_by=facilitator, reason="again")
    assert list(ledger_problems()) == []


# Committed for real, so PostgreSQL's deferred check runs when the honest transfer commits, not when the test ends.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ledger_check_finds_a_changed_entry_and_a_wrong_balance(two, capsys):
    ana, ben = two
    give(ana, ben, 60, "k")
    Account.objects.filter(pk=ana.pk).update(balance_minutes=999)
    entry = Entry.objects.get(account=ana)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What someone with direct database access could do: switch the guard triggers off for a session.
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER timebank_entry_no_update")
        cursor.execute("UPDATE timebank_entry SET minutes = 45 WHERE id = %s", [entry.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")
    problems = list(ledger_problems())
    assert any("has been changed since it was written" in p for p in problems)
    assert any(f"Account {ana.pk} says its balance is 999" in p for p in problems)
    assert any("does not sum to zero" in p for p in problems)
    with pytest.raises(SystemExit) as exited:
        call_command("ledger-check")
    assert exited.value.code == 1


def test_the_database_refuses_to_edit_an_entry(two):
    from django.db import DatabaseError

    ana, ben = two
    give(ana, ben, 60, "k")
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(account=ana).update(minutes=61)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the deferred sum check is PostgreSQL's")
def test_postgres_refuses_to_commit_an_unbalanced_transfer(two):
    from django.db import IntegrityError

    ana, _ben = two
    with pytest.raises(IntegrityError), transaction.atomic():
        transfer = Transfer.objects.create(
            idempotency_key="raw", kind="direct", description="x", occurred_on="2026-11-01"
        )
        Entry.objects.create(transfer=transfer, account=ana, minutes=60, seal="x")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_an_organisation_may_pay_a_large_group_in_one_transfer(facilitator):
    from coproduce.timebank.models import Account
    from coproduce.timebank.services.accounts import account_for_organisation
    from tests.factories import OrganisationFactory

    garden = account_for_organisation(OrganisationFactory())
    Account.objects.filter(pk=garden.pk).update(min_balance_minutes=-100_000)
    people = [account_for_person(PersonFactory()) for _ in range(85)]
    transfer_record(
        idempotency_key="big-group",
        legs=[Leg(garden.pk, -120 * 85), *[Leg(p.pk, 120) for p in people]],
        kind=Transfer.Kind.GROUP,
        description="Planting day",
        recorded_by=facilitator,
    )
    assert list(ledger_problems()) == []
