"""transfer_record writes the ledger with a few plain SQL statements for speed (see bench/timebank_transfers.py).
These pin down what the ORM used to guarantee for free: the lock order, the rows as the ORM would read them, the
kind of member on each entry, settings read afresh, and a refusal that leaves nothing behind, not even its key."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.timebank.models import Account, Entry, TimebankSettings, Transfer
from coproduce.timebank.selectors.ledger_check import ledger_problems
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person, community_pot
from coproduce.timebank.services.ledger import (
    BalanceLimitError,
    LedgerError,
    Leg,
    member_kinds,
    transfer_record,
    transfer_reverse,
)
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

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


def test_the_accounts_are_locked_in_id_order_before_anything_is_written(two):
    low, high = sorted(two, key=lambda account: account.pk)
    with CaptureQueriesContext(connection) as captured:
        # The highest account first: the lock must still take them lowest first.
        give(high, low, 30, "order")
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    lock = statements[0]
    assert lock.startswith("SELECT") and 'FROM "timebank_account" a' in lock
    assert lock.endswith('ORDER BY a."id" FOR UPDATE' if connection.vendor == "postgresql" else 'ORDER BY a."id"')
    assert statements[1].startswith('INSERT INTO "timebank_transfer"')


def test_a_transfer_takes_the_same_few_statements_for_two_people_or_twenty(organisation):
    garden = account_for_organisation(organisation)
    Account.objects.filter(pk=garden.pk).update(min_balance_minutes=-100_000)
    people = [account_for_person(PersonFactory()) for _ in range(20)]
    counts = []
    for size in (1, 20):
        with CaptureQueriesContext(connection) as captured:
            transfer_record(
                idempotency_key=f"group-{size}",
                legs=[Leg(garden.pk, -60 * size), *[Leg(p.pk, 60) for p in people[:size]]],
                kind=Transfer.Kind.GROUP,
                description="Planting",
                recorded_by=None,
            )
        counts.append(len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]))
    # Lock, transfer, entries, balances, audit row.
    assert counts == [5, 5]
    assert list(ledger_problems()) == []


def test_the_rows_written_read_back_as_the_orm_would_have_written_them(two, facilitator):
    ana, ben = two
    returned = give(ana, ben, 45, "rows", approved_by=facilitator, occurred_on=None)
    stored = Transfer.objects.get(pk=returned.pk)
    for field in ("idempotency_key", "kind", "description", "occurred_on", "created_at", "approved_by_id"):
        assert getattr(returned, field) == getattr(stored, field), field
    # Stored in the ORM's own format, so exact lookups by time find the rows (SQLite compares text).
    assert Transfer.objects.filter(created_at=returned.created_at).count() == 1
    assert Entry.objects.filter(created_at=returned.created_at, transfer=returned).count() == 2
    assert sorted(Entry.objects.filter(transfer=returned).values_list("minutes", flat=True)) == [-45, 45]


def test_a_long_description_is_cut_to_fit(two):
    ana, ben = two
    transfer = transfer_record(
        idempotency_key="long",
        legs=[Leg(ana.pk, 30), Leg(ben.pk, -30)],
        kind=Transfer.Kind.EXCHANGE,
        description="x" * 400,
        recorded_by=None,
    )
    assert len(Transfer.objects.get(pk=transfer.pk).description) == 300 == len(transfer.description)


def test_each_entry_carries_the_kind_of_member_member_kinds_gives(organisation):
    carer_and_staff = account_for_person(MembershipFactory(organisation=organisation, role=Role.STAFF).person)
    MembershipFactory(organisation=OrganisationFactory(), person=carer_and_staff.person, role=Role.CARER)
    plain_member = account_for_person(MembershipFactory(organisation=organisation, role=Role.MEMBER).person)
    no_roles = account_for_person(PersonFactory())
    org = account_for_organisation(organisation)
    Account.objects.filter(pk=org.pk).update(min_balance_minutes=-100_000)
    accounts = [carer_and_staff, plain_member, no_roles, community_pot()]
    transfer = transfer_record(
        idempotency_key="kinds",
        legs=[Leg(org.pk, -60 * len(accounts)), *[Leg(a.pk, 60) for a in accounts]],
        kind=Transfer.Kind.GROUP,
        description="Kinds",
        recorded_by=None,
    )
    written = dict(Entry.objects.filter(transfer=transfer).values_list("account_id", "member_kind"))
    expected = member_kinds([*Account.objects.filter(pk__in=written)])
    assert written == expected
    assert written[carer_and_staff.pk] == "carer"
    assert (written[plain_member.pk], written[no_roles.pk], written[org.pk]) == ("member", "member", "organisation")


def test_a_changed_place_limit_counts_from_the_next_transfer(two):
    ana, ben = two
    TimebankSettings.objects.update(min_balance_minutes=-60)
    with pytest.raises(BalanceLimitError) as refused:
        give(ana, ben, 61, "tight")
    assert refused.value.limit == -60 and refused.value.account == ben
    TimebankSettings.objects.update(min_balance_minutes=-120)
    give(ana, ben, 61, "looser")
    ben.refresh_from_db()
    assert ben.balance_minutes == -61


def test_with_no_settings_row_the_default_limit_applies(two):
    ana, ben = two
    TimebankSettings.objects.all().delete()
    with pytest.raises(BalanceLimitError) as refused:
        give(ana, ben, 601, "default")
    assert refused.value.limit == -600


def test_a_retry_after_its_transfer_reached_the_limit_returns_the_first_transfer(two):
    ana, ben = two
    first = give(ana, ben, 600, "to-the-limit")
    # Counted again it would cross the limit: the key is found first, so the caller gets the same answer.
    assert give(ana, ben, 600, "to-the-limit") == first
    ben.refresh_from_db()
    assert ben.balance_minutes == -600


def test_a_refusal_leaves_no_transfer_no_audit_row_and_frees_its_key(two):
    ana, ben = two
    with transaction.atomic():  # a caller that catches the refusal and carries on
        with pytest.raises(BalanceLimitError):
            give(ana, ben, 601, "refused")
        assert not Transfer.objects.exists() and not Entry.objects.exists()
        assert not AuditEntry.objects.filter(action="timebank.transfer").exists()
    ana.refresh_from_db()
    assert ana.balance_minutes == 0
    made = give(ana, ben, 60, "refused")
    assert AuditEntry.objects.filter(action="timebank.transfer", target_id=str(made.pk)).count() == 1


def test_a_missing_account_is_refused(two):
    ana, _ben = two
    with pytest.raises(LedgerError, match="does not exist"):
        transfer_record(
            idempotency_key="ghost",
            legs=[Leg(ana.pk, 30), Leg(ana.pk + 10_000, -30)],
            kind=Transfer.Kind.EXCHANGE,
            description="x",
            recorded_by=None,
        )
    assert not Transfer.objects.exists()


def test_a_second_correction_under_another_key_is_refused_plainly(two, facilitator):
    ana, ben = two
    original = give(ana, ben, 60, "original")
    transfer_reverse(transfer=original, recorded_by=facilitator, reason="mistake")
    with pytest.raises(LedgerError, match="already been corrected"):
        transfer_record(
            idempotency_key="another-key",
            legs=[Leg(ana.pk, -60), Leg(ben.pk, 60)],
            kind=Transfer.Kind.REVERSAL,
            description="again",
            recorded_by=facilitator,
            approved_by=facilitator,
            reverses=original,
        )
    assert Transfer.objects.count() == 2
    assert list(ledger_problems()) == []
