"""Group activities: one organiser records hours for many people, paid from their organisation's account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.timebank.models import Account, Entry, Transfer
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person, account_for_service
from coproduce.timebank.services.group import GroupActivityError, Share, group_activity_record
from coproduce.timebank.services.ledger import BalanceLimitError
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory
from tests.timebank.exchanges_helpers import assert_ledger_clean, balance, category, key, yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture
def garden():
    organisation = OrganisationFactory(name="Hollybank Community Garden")
    # The garden has given hours before, so this morning's 24 hours would take it past the place's limit.
    account = account_for_organisation(organisation)
    account.min_balance_minutes = -6000
    account.save()
    return organisation


@pytest.fixture
def organiser(garden):
    return MembershipFactory(organisation=garden, role=Role.ORG_ADMIN, person__preferred_name="Nell").person


def _gardeners(garden, n: int = 12):
    # Distinct names: two people sharing a name are labelled with when they joined.
    return [
        MembershipFactory(organisation=garden, role=Role.MEMBER, person__preferred_name=f"Gardener {key()[:8]}").person
        for _ in range(n)
    ]


def test_twelve_people_times_two_hours_is_one_transfer_with_thirteen_legs(garden, organiser):
    people = _gardeners(garden)
    transfer = group_activity_record(
        actor=organiser,
        payer=account_for_organisation(garden),
        shares=[Share(person=p, minutes=120) for p in people],
        occurred_on=yesterday(),
        description="Spring planting",
        category=category("Gardening"),
        idempotency_key=f"group-{key()}",
    )
    assert transfer.kind == Transfer.Kind.GROUP and transfer.entries.count() == 13
    assert all(balance(p) == 120 for p in people)
    assert balance(account_for_organisation(garden)) == -1440
    assert AuditEntry.objects.filter(action="timebank.group_activity", actor=organiser).count() == 1
    assert_ledger_clean()


def test_the_same_key_again_counts_once_and_is_audited_once(garden, organiser):
    people = _gardeners(garden, 3)
    kwargs = dict(
        actor=organiser,
        payer=account_for_organisation(garden),
        shares=[Share(person=p, minutes=60) for p in people],
        occurred_on=yesterday(),
        description="Weeding",
        category=None,
        idempotency_key="group-same",
    )
    first = group_activity_record(**kwargs)
    assert group_activity_record(**kwargs) == first
    assert Transfer.objects.count() == 1
    assert AuditEntry.objects.filter(action="timebank.group_activity").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"shares": []}, "at least one person"),
        ({"description": " "}, "Say what the activity was"),
        ({"description": "d" * 301}, "up to 300"),
        ({"minutes": 0}, "more than zero"),
        ({"duplicate": True}, "only once"),
        ({"person_payer": True}, "organisation or service"),
    ],
)
def test_bad_group_records_are_refused_and_write_nothing(garden, organiser, changes, message):
    people = _gardeners(garden, 2)
    shares = [Share(person=p, minutes=changes.get("minutes", 60)) for p in people]
    if changes.get("duplicate"):
        shares.append(shares[0])
    with pytest.raises(GroupActivityError, match=message):
        group_activity_record(
            actor=organiser,
            payer=account_for_person(organiser) if changes.get("person_payer") else account_for_organisation(garden),
            shares=changes.get("shares", shares),
            occurred_on=yesterday(),
            description=changes.get("description", "Weeding"),
            category=None,
            idempotency_key=key(),
        )
    assert not Transfer.objects.exists() and not Entry.objects.exists()


def test_the_place_limit_applies_to_the_organisation_too(organiser):
    organisation = OrganisationFactory()
    people = [PersonFactory() for _ in range(6)]
    with pytest.raises(BalanceLimitError):
        group_activity_record(
            actor=organiser,
            payer=account_for_organisation(organisation),
            shares=[Share(person=p, minutes=120) for p in people],
            occurred_on=yesterday(),
            description="Litter pick",
            category=None,
            idempotency_key=key(),
        )
    assert not Transfer.objects.exists()


def _post(garden, chosen, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "idempotency_key": key(),
        "payer": f"organisation-{garden.pk}",
        "description": "Spring planting at the community garden",
        "category": category("Gardening").pk,
        "occurred_on": yesterday().isoformat(),
        "minutes_each": "2 hours",
        "people": [str(p.pk) for p in chosen],
        "search": "",
    }
    data.update(overrides)
    return data


def test_the_page_lists_the_organisations_members_to_tick(client_for, garden, organiser):
    people = _gardeners(garden, 3)
    page = client_for(organiser).get(reverse("timebank:group")).content.decode()
    # Only one organisation to choose from, so the form opens on it.
    assert "Hollybank Community Garden gives the hours" in page
    for someone in people:
        assert f'value="{someone.pk}"' in page
        assert f"Time for {someone.preferred_name}, if different (optional)" in page


def test_an_organiser_records_twelve_people_through_the_page(client_for, garden, organiser):
    people = _gardeners(garden)
    client = client_for(organiser)
    response = client.post(reverse("timebank:group"), _post(garden, people))
    assert response.status_code == 302
    assert "12 people earned 24h between them" in client.get(response["Location"]).content.decode()
    assert Transfer.objects.get().entries.count() == 13
    assert all(balance(p) == 120 for p in people)
    assert_ledger_clean()


def test_someone_can_have_a_different_time(client_for, garden, organiser):
    people = _gardeners(garden, 3)
    data = _post(garden, people, **{f"minutes_{people[0].pk}": "1h30"})
    client_for(organiser).post(reverse("timebank:group"), data)
    assert [balance(p) for p in people] == [90, 120, 120]
    assert balance(account_for_organisation(garden)) == -330


def test_the_same_post_twice_counts_once(client_for, garden, organiser):
    people = _gardeners(garden, 4)
    client = client_for(organiser)
    data = _post(garden, people)
    client.post(reverse("timebank:group"), data)
    client.post(reverse("timebank:group"), data)
    assert Transfer.objects.count() == 1 and balance(people[0]) == 120


def test_finding_someone_who_is_not_a_member_keeps_everything(client_for, garden, organiser):
    people = _gardeners(garden, 2)
    neighbour = PersonFactory(preferred_name="Priyanka Neighbour")
    data = _post(garden, people, search="priyanka", find="people", minutes_each="about two hours")
    page = client_for(organiser).post(reverse("timebank:group"), data).content.decode()
    assert "There is a problem" not in page
    assert f'value="{neighbour.pk}"' in page and "(found by name)" in page
    assert 'value="about two hours"' in page
    assert page.count(" checked") >= 2
    assert not Transfer.objects.exists()

    data = _post(garden, [*people, neighbour])
    client_for(organiser).post(reverse("timebank:group"), data)
    assert balance(neighbour) == 120


def test_bad_input_is_said_plainly_and_kept(client_for, garden, organiser):
    people = _gardeners(garden, 2)
    data = _post(garden, people, minutes_each="1h75", people=[], description="x" * 301)
    data[f"minutes_{people[0].pk}"] = "-2"
    page = client_for(organiser).post(reverse("timebank:group"), data).content.decode()
    assert "Did you mean 2h15?" in page
    assert "Choose at least one person who took part." in page
    assert "can be up to 300 characters" in page
    assert "The time must be more than zero." in page
    assert 'value="1h75"' in page and 'value="-2"' in page
    assert not Transfer.objects.exists()


def test_an_unknown_person_is_refused(client_for, garden, organiser):
    people = _gardeners(garden, 1)
    data = _post(garden, people, people=[str(people[0].pk), "999999"])
    page = client_for(organiser).post(reverse("timebank:group"), data).content.decode()
    assert "We could not find one of the people chosen" in page
    assert not Transfer.objects.exists()


def test_a_service_can_give_the_hours(client_for, garden, organiser):
    service = ServiceFactory(organisation=garden, name="Growing Together")
    account_for_service(service)
    people = _gardeners(garden, 2)
    page = client_for(organiser).get(reverse("timebank:group"), {"change": "1"}).content.decode()
    assert "Growing Together (Hollybank Community Garden)" in page
    client_for(organiser).post(reverse("timebank:group"), _post(garden, people, payer=f"service-{service.pk}"))
    assert Account.objects.get(service=service).balance_minutes == -240


def test_an_organiser_cannot_use_an_organisation_they_do_not_run(client_for, garden, organiser):
    other = OrganisationFactory()
    people = _gardeners(garden, 1)
    response = client_for(organiser).post(reverse("timebank:group"), _post(other, people), follow=True)
    assert "Choose one of the organisations or services you help run." in response.content.decode()
    assert not Transfer.objects.exists()


def test_past_the_limit_a_facilitator_organiser_may_approve(client_for):
    organisation = OrganisationFactory()
    facilitator = MembershipFactory(organisation=organisation, role=Role.FACILITATOR).person
    people = [MembershipFactory(organisation=organisation).person for _ in range(6)]
    client = client_for(facilitator)
    page = client.post(reverse("timebank:group"), _post(organisation, people)).content.decode()
    assert "A facilitator needs to approve it" in page and "I approve this" in page
    assert not Transfer.objects.exists()
    client.post(reverse("timebank:group"), _post(organisation, people, approve="on"))
    assert Transfer.objects.get().approved_by == facilitator
    assert balance(account_for_organisation(organisation)) == -720


def test_a_plain_member_cannot_record_group_activities(client_for, garden):
    member = MembershipFactory(organisation=garden, role=Role.STAFF).person
    client = client_for(member)
    assert client.get(reverse("timebank:group")).status_code == 403
    assert client.post(reverse("timebank:group"), _post(garden, [member])).status_code == 403
    assert not Transfer.objects.exists()


def test_the_group_page_does_not_ask_more_as_members_grow(client_for, garden, organiser, django_assert_max_num_queries):
    client = client_for(organiser)
    _gardeners(garden, 3)
    client.get(reverse("timebank:group"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("timebank:group"))
    before = len(few.captured_queries)
    _gardeners(garden, 20)
    with django_assert_max_num_queries(before):
        client.get(reverse("timebank:group"))
