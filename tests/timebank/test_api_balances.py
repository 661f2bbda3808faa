"""GET /api/v1/balance/ and /api/v1/accounts/<id>/balance/: the same rule as the pages decides who sees what."""

import pytest

from coproduce.organisations.models import Role
from coproduce.timebank.models import TimebankSettings
from coproduce.timebank.services.accounts import (
    account_for_organisation,
    account_for_person,
    account_for_service,
    community_pot,
)
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory
from tests.timebank.api_helpers import ApiCaller, fund

pytestmark = pytest.mark.django_db


def balance_of(caller, account):
    return caller.get(f"/api/v1/accounts/{account.pk}/balance/")


def test_my_balance_in_minutes_and_as_text(person):
    fund(person, 150, "start")
    TimebankSettings.objects.update(min_balance_minutes=-300)
    data = ApiCaller(person).get("/api/v1/balance/").json()
    assert data == {
        "account": account_for_person(person).pk,
        "kind": "person",
        "name": person.display_name,
        "balance_minutes": 150,
        "balance_text": "2h 30m",
        "lowest_allowed_minutes": -300,
    }


def test_my_own_account_by_id(person):
    response = balance_of(ApiCaller(person), account_for_person(person))
    assert response.status_code == 200


def test_someone_elses_account_looks_like_no_account(person):
    caller = ApiCaller(person)
    theirs = balance_of(caller, account_for_person(PersonFactory()))
    missing = caller.get("/api/v1/accounts/999999/balance/")
    assert theirs.status_code == missing.status_code == 404
    assert (
        theirs.json()
        == missing.json()
        == {
            "message": "There is nothing here, or it is not yours to see.",
            "code": "not_found",
        }
    )


def test_everyone_sees_the_pot(person):
    data = balance_of(ApiCaller(person), community_pot()).json()
    assert data["kind"] == "pot" and data["lowest_allowed_minutes"] == 0


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.STAFF, True),
        (Role.ORG_ADMIN, True),
        (Role.FACILITATOR, True),
        (Role.MEMBER, False),
        (Role.VOLUNTEER, False),
        (Role.USES_SERVICE, False),
        (Role.TIME_BROKER, False),
    ],
)
def test_an_organisations_account_is_for_the_people_who_work_there(organisation, role, sees):
    service = ServiceFactory(organisation=organisation)
    someone = MembershipFactory(organisation=organisation, role=role).person
    caller = ApiCaller(someone)
    expected = 200 if sees else 404
    assert balance_of(caller, account_for_organisation(organisation)).status_code == expected
    assert balance_of(caller, account_for_service(service)).status_code == expected
    # The same rule the pages ask, so the two can never disagree.
    assert someone.has_perm("timebank.view_statement", account_for_organisation(organisation)) is sees


def test_a_place_admin_sees_what_the_statement_pages_show_them(place_admin, organisation):
    caller = ApiCaller(place_admin)
    for account in (account_for_organisation(organisation), account_for_person(PersonFactory())):
        expected = 200 if place_admin.has_perm("timebank.view_statement", account) else 404
        assert balance_of(caller, account).status_code == expected


def test_working_somewhere_else_shows_nothing_here(organisation):
    elsewhere = MembershipFactory(role=Role.ORG_ADMIN).person
    assert balance_of(ApiCaller(elsewhere), account_for_organisation(organisation)).status_code == 404


def test_an_unknown_address_answers_in_json(person):
    caller = ApiCaller(person)
    response = caller.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert caller.get("/api/v1/balance").json()["message"] == (
        "Every address in the API ends with a slash: /api/v1/balance/"
    )
