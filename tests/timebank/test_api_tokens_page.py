"""/timebank/api-tokens/: make a key (shown once, only its hash kept), see keys by prefix, revoke them."""

import hashlib
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coproduce.core.models import AuditEntry
from coproduce.timebank.models import ApiToken
from coproduce.timebank.services.api_tokens import MAX_LIVE_TOKENS, api_token_create
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PAGE = "/timebank/api-tokens/"


def make(client, name="My phone"):
    return client.post(PAGE, {"name": name})


def shown_key(response):
    found = re.search(r'<pre class="cp-code" id="new-key">(cp_[A-Za-z0-9_-]+)</pre>', response.content.decode())
    return found.group(1) if found else None


def test_a_new_key_is_shown_once_and_only_its_hash_is_kept(person, client_for):
    client = client_for(person)
    response = make(client)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = shown_key(response)
    assert key
    token = ApiToken.objects.get(person=person)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    assert key not in str(list(ApiToken.objects.values()))
    assert not AuditEntry.objects.filter(detail__icontains=key).exists()
    again = client.get(PAGE)
    assert shown_key(again) is None and key not in again.content.decode()
    assert f"{token.prefix}…" in again.content.decode()
    # The key works at once against the API.
    assert Client().get("/api/v1/balance/", headers={"Authorization": f"Token {key}"}).status_code == 200


def test_making_and_revoking_are_audited_and_revoking_stops_the_key(person, client_for):
    client = client_for(person)
    key = shown_key(make(client))
    token = ApiToken.objects.get(person=person)
    response = client.post(f"/timebank/api-tokens/{token.pk}/revoke/", follow=True)
    assert "no longer works" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/balance/", headers={"Authorization": f"Token {key}"}).status_code == 401
    actions = list(AuditEntry.objects.filter(target_id=str(token.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["timebank.api_token.create", "timebank.api_token.revoke"]
    assert "Revoked" in client.get(PAGE).content.decode()


def test_another_person_cannot_revoke_my_key(person, client_for):
    token, _key = api_token_create(person=person, name="Mine")
    intruder = client_for(PersonFactory())
    assert intruder.post(f"/timebank/api-tokens/{token.pk}/revoke/").status_code == 404
    assert "Mine" not in intruder.get(PAGE).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not PersonFactory().has_perm("timebank.revoke_api_token", token)
    assert person.has_perm("timebank.revoke_api_token", token)


def test_visitors_are_sent_to_sign_in(person):
    token, _key = api_token_create(person=person, name="Mine")
    assert Client().get(PAGE).status_code == 302
    response = Client().post(f"/timebank/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and "sign-in" in response["Location"]
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post(person, client_for):
    token, _key = api_token_create(person=person, name="Mine")
    assert client_for(person).get(f"/timebank/api-tokens/{token.pk}/revoke/").status_code == 405


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Say what the key is for, so you can tell your keys apart."),
        ("   ", "Say what the key is for, so you can tell your keys apart."),
        ("x" * 101, "Keep the name to 100 characters or fewer."),
    ],
)
def test_a_bad_name_is_explained_and_kept(person, client_for, name, message):
    response = make(client_for(person), name)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "govuk-error-summary" in html
    assert shown_key(response) is None
    if name.strip():
        assert f'value="{name}"' in html
    assert not ApiToken.objects.exists()


def test_html_in_a_name_is_shown_as_text(person, client_for):
    client = client_for(person)
    make(client, "<script>alert('x')</script>")
    html = client.get(PAGE).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_there_is_a_cap_on_live_keys(person, client_for):
    for i in range(MAX_LIVE_TOKENS):
        api_token_create(person=person, name=f"key {i}")
    response = make(client_for(person), "One too many")
    assert "Revoke one you no longer use" in response.content.decode()
    assert 'value="One too many"' in response.content.decode()
    assert ApiToken.objects.filter(person=person).count() == MAX_LIVE_TOKENS


def test_the_page_does_not_grow_its_queries_with_keys(person, client_for, django_assert_max_num_queries):
    client = client_for(person)
    client.get(PAGE)
    counts = []
    for n in (1, 8):
        for i in range(n):
            api_token_create(person=person, name=f"key {n}-{i}")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(PAGE)
