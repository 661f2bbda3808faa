"""Who the API thinks is calling: a live key acts as its person; anything else is 401 with a plain message."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.timebank.models import ApiToken
from coproduce.timebank.services.api_tokens import api_token_revoke
from tests.timebank.api_helpers import ApiCaller

pytestmark = pytest.mark.django_db

BALANCE = "/api/v1/balance/"


def test_a_live_key_acts_as_its_person(person):
    caller = ApiCaller(person)
    response = caller.get(BALANCE)
    assert response.status_code == 200
    assert response.json()["name"] == person.display_name
    assert response.json()["balance_minutes"] == 0


def test_no_key_is_401_with_a_hint():
    response = Client().get(BALANCE)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "message": 'Send your key as "Authorization: Token <your key>".',
        "code": "not_authenticated",
    }


@pytest.mark.parametrize(
    "header",
    ["Token cp_not-a-real-key", "Token", "Token two parts", "token cp_not-a-real-key"],
)
def test_a_wrong_or_malformed_key_is_401(person, header):
    ApiCaller(person)
    response = Client().get(BALANCE, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_revoked_key_is_401(person):
    caller = ApiCaller(person)
    api_token_revoke(actor=person, token=ApiToken.objects.get(person=person))
    response = caller.get(BALANCE)
    assert response.status_code == 401
    assert response.json()["message"] == "That key is not valid, or it has been revoked."


def test_the_key_of_a_closed_account_is_401(person):
    caller = ApiCaller(person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert caller.get(BALANCE).status_code == 401


def test_a_session_does_not_reach_the_api(person, client_for):
    # The API takes keys only: a signed-in browser has no key, so it cannot be tricked into posting transfers.
    assert client_for(person).get(BALANCE).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(person, django_assert_num_queries):
    caller = ApiCaller(person)
    caller.get(BALANCE)
    token = ApiToken.objects.get(person=person)
    first = token.last_used_at
    assert first is not None
    caller.get(BALANCE)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    caller.get(BALANCE)
    token.refresh_from_db()
    assert token.last_used_at > first
