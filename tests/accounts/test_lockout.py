"""django-axes pauses password sign-in after five wrong passwords for one email from one address."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from sesame.utils import get_token

from coproduce.accounts.services import SIGN_IN_LINK_SCOPE
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

PAUSED = "Signing in is paused"


def fail_five_times(client, email):
    for _ in range(5):
        client.post("/sign-in/", {"email": email, "password": "a wrong guess"})


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, person):
    for _ in range(4):
        response = client.post("/sign-in/", {"email": person.email, "password": "a wrong guess"})
        assert response.status_code == 200
    client.post("/sign-in/", {"email": person.email, "password": "a wrong guess"})

    response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD})

    assert response.status_code == 429
    content = response.content.decode()
    assert PAUSED in content
    assert "for this email address for 15 minutes" in content
    assert 'href="/sign-in/link/"' in content
    assert 'href="/password/reset/"' in content
    # Rendered with the request, so it has the house header and footer.
    assert "govuk-generic-header" in content
    assert "_auth_user_id" not in client.session


def test_typing_the_email_in_capitals_does_not_get_extra_guesses(client, person):
    for _ in range(3):
        client.post("/sign-in/", {"email": person.email, "password": "a wrong guess"})
    for _ in range(2):
        client.post("/sign-in/", {"email": person.email.upper(), "password": "a wrong guess"})
    response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 429


def test_the_pause_is_for_that_email_only(client, person):
    fail_five_times(client, person.email)
    other = PersonFactory()
    response = client.post("/sign-in/", {"email": other.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_sign_in_link_still_works_and_lifts_the_pause(client, person):
    fail_five_times(client, person.email)
    token = get_token(person, scope=SIGN_IN_LINK_SCOPE)
    response = client.post(f"/sign-in/link/open/?token={token}")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)

    client.post("/sign-out/")
    response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302


def test_resetting_the_password_lifts_the_pause(client, person):
    fail_five_times(client, person.email)
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    response = client.get(f"/password/reset/{uid}/{token}/", follow=True)
    new_password = "a brand new long passphrase"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302

    response = client.post("/sign-in/", {"email": person.email, "password": new_password})
    assert response.status_code == 302
