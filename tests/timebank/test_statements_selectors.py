from datetime import date

import pytest

from coproduce.timebank.models import Account, Category, Entry, Transfer
from coproduce.timebank.selectors.ledger_check import ledger_problems
from coproduce.timebank.selectors.statements import (
    Period,
    StatementLines,
    statement_lines_all,
    statement_summary,
)
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.ledger import transfer_reverse
from tests.factories import OrganisationFactory, PersonFactory
from tests.timebank.statements_helpers import give, group_activity, recorded_on, unlimited

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return account_for_person(PersonFactory(preferred_name="Ana"))


@pytest.fixture
def ben():
    return account_for_person(PersonFactory(preferred_name="Ben"))


def test_running_balances_add_up_to_the_stored_balance_newest_first(ana, ben):
    garden = Category.objects.get(name="Gardening")
    with recorded_on(date(2025, 3, 1)):
        give(ana, ben, 90, category=garden, description="Weeding")
    with recorded_on(date(2025, 3, 5)):
        give(ben, ana, 30, description="Lift to the shops")
    with recorded_on(date(2025, 3, 9)):
        give(ana, ben, 45, description="Dog walk")

    ana.refresh_from_db()
    summary = statement_summary(ana, Period())
    lines = list(statement_lines_all(summary))

    assert [line.description for line in lines] == ["Dog walk", "Lift to the shops", "Weeding"]
    assert [line.minutes for line in lines] == [45, -30, 90]
    assert [line.balance_after for line in lines] == [105, 60, 90]
    assert lines[0].balance_after == ana.balance_minutes == summary.closing_minutes
    assert (summary.in_minutes, summary.out_minutes, summary.count) == (135, 30, 3)
    assert lines[2].category == "Gardening" and lines[2].other_side == "Ben"
    assert lines[1].in_text == "" and lines[1].out_text == "30m" and lines[0].balance_text == "1h 45m"
    assert lines[2].recorded_on == date(2025, 3, 1)


def test_a_period_starts_from_the_balance_the_account_had_then(ana, ben):
    for day, minutes in [(1, 60), (10, 120), (20, -30), (28, 15)]:
        with recorded_on(date(2025, 4, day)):
            if minutes > 0:
                give(ana, ben, minutes)
            else:
                give(ben, ana, -minutes)

    summary = statement_summary(ana, Period(start=date(2025, 4, 10), end=date(2025, 4, 20)))
    lines = list(statement_lines_all(summary))

    assert summary.opening_minutes == 60
    assert [line.minutes for line in lines] == [-30, 120]
    assert [line.balance_after for line in lines] == [150, 180]
    assert summary.closing_minutes == 150 == lines[0].balance_after
    assert (summary.in_minutes, summary.out_minutes, summary.count) == (120, 30, 2)
    # The balance after the last line of one period is the opening balance of the next.
    after = statement_summary(ana, Period(start=date(2025, 4, 21)))
    assert after.opening_minutes == summary.closing_minutes


def test_a_day_counts_whole_in_the_places_time_zone(ana, ben):
    # 23:30 on 31 May in London is 22:30 UTC: still 31 May.
    with recorded_on(date(2025, 5, 31), hour=23):
        give(ana, ben, 60)
    may = statement_summary(ana, Period(start=date(2025, 5, 31), end=date(2025, 5, 31)))
    june = statement_summary(ana, Period(start=date(2025, 6, 1)))
    assert (may.count, june.count) == (1, 0)


def test_pages_slice_the_same_running_balances(ana, ben):
    for n in range(7):
        give(ana, ben, 10 + n)
    summary = statement_summary(ana, Period())
    every = [line.balance_after for line in statement_lines_all(summary)]
    paged = StatementLines(summary)
    assert len(paged) == 7
    assert [line.balance_after for line in paged[0:3]] + [line.balance_after for line in paged[3:7]] == every
    assert paged[6].balance_after == 10


def test_a_group_activity_shows_how_many_people_and_each_person_sees_the_organisation():
    organisation = OrganisationFactory(name="Hollybank Gardens")
    organiser = unlimited(account_for_organisation(organisation))
    people = [account_for_person(PersonFactory()) for _ in range(12)]
    group_activity(organiser, people, 120)

    organisation_lines = list(statement_lines_all(statement_summary(organiser, Period())))
    person_lines = list(statement_lines_all(statement_summary(people[3], Period())))

    assert organisation_lines[0].other_side == "12 people"
    assert organisation_lines[0].minutes == -1440
    assert person_lines[0].other_side == "Hollybank Gardens"
    assert person_lines[0].balance_after == 120


def test_a_correction_shows_as_its_own_line_and_the_balance_returns(ana, ben, facilitator):
    transfer = give(ana, ben, 60, description="Shopping")
    transfer_reverse(transfer=transfer, recorded_by=facilitator, reason="typed for the wrong person")
    lines = list(statement_lines_all(statement_summary(ana, Period())))
    assert [line.minutes for line in lines] == [-60, 60]
    assert lines[0].balance_after == 0
    assert lines[0].description.startswith("Correction")
    assert list(ledger_problems()) == []


def test_an_account_not_yet_opened_has_an_empty_statement(person):
    account = Account(kind=Account.Kind.PERSON, person=person)
    summary = statement_summary(account, Period())
    assert (summary.count, summary.closing_minutes) == (0, 0)
    assert list(statement_lines_all(summary)) == []
    assert StatementLines(summary)[0:50] == []
    assert not Entry.objects.exists() and not Transfer.objects.exists()


def test_other_sides_are_named_as_the_accounts_name_themselves(ana):
    from coproduce.timebank.selectors.statements import _names
    from coproduce.timebank.services.accounts import account_for_service, community_pot
    from tests.factories import ServiceFactory

    service = account_for_service(ServiceFactory(name="Lunch Club", organisation__name="Fold Green Trust"))
    organisation = account_for_organisation(OrganisationFactory(name="Millbrook Library"))
    accounts = [ana, service, organisation, community_pot()]
    names = _names({a.pk for a in accounts})
    assert [names[a.pk] for a in accounts] == [str(a) for a in accounts]
    assert names[service.pk] == "Lunch Club (Fold Green Trust)"
