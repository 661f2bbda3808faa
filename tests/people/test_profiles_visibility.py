"""Who sees which field on a profile page: every personal field, at every level, as every kind of viewer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.organisations.models import Role
from coproduce.people.models import ConsentTopic, Person, ProfileTag, Visibility
from coproduce.people.services.consent import consent_withdraw
from coproduce.people.services.profiles import ProfileChanges, TagChoice, profile_update
from coproduce.people.visibility import PERSONAL_FIELDS
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.people.profiles_helpers import MARKER_EMAIL, MARKERS, approved_tag, fill_everything, language

# Which levels each kind of viewer may see. Visitors who have not signed in are sent to sign in instead.
SEES = {
    "self": set(Visibility.values),
    "facilitator": {Visibility.FACILITATORS, Visibility.ORGANISATIONS, Visibility.EVERYONE},
    "org_peer": {Visibility.ORGANISATIONS, Visibility.EVERYONE},
    "signed_in": {Visibility.EVERYONE},
}


@pytest.fixture
def viewers(db, client_for):
    """Rosa, and one person of each kind who might look at her page."""
    shared = OrganisationFactory(name="Fold Green Knit and Natter")
    rosa = PersonFactory(preferred_name="Rosa", email=MARKER_EMAIL)
    MembershipFactory(person=rosa, organisation=shared, role=Role.MEMBER)
    # A facilitator somewhere else entirely: the role, not a shared organisation, is what lets them see.
    facilitator = MembershipFactory(role=Role.FACILITATOR, person__preferred_name="Femi").person
    peer = MembershipFactory(organisation=shared, role=Role.VOLUNTEER, person__preferred_name="Pam").person
    stranger = PersonFactory(preferred_name="Sid")
    return rosa, {
        "self": client_for(rosa),
        "facilitator": client_for(facilitator),
        "org_peer": client_for(peer),
        "signed_in": client_for(stranger),
    }


@pytest.mark.parametrize("level", Visibility.values)
@pytest.mark.parametrize("field", list(PERSONAL_FIELDS))
def test_each_field_at_each_level_shows_only_to_who_may_see_it(viewers, client, field, level):
    rosa, clients = viewers
    fill_everything(rosa, levels={field: level})
    url = f"/people/{rosa.pk}/"

    for kind, viewer in clients.items():
        html = viewer.get(url).content.decode()
        expected = level in SEES[kind]
        assert (MARKERS[field] in html) is expected, f"{field} at {level} as {kind}"
        if field == "contact":
            assert (MARKER_EMAIL in html) is expected, f"email at {level} as {kind}"
        for other in PERSONAL_FIELDS:
            if other != field and kind != "self":
                assert MARKERS[other] not in html, f"{other} (only me) leaked to {kind}"

    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert MARKERS[field] not in response.content.decode()


@pytest.mark.django_db
def test_the_owner_sees_every_field_with_who_can_see_it_and_links_to_change_it(viewers):
    rosa, clients = viewers
    fill_everything(rosa, levels={"gifts": Visibility.EVERYONE, "about_me": Visibility.FACILITATORS})
    html = clients["self"].get("/people/me/").content.decode()
    for marker in MARKERS.values():
        assert marker in html
    assert "Visible to: Everyone in the place who has signed in" in html
    assert "Visible to: Facilitators" in html
    assert html.count("Visible to: Only me") == len(PERSONAL_FIELDS) - 2
    assert 'href="/people/me/edit/gifts/"' in html
    assert 'href="/people/me/edit/who-sees/#id_gifts_visibility_0"' in html


@pytest.mark.django_db
def test_about_me_comes_first(viewers):
    rosa, clients = viewers
    fill_everything(rosa, levels=dict.fromkeys(PERSONAL_FIELDS, Visibility.EVERYONE))
    html = clients["signed_in"].get(f"/people/{rosa.pk}/").content.decode()
    positions = [html.index(MARKERS[key]) for key in PERSONAL_FIELDS]
    assert positions[0] == min(positions)


@pytest.mark.django_db
def test_withdrawing_consent_hides_everything_from_others_at_once(viewers):
    rosa, clients = viewers
    fill_everything(rosa, levels=dict.fromkeys(PERSONAL_FIELDS, Visibility.EVERYONE))
    url = f"/people/{rosa.pk}/"
    assert MARKERS["about_me"] in clients["facilitator"].get(url).content.decode()

    consent_withdraw(person=rosa, topic=ConsentTopic.VISIBLE_PROFILE)

    for kind in ("facilitator", "org_peer", "signed_in"):
        html = clients[kind].get(url).content.decode()
        assert not any(marker in html for marker in MARKERS.values()), kind
        assert MARKER_EMAIL not in html
        assert "Rosa has not shared a profile yet." in html
    own = clients["self"].get("/people/me/").content.decode()
    assert all(marker in own for marker in MARKERS.values())
    assert "Only you can see your profile" in own


@pytest.mark.django_db
def test_withdrawing_consent_to_be_contacted_hides_the_contact_field_only(viewers):
    rosa, clients = viewers
    fill_everything(rosa, levels=dict.fromkeys(PERSONAL_FIELDS, Visibility.EVERYONE))
    consent_withdraw(person=rosa, topic=ConsentTopic.CONTACT)
    html = clients["signed_in"].get(f"/people/{rosa.pk}/").content.decode()
    assert MARKERS["contact"] not in html and MARKER_EMAIL not in html
    assert MARKERS["about_me"] in html
    own = clients["self"].get("/people/me/").content.decode()
    assert MARKERS["contact"] in own
    assert MARKER_EMAIL not in own, "the address shows only while the person agrees to be contacted"
    assert "Nobody else sees this until you agree to be contacted." in own


@pytest.mark.django_db
def test_someone_who_never_agreed_shows_only_their_name(viewers):
    rosa, clients = viewers
    fill_everything(rosa, levels=dict.fromkeys(PERSONAL_FIELDS, Visibility.EVERYONE), consent=False)
    html = clients["facilitator"].get(f"/people/{rosa.pk}/").content.decode()
    assert '<h1 class="govuk-heading-xl">Rosa</h1>' in html
    assert "Rosa has not shared a profile yet." in html
    assert not any(marker in html for marker in MARKERS.values())


@pytest.mark.django_db
def test_someone_without_a_profile_yet(viewers):
    rosa, clients = viewers
    html = clients["signed_in"].get(f"/people/{rosa.pk}/").content.decode()
    assert "Rosa has not shared a profile yet." in html
    own = clients["self"].get("/people/me/").content.decode()
    assert 'href="/people/me/start/"' in own


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in(client, person):
    for url in ("/people/me/", f"/people/{person.pk}/", "/people/me/start/", "/people/me/start/1/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/sign-in/?next="), url


@pytest.mark.django_db
def test_closed_accounts_and_unknown_people_are_not_found(person, client_for):
    closed = PersonFactory(preferred_name="Gone", is_active=False)
    viewer = client_for(person)
    assert viewer.get(f"/people/{closed.pk}/").status_code == 404
    assert viewer.get("/people/999999/").status_code == 404


@pytest.mark.django_db
def test_script_in_about_me_is_shown_as_text(viewers):
    rosa, clients = viewers
    fill_everything(rosa, levels={"about_me": Visibility.EVERYONE})
    profile_update(
        actor=rosa,
        person=rosa,
        changes=ProfileChanges(fields={"about_me": "<script>alert('hi')</script> I love <b>jazz</b>"}),
    )
    html = clients["signed_in"].get(f"/people/{rosa.pk}/").content.decode()
    assert "<script>alert" not in html and "<b>jazz</b>" not in html
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; I love &lt;b&gt;jazz&lt;/b&gt;" in html


def _grow(rosa: Person, size: int) -> None:
    """Give Rosa `size` tags of each kind and `size` languages."""
    profile_update(
        actor=rosa,
        person=rosa,
        changes=ProfileChanges(
            languages=[language(f"Language {n}") for n in range(size)],
            tags={
                kind: TagChoice(tags=[approved_tag(f"{kind} tag {n}") for n in range(size)])
                for kind in ProfileTag.Kind.values
            },
        ),
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_profile_page_issues_the_same_queries_however_many_tags_and_languages(viewers):
    rosa, clients = viewers
    fill_everything(rosa, levels=dict.fromkeys(PERSONAL_FIELDS, Visibility.EVERYONE))
    url = f"/people/{rosa.pk}/"
    _grow(rosa, 2)
    for viewer in clients.values():
        viewer.get(url)  # the first page of a visit may touch the session; count the ones after
    small = {kind: _queries(clients[kind], url) for kind in clients}
    _grow(rosa, 30)
    large = {kind: _queries(clients[kind], url) for kind in clients}
    assert large == small
    html = clients["signed_in"].get(url).content.decode()
    assert "gift tag 29" in html and "Language 29" in html
