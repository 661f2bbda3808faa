from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Consent, Person, PioneerNomination, Profile, ProfileTag, SearchEntry, Tag
from coproduce.people.search import search_index_person
from coproduce.people.services.closing import person_close
from coproduce.people.services.consent import consent_give
from coproduce.people.services.pioneers import pioneer_nominate
from tests.factories import PASSWORD, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = "/people/me/close/"


@pytest.fixture
def rosa(organisation):
    rosa = PersonFactory(preferred_name="Rosa", email="rosa@example.org", phone="07700 900001")
    profile = Profile.objects.create(person=rosa, about_me="I grow tomatoes")
    ProfileTag.objects.create(profile=profile, tag=Tag.objects.get_or_create(name="Gardening")[0], kind="gift")
    MembershipFactory(person=rosa, organisation=organisation, role=Role.VOLUNTEER)
    consent_give(person=rosa, topic="visible_profile")
    consent_give(person=rosa, topic="contact")
    search_index_person(rosa)
    return rosa


def test_closing_anonymises_the_person_everywhere(rosa, organisation):
    others = [PersonFactory(preferred_name=name) for name in ("Ann", "Ben", "Cat")]
    for other in others:
        consent_give(person=other, topic="visible_profile")
    pioneer_nominate(nominator=others[0], nominee=rosa, reason="Rosa is brilliant")
    pioneer_nominate(nominator=rosa, nominee=others[1], reason="Ben is brilliant")
    pioneer_nominate(nominator=others[2], nominee=others[1], reason="Ben helps everyone")
    with_ann = MembershipFactory(person=others[0], organisation=organisation)
    audit_before = AuditEntry.objects.count()
    memberships_of_others = Membership.objects.exclude(person=rosa).count()
    consents_of_others = Consent.objects.exclude(person=rosa).count()

    closed = person_close(person=rosa)

    closed.refresh_from_db()
    assert closed.preferred_name == f"Former member {rosa.pk}"
    assert closed.email is None and closed.phone == ""
    assert not closed.has_usable_password() and not closed.is_active and closed.closed_at is not None
    assert not Profile.objects.filter(person=rosa).exists()
    assert not ProfileTag.objects.filter(profile_id=rosa.pk).exists()
    assert Tag.objects.filter(name="Gardening").exists()
    assert not SearchEntry.objects.filter(person=rosa).exists()
    assert not Membership.objects.filter(person=rosa).exists()
    # Consent history is kept, every consent withdrawn.
    assert Consent.objects.filter(person=rosa).count() == 2
    assert not Consent.objects.filter(person=rosa, withdrawn_at__isnull=True).exists()
    # Nominations of Rosa go; Rosa's nomination of Ben stays, unlinked; Ben's count is intact.
    assert not PioneerNomination.objects.filter(nominee=rosa).exists()
    assert PioneerNomination.objects.filter(nominee=others[1]).count() == 2
    assert PioneerNomination.objects.get(reason="Ben is brilliant").nominated_by is None
    # Audit rows are kept (one more, for the closing), still linked, and no longer carry the name.
    assert AuditEntry.objects.count() == audit_before + 1
    assert AuditEntry.objects.filter(actor=rosa).exclude(actor_label=f"Former member {rosa.pk}").count() == 0
    assert not AuditEntry.objects.filter(actor_label="Rosa").exists()
    assert not AuditEntry.objects.filter(target_label__contains="Rosa").exists()
    closing = AuditEntry.objects.get(action="person.close")
    assert closing.actor == closed and closing.detail["memberships_removed"] == 1
    assert closing.detail["nominations_they_made_kept"] == 1
    # Everyone else is untouched.
    assert Membership.objects.exclude(person=rosa).count() == memberships_of_others
    assert Membership.objects.filter(pk=with_ann.pk).exists()
    assert Consent.objects.exclude(person=rosa).count() == consents_of_others
    assert not Consent.objects.exclude(person=rosa).filter(withdrawn_at__isnull=False).exists()
    assert Person.objects.filter(is_active=True).count() == Person.objects.count() - 1


def test_closing_twice_changes_nothing(rosa):
    person_close(person=rosa)
    person_close(person=rosa)
    assert AuditEntry.objects.filter(action="person.close").count() == 1


def test_closed_account_cannot_sign_in_because_it_is_inactive(rosa):
    request = RequestFactory().post("/sign-in/")
    assert authenticate(request, email="rosa@example.org", password=PASSWORD) == rosa
    person_close(person=rosa)
    # Give the closed row its old email and password back: sign-in still fails, because it is inactive.
    Person.objects.filter(pk=rosa.pk).update(email="rosa@example.org")
    closed = Person.objects.get(pk=rosa.pk)
    closed.set_password(PASSWORD)
    closed.save()
    assert not closed.is_active
    assert authenticate(request, email="rosa@example.org", password=PASSWORD) is None
    Person.objects.filter(pk=rosa.pk).update(is_active=True)
    assert authenticate(request, email="rosa@example.org", password=PASSWORD) is not None


def test_page_closes_signs_out_everywhere_and_says_goodbye(rosa, client_for):
    client, other_device = client_for(rosa), client_for(rosa)
    keys = [client.session.session_key, other_device.session.session_key]
    assert Session.objects.filter(session_key__in=keys).count() == 2
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"understood": "on", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("people:closed")
    html = response.content.decode()
    assert "Your account is closed" in html and "Sign in" in html
    assert not Session.objects.filter(session_key__in=keys).exists()
    # The other device is signed out too.
    assert "/sign-in/" in other_device.get("/people/me/data/")["Location"]
    assert "/sign-in/" in client.get("/people/me/data/")["Location"]
    assert Person.objects.get(pk=rosa.pk).closed_at is not None


def test_wrong_password_or_no_tick_closes_nothing_and_keeps_the_tick(rosa, client_for):
    client = client_for(rosa)
    response = client.post(URL, {"understood": "on", "password": "not my password"})
    html = response.content.decode()
    assert "That password is not right" in html
    assert 'id="id_understood" name="understood" type="checkbox" value="on" checked' in html
    response = client.post(URL, {"password": PASSWORD})
    assert "Tick the box to say you understand" in response.content.decode()
    assert Person.objects.get(pk=rosa.pk).is_active


def test_people_without_a_password_just_tick_the_box(client_for):
    link_only = Person.objects.create_user(email="link@example.org", preferred_name="Lin")
    client = client_for(link_only)
    assert 'name="password"' not in client.get(URL).content.decode()
    client.post(URL, {"understood": "on"})
    assert not Person.objects.get(pk=link_only.pk).is_active


def test_visitors_are_sent_to_sign_in(client):
    assert "/sign-in/" in client.get(URL)["Location"]
