import pytest

from coproduce.organisations.models import Role
from tests.factories import PASSWORD, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

WRONG = "The email address or password is not right"


def test_sign_in_page_offers_a_link_by_email_and_a_password_reset(client):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    assert b'href="/sign-in/link/"' in response.content
    assert b"Get a sign-in link by email instead" in response.content
    assert b'href="/password/reset/"' in response.content


def test_right_password_signs_in_and_goes_home(client, person):
    response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(person.pk)


def test_email_matches_however_it_is_capitalised(client, person):
    response = client.post("/sign-in/", {"email": person.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_sign_in_goes_on_to_a_safe_next_page(client, person):
    response = client.post("/sign-in/?next=/organisations/", {"email": person.email, "password": PASSWORD})
    assert response["Location"] == "/organisations/"


def test_sign_in_ignores_a_next_page_on_another_site(client, person):
    response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_wrong_password_keeps_the_email_and_never_shows_the_password_again(client, person):
    response = client.post("/sign-in/", {"email": person.email, "password": "not-my-password-at-all"})
    assert response.status_code == 200
    content = response.content.decode()
    assert WRONG in content
    assert "govuk-error-summary" in content
    assert f'value="{person.email}"' in content
    assert "not-my-password-at-all" not in content
    assert "_auth_user_id" not in client.session


def test_closed_account_cannot_sign_in_and_the_message_gives_nothing_away(client):
    closed = PersonFactory(is_active=False)
    response = client.post("/sign-in/", {"email": closed.email, "password": PASSWORD})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_same_message(client):
    response = client.post("/sign-in/", {"email": "nobody@example.org", "password": PASSWORD})
    assert WRONG in response.content.decode()


def test_missing_and_badly_formed_answers_say_what_to_fix(client):
    response = client.post("/sign-in/", {"email": "", "password": ""})
    content = response.content.decode()
    assert "Enter an email address." in content
    assert "Enter your password." in content

    response = client.post("/sign-in/", {"email": "rosa-at-example", "password": "x"})
    content = response.content.decode()
    assert "Enter an email address in the right format" in content
    assert 'value="rosa-at-example"' in content


def test_over_long_email_gets_a_clear_message(client):
    email = "a" * 250 + "@example.org"
    response = client.post("/sign-in/", {"email": email, "password": PASSWORD})
    content = response.content.decode()
    assert "An email address can be up to 254 characters long." in content
    assert email in content


def test_over_long_password_gets_a_clear_message(client, person):
    response = client.post("/sign-in/", {"email": person.email, "password": "x" * 201})
    assert "A password can be up to 200 characters long." in response.content.decode()


def test_sign_out(client_for, person):
    client = client_for(person)
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_admin_is_asked_for_a_code_straight_after_the_password(client, organisation):
    admin = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN).person
    client.post("/sign-in/", {"email": admin.email, "password": PASSWORD})
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/two-factor/?next=%2Forganisations%2F"
