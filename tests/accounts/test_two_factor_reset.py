import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.core.models import AuditEntry
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_place_admin_clears_a_lost_phone(place_admin, client_for):
    someone = PersonFactory(preferred_name="Lost Phone")
    TOTPDevice.objects.create(user=someone, name="Old phone", confirmed=True)
    client = client_for(place_admin)
    listing = client.get("/place/people/", {"q": "lost"})
    assert b"Lost Phone" in listing.content and b"Clear it" in listing.content
    response = client.post(f"/place/people/{someone.pk}/two-factor-reset/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=someone).exists()
    entry = AuditEntry.objects.get(action="person.two_factor_reset")
    assert entry.actor == place_admin and entry.target_id == str(someone.pk)


@pytest.mark.django_db
def test_only_place_admins_clear_two_step_sign_in(org_admin, facilitator, client_for, client):
    someone = PersonFactory()
    TOTPDevice.objects.create(user=someone, name="Phone", confirmed=True)
    assert client.post(f"/place/people/{someone.pk}/two-factor-reset/").status_code == 302  # to sign in
    for other in (org_admin, facilitator):
        assert client_for(other).post(f"/place/people/{someone.pk}/two-factor-reset/").status_code == 403
        assert client_for(other).get("/place/people/").status_code == 403
    assert TOTPDevice.objects.filter(user=someone).exists()


@pytest.mark.django_db
def test_reset_is_a_post_only_action(place_admin, client_for):
    someone = PersonFactory()
    assert client_for(place_admin).get(f"/place/people/{someone.pk}/two-factor-reset/").status_code == 405
