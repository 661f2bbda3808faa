"""A facilitator fills a profile in with someone; it is recorded as such, and the person confirms it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.people.models import Consent, ConsentTopic, Profile, Visibility
from coproduce.people.services.consent import consent_live
from coproduce.people.services.profiles import ProfileError, profile_confirm, profile_fill_in_start
from coproduce.people.visibility import PERSONAL_FIELDS
from tests.factories import MembershipFactory, PersonFactory


@pytest.fixture
def rosa(person):
    return person


@pytest.fixture
def femi_client(facilitator, client_for):
    return client_for(facilitator)


def _start(client, person) -> None:
    response = client.post(f"/people/{person.pk}/fill-in/")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/fill-in/1/"


@pytest.mark.django_db
def test_a_facilitator_is_offered_to_fill_in_and_others_are_not(rosa, facilitator, org_admin, client_for):
    url = f"/people/{rosa.pk}/"
    assert "Fill in with Rosa" in client_for(facilitator).get(url).content.decode()
    member = MembershipFactory(role=Role.MEMBER).person
    assert "Fill in with Rosa" not in client_for(member).get(url).content.decode()
    # An organisation admin is not a facilitator unless they also hold that role.
    assert "Fill in with Rosa" not in client_for(org_admin).get(url).content.decode()
    assert "Fill in with" not in client_for(facilitator).get(f"/people/{facilitator.pk}/").content.decode()


@pytest.mark.django_db
def test_only_facilitators_may_fill_in(rosa, facilitator, client, client_for):
    member = PersonFactory()
    for url in (f"/people/{rosa.pk}/fill-in/", f"/people/{rosa.pk}/fill-in/1/"):
        assert client_for(member).get(url).status_code == 403, url
        assert client_for(member).post(url, {"about_me": "Sneaky"}).status_code == 403, url
        visitor = client.get(url)
        assert visitor.status_code == 302 and visitor["Location"].startswith("/sign-in/"), url
    assert client_for(facilitator).get(f"/people/{facilitator.pk}/fill-in/").status_code == 403
    closed = PersonFactory(is_active=False)
    assert client_for(facilitator).get(f"/people/{closed.pk}/fill-in/").status_code == 404
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_opening_someones_answers_is_recorded_before_any_step(rosa, facilitator, femi_client):
    response = femi_client.get(f"/people/{rosa.pk}/fill-in/2/")
    assert response["Location"] == f"/people/{rosa.pk}/fill-in/"
    page = femi_client.get(f"/people/{rosa.pk}/fill-in/").content.decode()
    assert "Fill in Rosa’s profile with them" in page
    _start(femi_client, rosa)
    entry = AuditEntry.objects.get(action="profile.fill_in_start")
    assert entry.actor == facilitator and entry.target_id == str(rosa.pk)
    assert femi_client.get(f"/people/{rosa.pk}/fill-in/2/").status_code == 200


@pytest.mark.django_db
def test_filling_in_is_recorded_and_consent_is_recorded_as_given_with_the_facilitator(rosa, facilitator, femi_client):
    _start(femi_client, rosa)
    response = femi_client.post(
        f"/people/{rosa.pk}/fill-in/1/", {"about_me": "Rosa loves salsa dancing.", "action": "continue"}
    )
    assert response["Location"] == f"/people/{rosa.pk}/fill-in/2/"
    levels = {f"{key}_visibility": Visibility.EVERYONE for key in PERSONAL_FIELDS}
    response = femi_client.post(
        f"/people/{rosa.pk}/fill-in/5/",
        {**levels, "visible_profile_consent": "on", "visible_profile_consent_version": "1", "action": "continue"},
    )
    assert response["Location"] == f"/people/{rosa.pk}/"

    profile = Profile.objects.get(person=rosa)
    assert profile.about_me == "Rosa loves salsa dancing."
    assert profile.filled_in_by == facilitator and profile.filled_in_at is not None
    assert profile.confirmed_at is None and profile.awaiting_confirmation
    consent = consent_live(rosa, ConsentTopic.VISIBLE_PROFILE)
    assert consent.how == Consent.How.WITH_FACILITATOR and consent.recorded_by == facilitator
    updates = AuditEntry.objects.filter(action="profile.update")
    assert updates.count() == 2
    assert all(entry.actor == facilitator and entry.detail["with_facilitator"] for entry in updates)
    assert AuditEntry.objects.get(action="consent.give").actor == facilitator

    page = femi_client.get(f"/people/{rosa.pk}/").content.decode()
    assert "Not yet confirmed by Rosa" in page


@pytest.mark.django_db
def test_the_person_sees_a_banner_and_confirms(rosa, facilitator, femi_client, client_for):
    _start(femi_client, rosa)
    femi_client.post(f"/people/{rosa.pk}/fill-in/1/", {"about_me": "Salsa.", "action": "later"})
    today = timezone.localdate().strftime("%-d %B %Y")
    rosa_client = client_for(rosa)

    for url in ("/people/me/", "/"):
        html = rosa_client.get(url).content.decode()
        assert f"Femi filled in your profile with you on {today}. Check it and confirm." in html, url
        assert 'action="/people/me/confirm/"' in html

    assert rosa_client.get("/people/me/confirm/").status_code == 405
    response = rosa_client.post("/people/me/confirm/")
    assert response["Location"] == "/people/me/"

    profile = Profile.objects.get(person=rosa)
    assert profile.confirmed_at is not None and not profile.awaiting_confirmation
    entry = AuditEntry.objects.get(action="profile.confirm")
    assert entry.actor == rosa and entry.detail["filled_in_by"] == facilitator.pk
    assert "Check it and confirm" not in rosa_client.get("/").content.decode()
    assert "Not yet confirmed" not in femi_client.get(f"/people/{rosa.pk}/").content.decode()


@pytest.mark.django_db
def test_confirming_twice_or_with_nothing_to_confirm_changes_nothing(rosa):
    assert profile_confirm(person=rosa) is None
    Profile.objects.create(person=rosa)
    profile_confirm(person=rosa)
    assert not AuditEntry.objects.filter(action="profile.confirm").exists()


@pytest.mark.django_db
def test_someone_else_cannot_confirm_for_the_person(rosa, facilitator, femi_client, client_for):
    _start(femi_client, rosa)
    femi_client.post(f"/people/{rosa.pk}/fill-in/1/", {"about_me": "Salsa.", "action": "later"})
    femi_client.post("/people/me/confirm/")
    assert Profile.objects.get(person=rosa).awaiting_confirmation


@pytest.mark.django_db
def test_a_facilitator_cannot_start_filling_in_their_own(facilitator):
    with pytest.raises(ProfileError):
        profile_fill_in_start(facilitator=facilitator, person=facilitator)
