"""POST and GET /api/v1/transfers/: help received moves the caller's hours to the helper, once per key."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.timebank.models import Category, Entry, TimebankSettings, Transfer
from coproduce.timebank.selectors.ledger_check import ledger_problems
from coproduce.timebank.services.accounts import account_for_person
from tests.factories import PersonFactory
from tests.timebank.api_helpers import ApiCaller, fund

pytestmark = pytest.mark.django_db

TRANSFERS = "/api/v1/transfers/"


@pytest.fixture
def rosa(person):
    return ApiCaller(person)


@pytest.fixture
def helper():
    return PersonFactory(preferred_name="Ade")


def body(helper, **changes):
    return {"to_person": helper.pk, "minutes": 90, "description": "Helped with the blue badge form", **changes}


def balances(*people):
    return [account_for_person(p).balance_minutes for p in people]


def test_help_received_moves_the_callers_hours_to_the_helper(rosa, helper):
    gardening = Category.objects.get(name="Gardening")
    response = rosa.post(TRANSFERS, body(helper, category=gardening.pk, occurred_on="2026-01-05"))
    assert response.status_code == 201
    data = response.json()
    assert data["kind"] == "direct"
    assert data["category"] == {"id": gardening.pk, "name": "Gardening"}
    assert data["occurred_on"] == "2026-01-05"
    assert data["entries"] == [
        {"account": account_for_person(rosa.person).pk, "minutes": -90, "minutes_text": "−1h 30m"}
    ]
    assert balances(rosa.person, helper) == [-90, 90]
    transfer = Transfer.objects.get()
    assert transfer.recorded_by == rosa.person
    assert AuditEntry.objects.filter(action="timebank.transfer", target_id=str(transfer.pk)).exists()
    assert list(ledger_problems()) == []


def test_the_same_key_counts_once_and_a_changed_request_is_409(rosa, helper):
    first = rosa.post(TRANSFERS, body(helper), key="visit-2026-01-05")
    again = rosa.post(TRANSFERS, body(helper), key="visit-2026-01-05")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    for changed in (
        {"minutes": 60},
        {"description": "Something else"},
        {"to_person": PersonFactory().pk},
        {"occurred_on": "2025-12-25"},
        {"category": Category.objects.first().pk},
    ):
        conflict = rosa.post(TRANSFERS, body(helper, **changed), key="visit-2026-01-05")
        assert conflict.status_code == 409, changed
        assert conflict.json() == {
            "message": "This Idempotency-Key was already used for a different transfer. Use a new key for new time.",
            "code": "idempotency_conflict",
        }
    assert Transfer.objects.count() == 1
    assert balances(rosa.person, helper) == [-90, 90]


def test_leaving_the_date_out_on_a_retry_is_still_the_same_request(rosa, helper):
    assert rosa.post(TRANSFERS, body(helper, occurred_on=str(timezone.localdate())), key="k").status_code == 201
    assert rosa.post(TRANSFERS, body(helper), key="k").status_code == 200


def test_two_people_may_use_the_same_key_without_meeting(rosa, helper):
    other = ApiCaller(PersonFactory())
    assert rosa.post(TRANSFERS, body(helper), key="1").status_code == 201
    assert other.post(TRANSFERS, body(helper), key="1").status_code == 201
    assert Transfer.objects.count() == 2


@pytest.mark.parametrize(
    ("key", "code"),
    [
        (None, "idempotency_key_missing"),
        ("", "idempotency_key_missing"),
        ("has space", "idempotency_key_invalid"),
        ("x" * 61, "idempotency_key_invalid"),
    ],
)
def test_the_idempotency_key_is_required(rosa, helper, key, code):
    response = rosa.post(TRANSFERS, body(helper), key=key)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert "Idempotency-Key" in response.json()["message"]
    assert not Transfer.objects.exists()


def test_a_limit_is_422_with_the_plain_message_and_writes_nothing(rosa, helper):
    TimebankSettings.objects.update(min_balance_minutes=-120)
    assert rosa.post(TRANSFERS, body(helper, minutes=120), key="a").status_code == 201
    response = rosa.post(TRANSFERS, body(helper, minutes=1), key="b")
    assert response.status_code == 422
    assert response.json() == {
        "message": f"This would take {rosa.person} below −2h. A facilitator needs to approve it.",
        "code": "balance_limit",
    }
    assert Transfer.objects.count() == 1
    assert balances(rosa.person, helper) == [-120, 120]


def test_hours_earned_can_be_spent_through_the_api(rosa, helper):
    TimebankSettings.objects.update(min_balance_minutes=0)
    fund(rosa.person, 60, "start")
    assert rosa.post(TRANSFERS, body(helper, minutes=60)).status_code == 201
    assert balances(rosa.person, helper) == [0, 60]


def test_helping_a_closed_account_is_refused(rosa, helper):
    helper.is_active = False
    helper.save(update_fields=["is_active"])
    response = rosa.post(TRANSFERS, body(helper))
    assert response.status_code == 400
    assert response.json()["errors"] == {"to_person": ["There is no one with that id who can receive hours."]}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minutes": 0}, "minutes", "Enter a time of at least 1 minute."),
        # A negative amount would run the other way and add hours to the caller: refused, never flipped.
        ({"minutes": -60}, "minutes", "Enter a time of at least 1 minute."),
        ({"minutes": "1h30"}, "minutes", "Enter the time as a whole number of minutes, such as 90."),
        (
            {"minutes": 24 * 60 * 7 + 1},
            "minutes",
            "That is more than a week of time in one go. Check it, or split it up.",
        ),
        ({"description": ""}, "description", "Say what the help was."),
        ({"description": "x" * 301}, "description", "Keep the description to 300 characters or fewer."),
        ({"to_person": 999999}, "to_person", "There is no one with that id who can receive hours."),
        ({"to_person": "Ade"}, "to_person", "A valid integer is required."),
        ({"category": 999999}, "category", "There is no category with that id."),
        ({"occurred_on": "14/03/2026"}, "occurred_on", "Enter the date as YYYY-MM-DD, such as 2026-03-14."),
        ({"occurred_on": "2999-01-01"}, "occurred_on", "The day it happened cannot be in the future."),
    ],
)
def test_bad_input_is_400_with_field_errors(rosa, helper, changes, field, message):
    response = rosa.post(TRANSFERS, body(helper, **changes))
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert data["errors"] == {field: [message]}
    assert not Transfer.objects.exists()


def test_a_missing_field_and_a_gift_to_oneself_are_400(rosa, helper):
    response = rosa.post(TRANSFERS, {"minutes": 30})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"to_person", "description"}
    response = rosa.post(TRANSFERS, body(rosa.person))
    assert response.json()["errors"] == {"to_person": ["You cannot give time to yourself."]}


def test_html_in_the_description_is_kept_as_text(rosa, helper):
    text = "<script>alert(1)</script> & thanks"
    response = rosa.post(TRANSFERS, body(helper, description=text))
    assert response.status_code == 201
    assert response.json()["description"] == text
    assert Transfer.objects.get().description == text


def test_json_only(rosa, helper):
    response = rosa.client.post(TRANSFERS, {"to_person": helper.pk}, headers=rosa.headers(**{"Idempotency-Key": "f"}))
    assert response.status_code == 415
    assert "message" in response.json()


def test_the_list_is_mine_newest_first_with_only_my_side(rosa, helper):
    third = PersonFactory()
    fund(rosa.person, 600, "start")
    rosa.post(TRANSFERS, body(helper, minutes=30, description="first"), key="1")
    rosa.post(TRANSFERS, body(helper, minutes=45, description="second"), key="2")
    ApiCaller(third).post(TRANSFERS, body(helper, description="not mine"), key="1")
    response = rosa.get(TRANSFERS)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert [t["description"] for t in data["results"]] == ["second", "first", "Starting hours"]
    mine = account_for_person(rosa.person).pk
    assert all(len(t["entries"]) == 1 and t["entries"][0]["account"] == mine for t in data["results"])
    assert [t["entries"][0]["minutes"] for t in data["results"]] == [-45, -30, 600]


def test_the_list_is_paginated_and_its_queries_do_not_grow(rosa, helper):
    def listing(n_more, start):
        for i in range(start, start + n_more):
            rosa.post(TRANSFERS, body(helper, minutes=1, description=f"visit {i}"), key=f"k{i}")
        rosa.get(TRANSFERS)  # the first call writes last_used_at; count a steady call
        with CaptureQueriesContext(connection) as captured:
            response = rosa.get(TRANSFERS, page_size=10)
        return response, len(captured)

    small, small_queries = listing(3, 0)
    assert small.json()["next"] is None
    big, big_queries = listing(30, 3)
    assert big_queries == small_queries
    data = big.json()
    assert data["count"] == 33 and len(data["results"]) == 10
    assert data["next"].endswith("page=2&page_size=10")
    last = rosa.get(TRANSFERS, page=4, page_size=10).json()
    assert [t["description"] for t in last["results"]] == ["visit 2", "visit 1", "visit 0"]
    assert rosa.get(TRANSFERS, page=9).status_code == 404


def test_the_api_needs_the_timebank_use_rule(rosa, helper, monkeypatch):
    # The same rule the pages ask; the API has no permission system of its own.
    asked = []
    original = type(rosa.person).has_perm

    def has_perm(self, perm, obj=None):
        asked.append(perm)
        return False if perm == "timebank.use" else original(self, perm, obj)

    monkeypatch.setattr(type(rosa.person), "has_perm", has_perm)
    response = rosa.post(TRANSFERS, body(helper))
    assert response.status_code == 403
    assert response.json() == {"message": "You may not use the timebank.", "code": "permission_denied"}
    assert "timebank.use" in asked
    assert not Entry.objects.exists()


def test_an_old_date_is_kept(rosa, helper):
    day = timezone.localdate() - datetime.timedelta(days=40)
    assert rosa.post(TRANSFERS, body(helper, occurred_on=str(day))).status_code == 201
    assert Transfer.objects.get().occurred_on == day
