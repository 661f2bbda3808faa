import re
import time
from unittest import mock

import pytest
from sesame.utils import get_token

from coproduce.accounts.services import SIGN_IN_LINK_SCOPE
from tests.accounts.conftest import link_in
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CHECK_EMAIL = "Check your email"


def ask_for_link(client, email, capture, *, next_url=""):
    data = {"email": email}
    if next_url:
        data["next"] = next_url
    with capture(execute=True):
        return client.post("/sign-in/link/", data)


def test_the_form_page_renders(client):
    response = client.get("/sign-in/link/")
    assert response.status_code == 200
    assert b"Get a sign-in link by email" in response.content
    assert b"15 minutes" in response.content


def test_a_link_is_emailed_after_the_request_commits(client, person, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/sign-in/link/", {"email": person.email})
    assert response.status_code == 200
    assert CHECK_EMAIL in response.content.decode()
    assert mailoutbox == []
    assert len(callbacks) == 1

    callbacks[0]()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [person.email]
    assert "sign-in link" in message.subject
    assert link_in(message).startswith("/sign-in/link/open/?token=")
    assert "15 minutes" in message.body


def test_unknown_and_closed_addresses_get_the_same_page_and_no_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    closed = PersonFactory(is_active=False)
    known = PersonFactory()
    pages = []
    for email in (known.email, closed.email, "nobody@example.org"):
        response = ask_for_link(client, email, django_capture_on_commit_callbacks)
        assert response.status_code == 200
        page = response.content.decode().replace(email, "EMAIL")
        pages.append(re.sub(r'nonce="[^"]*"', "", page))
    assert pages[0] == pages[1] == pages[2]
    assert [m.to for m in mailoutbox] == [[known.email]]


def test_a_badly_formed_address_is_kept_with_a_message(client, mailoutbox):
    response = client.post("/sign-in/link/", {"email": "rosa at example"})
    content = response.content.decode()
    assert "Enter an email address in the right format" in content
    assert 'value="rosa at example"' in content
    assert mailoutbox == []


def test_opening_the_link_only_shows_a_button_so_scanners_cannot_use_it_up(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_link(client, person.email, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    for _ in range(2):  # a scanner, then the person
        response = client.get(link)
        assert response.status_code == 200
        assert b"Continue" in response.content
        assert "_auth_user_id" not in client.session

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_link_works_once(client, person, mailoutbox, django_capture_on_commit_callbacks):
    ask_for_link(client, person.email, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    client.post(link)
    client.post("/sign-out/")

    response = client.post(link)
    assert response.status_code == 410
    content = response.content.decode()
    assert "This sign-in link has stopped working" in content
    assert 'href="/sign-in/link/"' in content
    assert "_auth_user_id" not in client.session

    assert client.get(link).status_code == 410


def test_an_expired_link_offers_a_new_one(client, person):
    with mock.patch("time.time", return_value=time.time() - 16 * 60):
        token = get_token(person, scope=SIGN_IN_LINK_SCOPE)
    response = client.get(f"/sign-in/link/open/?token={token}")
    assert response.status_code == 410
    assert b"Get a new link" in response.content
    response = client.post(f"/sign-in/link/open/?token={token}")
    assert response.status_code == 410
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("query", ["", "?token=", "?token=nonsense"])
def test_a_missing_or_garbled_token_gets_the_same_page(client, query):
    response = client.post(f"/sign-in/link/open/{query}")
    assert response.status_code == 410
    assert b"This sign-in link has stopped working" in response.content


def test_a_token_made_for_something_else_does_not_sign_in(client, person):
    token = get_token(person)
    response = client.post(f"/sign-in/link/open/?token={token}")
    assert response.status_code == 410


def test_the_link_does_not_work_once_the_account_is_closed(client, person):
    token = get_token(person, scope=SIGN_IN_LINK_SCOPE)
    person.is_active = False
    person.save()
    assert client.post(f"/sign-in/link/open/?token={token}").status_code == 410


def test_the_link_carries_a_safe_next_page(client, person, mailoutbox, django_capture_on_commit_callbacks):
    ask_for_link(client, person.email, django_capture_on_commit_callbacks, next_url="/organisations/")
    response = client.post(link_in(mailoutbox[0]))
    assert response["Location"] == "/organisations/"


def test_the_link_drops_a_next_page_on_another_site(client, person, mailoutbox, django_capture_on_commit_callbacks):
    ask_for_link(client, person.email, django_capture_on_commit_callbacks, next_url="https://evil.example/")
    link = link_in(mailoutbox[0])
    assert "evil" not in link
    assert client.post(link)["Location"] == "/"


def test_the_sign_in_page_passes_next_on_to_the_link_page(client):
    response = client.get("/sign-in/?next=/organisations/")
    assert b'href="/sign-in/link/?next=/organisations/"' in response.content
    response = client.get("/sign-in/link/?next=/organisations/")
    assert b'name="next" value="/organisations/"' in response.content


def test_dead_links_from_one_connection_do_not_pause_sign_in_for_everyone_there(client, person):
    for _ in range(8):
        assert client.post("/sign-in/link/open/?token=garbled-token-value").status_code == 410
    token = get_token(person, scope=SIGN_IN_LINK_SCOPE)
    response = client.post(f"/sign-in/link/open/?token={token}")
    assert response.status_code == 302
    assert client.get("/settings/").context["user"] == person


def test_one_inbox_gets_at_most_three_links_in_fifteen_minutes(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(5):
        response = ask_for_link(client, person.email, django_capture_on_commit_callbacks)
        assert CHECK_EMAIL.encode() in response.content
    assert len(mailoutbox) == 3
