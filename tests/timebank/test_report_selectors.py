from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.timebank.models import Category, Entry, HoursGivenCheckpoint, HoursGivenTotal, Transfer
from coproduce.timebank.selectors.report import place_report
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person, community_pot
from coproduce.timebank.services.ledger import transfer_reverse
from coproduce.timebank.services.report_totals import hours_given_roll_forward
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.timebank.statements_helpers import give, group_activity, recorded_on, unlimited

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 15)


def member(role: str | None = None):
    person = PersonFactory()
    if role:
        MembershipFactory(person=person, role=role)
    return account_for_person(person)


@pytest.fixture
def place():
    """A small place: people in several roles, an organisation, history over fourteen months."""
    garden = Category.objects.get(name="Gardening")
    lifts = Category.objects.get(name="Transport and lifts")
    uses = member(Role.USES_SERVICE)
    carer = member(Role.CARER)
    volunteer = member(Role.VOLUNTEER)
    staff = member(Role.STAFF)
    plain = member()
    org = unlimited(account_for_organisation(OrganisationFactory()))
    with recorded_on(TODAY):
        _history(uses, carer, volunteer, staff, plain, org, garden, lifts)
    return {"uses": uses, "carer": carer, "plain": plain, "org": org, "garden": garden, "lifts": lifts}


def _history(uses, carer, volunteer, staff, plain, org, garden, lifts):
    give(uses, plain, 120, category=garden, occurred_on=date(2025, 6, 1))
    give(uses, staff, 60, category=lifts, occurred_on=date(2025, 5, 20))
    give(carer, uses, 90, category=garden, occurred_on=date(2025, 1, 3))
    give(staff, carer, 30, occurred_on=date(2024, 7, 31))
    give(volunteer, plain, 45, category=lifts, occurred_on=date(2024, 7, 1))
    give(org, plain, 40, occurred_on=date(2025, 2, 2))  # an organisation gives room time
    group_activity(org, [uses, carer, volunteer], 120, category=garden)  # occurred today
    give(plain, volunteer, 600, occurred_on=date(2024, 6, 30))  # before the twelve months
    give(plain, volunteer, 50, occurred_on=date(2025, 7, 1))  # after them (a date typed wrong, or planned)


def _given_in_sql(since: date) -> dict[str, dict]:
    """The same figures, straight from the ledger: positive entries of time given, by month, category, kind."""
    given = Entry.objects.filter(
        minutes__gt=0,
        transfer__kind__in=[Transfer.Kind.EXCHANGE, Transfer.Kind.GROUP, Transfer.Kind.DIRECT],
        transfer__occurred_on__gte=since,
        transfer__occurred_on__lte=TODAY,
        transfer__reversed_by__isnull=True,
    )
    return {
        "total": given.aggregate(m=Sum("minutes"))["m"] or 0,
        "category": {
            r["transfer__category__name"] or "No category": r["m"]
            for r in given.values("transfer__category__name").annotate(m=Sum("minutes"))
        },
        "kind": {r["member_kind"]: r["m"] for r in given.values("member_kind").annotate(m=Sum("minutes"))},
    }


def test_totals_equal_the_sum_of_positive_entries_by_month_category_and_kind(place):
    with recorded_on(TODAY):
        report = place_report(today=TODAY)
    expected = _given_in_sql(date(2024, 7, 1))
    labels = {
        "uses_service": "People who use services",
        "carer": "Carers and families",
        "volunteer": "Volunteers",
        "staff": "Staff",
        "organisation": "Organisations",
    }

    assert report.start == date(2024, 7, 1) and report.end == date(2025, 6, 30)
    assert [m.month for m in report.months][0::11] == [date(2024, 7, 1), date(2025, 6, 1)]
    assert report.total_minutes == expected["total"] == 120 + 60 + 90 + 30 + 45 + 40 + 360
    assert sum(m.minutes for m in report.months) == report.total_minutes
    by_month = {m.month: m.minutes for m in report.months}
    assert by_month[date(2025, 6, 1)] == 120 + 360
    assert by_month[date(2024, 7, 1)] == 30 + 45
    assert by_month[date(2024, 8, 1)] == 0
    assert {r.label: r.minutes for r in report.categories} == expected["category"]
    assert {r.label: r.minutes for r in report.kinds} == {labels[k]: m for k, m in expected["kind"].items()}
    assert report.kinds[0].label == "People who use services"  # most hours first: 300 of 745
    assert report.kinds[0].share_text == "40%"
    assert report.uses_service_sentence == "People who use services gave 40% of the hours."


def test_corrections_net_out_in_the_month_of_what_they_correct(place, facilitator):
    mistake = give(place["uses"], place["plain"], 300, category=place["garden"], occurred_on=date(2025, 3, 3))
    with recorded_on(TODAY):
        before = place_report(today=TODAY)
        transfer_reverse(transfer=mistake, recorded_by=facilitator, reason="entered twice")
        after = place_report(today=TODAY)
    months_before = {m.month: m.minutes for m in before.months}
    months_after = {m.month: m.minutes for m in after.months}
    assert months_before[date(2025, 3, 1)] - months_after[date(2025, 3, 1)] == 300
    assert months_after[date(2025, 6, 1)] == months_before[date(2025, 6, 1)]  # the month it was corrected in
    assert before.total_minutes - after.total_minutes == 300
    assert after.total_minutes == _given_in_sql(date(2024, 7, 1))["total"]


def test_hours_moved_to_and_from_the_pot_are_not_counted_again(place):
    pot = community_pot()
    with recorded_on(TODAY):
        before = place_report(today=TODAY).total_minutes
        give(pot, place["uses"], 60, kind=Transfer.Kind.DONATION)  # the person gives hours to the pot
        give(place["carer"], pot, 30, kind=Transfer.Kind.GRANT)  # and the pot grants some to a carer
        assert place_report(today=TODAY).total_minutes == before


def test_stored_totals_and_the_live_tail_give_the_same_report(place, facilitator):
    with recorded_on(TODAY):
        live_only = place_report(today=TODAY)
    assert live_only.live_entries > 0

    later = timezone.now() + timedelta(hours=1)
    moved = hours_given_roll_forward(settled_before=later)
    assert moved == Entry.objects.count()
    assert HoursGivenCheckpoint.objects.get().entries_through_id == Entry.objects.order_by("-id").first().pk
    assert hours_given_roll_forward(settled_before=later) == 0  # idempotent
    with recorded_on(TODAY):
        rolled = place_report(today=TODAY)
    assert rolled.live_entries == 0
    assert (rolled.months, rolled.categories, rolled.kinds) == (live_only.months, live_only.categories, live_only.kinds)

    # New entries (and a correction of one already counted) are added live on top of the stored totals.
    first = Transfer.objects.filter(kind=Transfer.Kind.EXCHANGE).order_by("pk").first()
    transfer_reverse(transfer=first, recorded_by=facilitator, reason="wrong person")
    give(place["carer"], place["plain"], 15, occurred_on=TODAY)
    with recorded_on(TODAY):
        mixed = place_report(today=TODAY)
    hours_given_roll_forward(settled_before=timezone.now() + timedelta(hours=1))
    with recorded_on(TODAY):
        rolled_again = place_report(today=TODAY)
    assert mixed.total_minutes == live_only.total_minutes - 120 + 15
    assert (mixed.months, mixed.kinds, mixed.categories) == (
        rolled_again.months,
        rolled_again.kinds,
        rolled_again.categories,
    )
    assert HoursGivenTotal.objects.aggregate(m=Sum("minutes"))["m"] == mixed.total_minutes + 600 + 50


def test_entries_younger_than_the_settling_time_stay_live():
    give(member(), member(), 60)
    recent = timezone.now()
    assert hours_given_roll_forward(settled_before=recent - timedelta(minutes=5)) == 0
    assert not HoursGivenTotal.objects.exists()


def test_an_empty_place_has_a_report_of_zeros():
    report = place_report(today=TODAY)
    assert report.total_minutes == 0 and len(report.months) == 12
    assert report.categories == [] and report.kinds == [] and report.uses_service_sentence == ""


def test_the_estimate_is_hours_times_the_rate(place):
    from coproduce.timebank.services.ledger import timebank_settings

    settings = timebank_settings()
    settings.value_pence_per_hour = 1260
    settings.save()
    with recorded_on(TODAY):
        report = place_report(today=TODAY)
    assert report.value_pence == round(report.total_minutes * 1260 / 60)
    assert report.rate_text == "£12.60"
    assert report.value_text == f"£{round(report.value_pence / 100):,}"


def test_midnight_in_the_places_time_zone_is_not_midnight_utc():
    # Kept so the report's months match the statement's days: both in the place's time zone.
    moment = datetime.combine(TODAY, time(0, 30), tzinfo=timezone.get_current_timezone())
    assert timezone.localdate(moment) == TODAY
