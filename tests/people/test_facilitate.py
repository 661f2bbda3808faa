import pytest

from coproduce.organisations.models import Role
from tests.factories import MembershipFactory


@pytest.mark.django_db
def test_facilitating_page_gathers_what_facilitators_look_after(facilitator, client_for):
    html = client_for(facilitator).get("/people/facilitate/").content.decode()
    for url in ("/invitations/", "/people/import/", "/people/pioneers/", "/people/tags/", "/people/assets/add/"):
        assert f'href="{url}"' in html
    assert 'href="/people/facilitate/"' in client_for(facilitator).get("/").content.decode()


@pytest.mark.django_db
def test_facilitating_page_is_not_for_everyone(person, client_for, client):
    assert client.get("/people/facilitate/").status_code == 302
    staff = MembershipFactory(role=Role.STAFF).person
    for someone in (person, staff):
        assert client_for(someone).get("/people/facilitate/").status_code == 403
        assert 'href="/people/facilitate/"' not in client_for(someone).get("/").content.decode()


@pytest.mark.django_db
def test_profile_page_offers_nominating_and_recording_consent(facilitator, organisation, client_for):
    from coproduce.people.models import Profile
    from coproduce.people.services.consent import consent_give

    member = MembershipFactory(organisation=organisation, role=Role.USES_SERVICE).person
    Profile.objects.create(person=member, about_me="I run the Tuesday choir.")
    consent_give(person=member, topic="visible_profile")
    html = client_for(facilitator).get(f"/people/{member.pk}/").content.decode()
    assert f'href="/people/{member.pk}/nominate/"' in html
    assert f'href="/people/{member.pk}/consents/record/"' in html
