import pytest

from coproduce.core.models import AuditEntry
from tests.accounts.conftest import link_in
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

NEW = "a brand new long passphrase"


# Reset


def request_reset(client, email, capture):
    with capture(execute=True):
        return client.post("/password/reset/", {"email": email})


def test_reset_page_renders(client):
    response = client.get("/password/reset/")
    assert response.status_code == 200
    assert b"Reset your password" in response.content


def test_reset_link_is_emailed_only_after_commit(client, person, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/password/reset/", {"email": person.email})
    assert response["Location"] == "/password/reset/sent/"
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [person.email]
    assert message.subject.startswith("Reset your password for ")
    assert "\n" not in message.subject
    assert link_in(message).startswith("/password/reset/")
    assert "3 hours" in message.body


def test_unknown_address_gets_the_same_page_and_no_email(client, mailoutbox, django_capture_on_commit_callbacks):
    response = request_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert response["Location"] == "/password/reset/sent/"
    assert mailoutbox == []
    assert b"Check your email" in client.get("/password/reset/sent/").content


def test_closed_account_gets_no_email(client, mailoutbox, django_capture_on_commit_callbacks):
    closed = PersonFactory(is_active=False)
    request_reset(client, closed.email, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_badly_formed_address_is_kept_with_a_message(client):
    response = client.post("/password/reset/", {"email": "x" * 260})
    content = response.content.decode()
    assert "An email address can be up to 254 characters long." in content
    assert "x" * 260 in content


def test_the_whole_reset_journey(client, person, mailoutbox, django_capture_on_commit_callbacks):
    request_reset(client, person.email, django_capture_on_commit_callbacks)
    response = client.get(link_in(mailoutbox[0]), follow=True)
    set_password_url = response.redirect_chain[-1][0]
    assert b"Choose a new password" in response.content

    response = client.post(set_password_url, {"new_password1": NEW, "new_password2": "something else"})
    content = response.content.decode()
    assert "The two passwords are different." in content
    assert NEW not in content

    response = client.post(set_password_url, {"new_password1": "short", "new_password2": "short"})
    assert "This password is too short" in response.content.decode()

    response = client.post(set_password_url, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == "/password/reset/done/"
    assert b"Your new password is saved" in client.get("/password/reset/done/").content
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert AuditEntry.objects.filter(action="person.password_reset", actor=person).exists()

    # The link cannot be used again.
    response = client.get(link_in(mailoutbox[0]), follow=True)
    assert b"This link has stopped working" in response.content


def test_a_garbled_reset_link_says_so(client, person):
    response = client.get("/password/reset/MQ/not-a-token/")
    assert response.status_code == 200
    assert b"This link has stopped working" in response.content
    assert b'href="/password/reset/"' in response.content


# Change


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_change_password(client_for, person):
    client = client_for(person)
    response = client.get("/password/change/")
    assert b"Your current password" in response.content

    response = client.post("/password/change/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == "/settings/"
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert AuditEntry.objects.filter(action="person.password_change", actor=person).exists()
    # Still signed in on this browser.
    assert client.get("/settings/").context["user"] == person


def test_change_needs_the_current_password(client_for, person):
    response = client_for(person).post(
        "/password/change/", {"old_password": "not it", "new_password1": NEW, "new_password2": NEW}
    )
    content = response.content.decode()
    assert "Your current password is not right." in content
    assert NEW not in content
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_change_rejects_a_weak_password_beside_the_first_box(client_for, person):
    response = client_for(person).post(
        "/password/change/", {"old_password": PASSWORD, "new_password1": "12345678901", "new_password2": "12345678901"}
    )
    form = response.context["form"]
    assert "new_password1" in form.errors
    assert "new_password2" not in form.errors


def test_over_long_password_gets_a_clear_message(client_for, person):
    long = "x" * 201
    response = client_for(person).post(
        "/password/change/", {"old_password": PASSWORD, "new_password1": long, "new_password2": long}
    )
    assert "A password can be up to 200 characters long." in response.content.decode()


def test_someone_who_only_uses_links_can_choose_a_first_password(client_for):
    person = PersonFactory()
    person.set_unusable_password()
    person.save()
    client = client_for(person)
    response = client.get("/password/change/")
    assert b"Choose a password" in response.content
    assert b"old_password" not in response.content

    response = client.post("/password/change/", {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_password_reset_emails_to_one_inbox_are_limited(client, person, mailoutbox, django_capture_on_commit_callbacks):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/password/reset/", {"email": person.email}).status_code == 302
    assert len(mailoutbox) == 3
