"""Community assets: services, permissions and pages."""

from __future__ import annotations

import pytest

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.people.models import CommunityAsset
from coproduce.people.selectors.search import who_can_help
from coproduce.people.services.assets import AssetError, community_asset_create, community_asset_update
from coproduce.people.visibility import viewer_scope
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.people.search_helpers import asset, neighbourhood, tag

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return [r.name for r in who_can_help(scope=viewer_scope(PersonFactory()), text=text).results]


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Fold Green Repair Café",
        "kind": "group",
        "offers": "Bring something broken and we will fix it with you.",
        "tag_names": "Upcycling, DIY",
        "when": "Last Saturday of the month, 10am to 1pm",
        "where": "Fold Green Community Centre",
        "neighbourhood": "",
        "access": "Step-free entrance.",
        "contact": "repair@example.org",
        "organisation": "",
    }
    data.update(overrides)
    return data


# --- Services ---------------------------------------------------------------------------------------------------


def test_creating_an_asset_audits_it_and_makes_it_findable_at_once(facilitator):
    garden = community_asset_create(
        actor=facilitator,
        name="Hollybank Community Garden",
        kind=CommunityAsset.Kind.PLACE,
        offers="Raised beds, tools and tea. Come and grow food with us.",
        tags=[tag("Gardening")],
        neighbourhood=neighbourhood("Hollybank"),
    )
    assert garden.added_by == facilitator
    entry = AuditEntry.objects.get(action="community_asset.create")
    assert entry.actor == facilitator and entry.target_id == str(garden.pk)
    assert entry.detail == {"tags": ["Gardening"]}
    assert found("gardening") == ["Hollybank Community Garden"]
    assert found("tea") == ["Hollybank Community Garden"]


def test_only_tags_from_the_shared_list_attach(facilitator):
    with pytest.raises(AssetError, match="Jam making"):
        community_asset_create(
            actor=facilitator,
            name="Jam club",
            kind=CommunityAsset.Kind.CLUB,
            offers="Jam.",
            tags=[tag("Jam making", status="pending")],
        )
    assert not CommunityAsset.objects.exists()


def test_changing_an_asset_reindexes_and_audits_what_changed(facilitator):
    club = asset("Lunch club", offers="Soup on Tuesdays.", tags=["Cooking"])
    community_asset_update(
        actor=facilitator,
        asset=club,
        name="Lunch club",
        kind=CommunityAsset.Kind.GROUP,
        offers="Stew on Wednesdays.",
        tags=[tag("Gardening")],
    )
    assert found("soup") == [] and found("stew") == ["Lunch club"]
    assert found("cooking") == [] and found("gardening") == ["Lunch club"]
    entry = AuditEntry.objects.get(action="community_asset.update")
    assert entry.detail["changed"] == ["offers", "tags"]


def test_saving_without_changes_writes_nothing(facilitator):
    club = asset("Lunch club", offers="Soup.", tags=["Cooking"])
    community_asset_update(
        actor=facilitator, asset=club, name="Lunch club", kind="group", offers="Soup.", tags=[tag("Cooking")]
    )
    assert not AuditEntry.objects.filter(action="community_asset.update").exists()


# --- Who may do what --------------------------------------------------------------------------------------------


def test_anyone_may_read_the_list_and_a_page_even_visitors(client):
    club = asset("Knit and natter", offers="<b>Wool</b> and tea", tags=["Knitting"], when="Thursdays")
    html = client.get("/people/assets/").content.decode()
    assert "Knit and natter" in html and "Thursdays" in html
    assert "Add a community group or place" not in html
    html = client.get(f"/people/assets/{club.pk}/").content.decode()
    assert "&lt;b&gt;Wool&lt;/b&gt; and tea" in html
    assert "Knitting" in html
    assert "Change these details" not in html
    assert client.get("/people/assets/999999/").status_code == 404


def test_visitors_are_sent_to_sign_in_to_add(client):
    response = client.get("/people/assets/add/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_members_may_not_add_or_change(client_for, person):
    club = asset("Lunch club")
    client = client_for(person)
    assert client.get("/people/assets/add/").status_code == 403
    assert client.post("/people/assets/add/", _form()).status_code == 403
    assert client.get(f"/people/assets/{club.pk}/edit/").status_code == 403
    assert client.post(f"/people/assets/{club.pk}/edit/", _form()).status_code == 403
    assert CommunityAsset.objects.count() == 1


@pytest.mark.parametrize("who", ["facilitator", "org_admin", "place_admin"])
def test_facilitators_and_admins_may_add(who, request, client_for):
    actor = request.getfixturevalue(who)
    client = client_for(actor)
    response = client.post("/people/assets/add/", _form())
    assert response.status_code == 302
    created = CommunityAsset.objects.get()
    assert response["Location"] == f"/people/assets/{created.pk}/"
    assert sorted(t.name for t in created.tags.all()) == ["DIY", "Upcycling"]
    assert found("repair") == ["Fold Green Repair Café"]


def test_an_organisations_asset_is_changed_by_its_own_facilitators_or_whoever_added_it(
    client_for, facilitator, organisation
):
    theirs = OrganisationFactory(name="Other Trust")
    other_facilitator = MembershipFactory(organisation=theirs, role=Role.FACILITATOR).person
    ours = asset("Our club", organisation=organisation)
    unowned = asset("Everyone's club")
    added_by_other = asset("Their club", organisation=organisation, added_by=other_facilitator)
    client = client_for(other_facilitator)
    assert client.get(f"/people/assets/{ours.pk}/edit/").status_code == 403
    assert client.get(f"/people/assets/{unowned.pk}/edit/").status_code == 200
    assert client.get(f"/people/assets/{added_by_other.pk}/edit/").status_code == 200
    assert client_for(facilitator).get(f"/people/assets/{ours.pk}/edit/").status_code == 200


def test_the_organisation_list_offers_only_ones_the_person_facilitates(client_for, facilitator, organisation):
    OrganisationFactory(name="Somebody Else's Charity")
    html = client_for(facilitator).get("/people/assets/add/").content.decode()
    assert organisation.name in html and "Somebody Else" not in html
    other = OrganisationFactory(name="Other Trust")
    response = client_for(facilitator).post("/people/assets/add/", _form(organisation=other.pk))
    assert response.status_code == 200 and not CommunityAsset.objects.exists()
    assert "Choose an organisation from the list" in response.content.decode()
    response = client_for(facilitator).post("/people/assets/add/", _form(neighbourhood="999", kind="castle"))
    assert "Choose a neighbourhood from the list." in response.content.decode()
    assert "Choose what kind of thing it is." in response.content.decode()


# --- The form -----------------------------------------------------------------------------------------------------


def test_unknown_tags_are_reported_plainly_and_everything_typed_is_kept(client_for, facilitator):
    response = client_for(facilitator).post(
        "/people/assets/add/", _form(tag_names="Cooking, Underwater welding, Jam making")
    )
    html = response.content.decode()
    assert response.status_code == 200 and not CommunityAsset.objects.exists()
    assert "These are not in the shared list: ‘Underwater welding’, ‘Jam making’" in html
    assert "Cooking, Underwater welding, Jam making" in html
    assert "Bring something broken and we will fix it with you." in html
    assert "Last Saturday of the month" in html


def test_over_long_and_missing_fields_get_clear_messages(client_for, facilitator):
    response = client_for(facilitator).post("/people/assets/add/", _form(name="x" * 151, offers=""))
    html = response.content.decode()
    assert "Name can be up to 150 characters. It has 151" in html
    assert "Say what it offers, in a sentence or two." in html
    assert "x" * 151 in html
    assert "maxlength" not in html


def test_markup_is_stored_as_typed_and_shown_escaped(client_for, facilitator):
    client = client_for(facilitator)
    client.post("/people/assets/add/", _form(name="<script>alert(1)</script> club", tag_names=""))
    created = CommunityAsset.objects.get()
    assert created.name == "<script>alert(1)</script> club"
    html = client.get(f"/people/assets/{created.pk}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; club" in html


def test_editing_shows_the_saved_tags_and_keeps_the_saved_name_in_the_heading(client_for, facilitator):
    club = asset("Lunch club", tags=["Cooking", "Baking"])
    client = client_for(facilitator)
    html = client.get(f"/people/assets/{club.pk}/edit/").content.decode()
    assert 'value="Baking, Cooking"' in html
    html = client.post(f"/people/assets/{club.pk}/edit/", _form(name="", kind="group")).content.decode()
    assert "Change Lunch club" in html
    response = client.post(f"/people/assets/{club.pk}/edit/", _form(name="Lunch and chat", tag_names="Cooking"))
    assert response.status_code == 302
    club.refresh_from_db()
    assert club.name == "Lunch and chat" and [t.name for t in club.tags.all()] == ["Cooking"]


def test_the_list_issues_the_same_number_of_queries_however_many_assets(client, django_assert_max_num_queries):
    for n in range(3):
        asset(f"Group {n}", tags=["Cooking"], hood="Millbrook")
    client.get("/people/assets/")
    with django_assert_max_num_queries(8) as small:
        client.get("/people/assets/")
    for n in range(3, 60):
        asset(f"Group {n}", tags=["Cooking"], hood="Millbrook")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Page 1 of 2" in client.get("/people/assets/").content.decode()
