import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.core.models import AuditEntry
from tests.conftest import signed_in_client
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/sign-in/two-factor/"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    return f"{(totp(device.bin_key) + 500_000) % 1_000_000:06d}"


def pending_device(person) -> TOTPDevice:
    return TOTPDevice.objects.get(user=person, confirmed=False)


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_the_settings_page_links_to_two_step_sign_in_and_password(client_for, person):
    response = client_for(person).get("/settings/")
    assert b'href="/sign-in/two-factor/"' in response.content
    assert b'href="/password/change/"' in response.content


def test_setup_shows_a_labelled_qr_code_and_the_key_to_type(client_for, person):
    client = client_for(person, verified=False)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Set up two-step sign-in" in content
    assert re.search(r'<svg[^>]* role="img"[^>]* aria-label="QR code to scan with your authenticator app"', content)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', content).group(1)
    assert all(len(group) == 4 for group in secret.split(" "))
    assert len(secret.replace(" ", "")) == 32

    # The same secret comes back on a second visit, so a half-finished setup can be finished.
    assert secret in client.get(URL).content.decode()
    assert TOTPDevice.objects.filter(user=person).count() == 1


def test_the_right_code_turns_it_on_and_counts_for_this_visit(client_for, person):
    client = client_for(person, verified=False)
    client.get(URL)
    device = pending_device(person)

    response = client.post(URL, {"code": code_for(device)})

    assert response.status_code == 302
    assert response["Location"] == "/settings/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id
    entry = AuditEntry.objects.get(action="two_factor.setup")
    assert entry.actor == person
    # Now it is on, the page says so rather than asking again.
    assert b"Two-step sign-in is on" in client.get(URL).content


def test_a_code_typed_with_a_space_is_accepted(client_for, person):
    client = client_for(person, verified=False)
    client.get(URL)
    code = code_for(pending_device(person))
    response = client.post(URL, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_a_wrong_code_says_so_and_then_makes_them_wait(client_for, person):
    client = client_for(person, verified=False)
    client.get(URL)
    device = pending_device(person)

    response = client.post(URL, {"code": wrong_code_for(device)})
    assert response.status_code == 200
    content = response.content.decode()
    assert "That code is not right." in content
    assert "govuk-error-summary" in content

    # django-otp's throttling: straight after a wrong code, even the right one must wait.
    response = client.post(URL, {"code": code_for(device)})
    assert "You have typed a wrong code several times. Wait 1 second" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=5))
    assert client.post(URL, {"code": code_for(device)}).status_code == 302


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your app."),
        ("12345", "The code is 6 numbers, like 123456."),
        ("abcdef", "The code is 6 numbers, like 123456."),
        ("1234567890123", "The code is 6 numbers, like 123456."),
    ],
)
def test_badly_formed_codes_say_what_to_fix_and_are_kept(client_for, person, code, message):
    client = client_for(person, verified=False)
    response = client.post(URL, {"code": code})
    content = response.content.decode()
    assert message in content
    if code:
        assert f'value="{code}"' in content
    assert pending_device(person).throttling_failure_count == 0


def test_someone_with_an_app_is_asked_for_a_code_after_signing_in(client_for, person):
    device = TOTPDevice.objects.create(user=person, name="Phone", confirmed=True)
    client = client_for(person, verified=False)

    response = client.get("/organisations/")
    assert response["Location"] == "/sign-in/two-factor/?next=%2Forganisations%2F"

    response = client.get(response["Location"])
    assert b"Type the code from your app" in response.content

    response = client.post("/sign-in/two-factor/?next=/organisations/", {"code": wrong_code_for(device)})
    assert "That code is not right." in response.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)

    response = client.post("/sign-in/two-factor/?next=/organisations/", {"code": code_for(device)})
    assert response["Location"] == "/organisations/"
    assert client.get("/organisations/").status_code == 200


def test_a_code_cannot_be_used_twice(client_for, person):
    device = TOTPDevice.objects.create(user=person, name="Phone", confirmed=True)
    code = code_for(device)
    first = client_for(person, verified=False)
    assert first.post(URL, {"code": code}).status_code == 302
    second = signed_in_client(person, verified=False)
    response = second.post(URL, {"code": code})
    assert "That code is not right." in response.content.decode()


def test_a_place_admin_must_set_it_up_before_anything_else(client_for):
    admin = PersonFactory(is_place_admin=True)
    client = client_for(admin, verified=False)
    response = client.get("/place/")
    assert response["Location"] == "/sign-in/two-factor/?next=%2Fplace%2F"

    client.get(response["Location"])
    device = pending_device(admin)
    response = client.post("/sign-in/two-factor/?next=/place/", {"code": code_for(device)})
    assert response["Location"] == "/place/"
    assert client.get("/place/").status_code == 200


def test_unconfirmed_setups_do_not_count_as_having_it_on(client_for, person):
    client = client_for(person, verified=False)
    client.get(URL)
    assert client.get("/organisations/").status_code == 200
