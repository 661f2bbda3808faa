import pytest

from coproduce.organisations.models import Membership, Organisation, Role, Service
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory


@pytest.mark.django_db
def test_anyone_sees_organisations_and_services(client, organisation):
    ServiceFactory(organisation=organisation, name="Tuesday Drop-in")
    listing = client.get("/organisations/")
    assert b"Millbrook Carers" in listing.content
    detail = client.get(f"/organisations/{organisation.slug}/")
    assert b"Tuesday Drop-in" in detail.content
    assert b"People and their roles" not in detail.content  # visitors don't see who is a member


@pytest.mark.django_db
def test_signed_in_people_see_who_holds_roles(person, organisation, client_for):
    MembershipFactory(organisation=organisation, role=Role.CARER, person__preferred_name="Grace")
    detail = client_for(person).get(f"/organisations/{organisation.slug}/")
    assert b"Grace" in detail.content and b"Carer or family" in detail.content


@pytest.mark.django_db
def test_place_admin_adds_an_organisation(place_admin, client_for):
    response = client_for(place_admin).post(
        "/organisations/new/", {"name": "Hollybank Garden", "kind": "community_group", "description": "", "website": ""}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Hollybank Garden").exists()


@pytest.mark.django_db
def test_bad_organisation_form_keeps_what_was_typed(place_admin, client_for):
    response = client_for(place_admin).post(
        "/organisations/new/", {"name": "Half typed", "kind": "", "description": "Our words", "website": "not a url"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'value="Half typed"' in html and "Our words" in html and 'value="not a url"' in html
    assert 'href="#id_kind_0"' in html  # the summary links to the first radio button


@pytest.mark.django_db
def test_who_may_add_organisations(client, person, org_admin, client_for):
    data = {"name": "Sneaky", "kind": "charity"}
    assert client.post("/organisations/new/", data).status_code == 302  # to sign in
    assert client_for(person).post("/organisations/new/", data).status_code == 403
    assert client_for(org_admin).post("/organisations/new/", data).status_code == 403
    assert not Organisation.objects.filter(name="Sneaky").exists()


@pytest.mark.django_db
def test_org_admin_edits_own_organisation_but_not_another(org_admin, organisation, client_for):
    other = MembershipFactory(role=Role.MEMBER).organisation
    client = client_for(org_admin)
    data = {"name": "Millbrook Carers Centre", "kind": "charity", "description": "New", "website": ""}
    assert client.post(f"/organisations/{organisation.slug}/edit/", data).status_code == 302
    assert client.post(f"/organisations/{other.slug}/edit/", data).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Millbrook Carers Centre"


@pytest.mark.django_db
def test_org_admin_adds_a_service_and_a_duplicate_name_is_refused(org_admin, organisation, client_for):
    client = client_for(org_admin)
    url = f"/organisations/{organisation.slug}/services/new/"
    assert client.post(url, {"name": "Carers' café", "description": "Fridays"}).status_code == 302
    again = client.post(url, {"name": "carers' café", "description": "Kept"})
    assert again.status_code == 200
    assert b"already has a service with that name" in again.content and b"Kept" in again.content
    assert Service.objects.filter(organisation=organisation).count() == 1


@pytest.mark.django_db
def test_staff_and_facilitators_cannot_add_services(organisation, facilitator, client_for):
    response = client_for(facilitator).post(f"/organisations/{organisation.slug}/services/new/", {"name": "X"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_org_admin_gives_and_removes_a_role(org_admin, organisation, client_for):
    newcomer = PersonFactory(preferred_name="Tomasz", email="tomasz@example.org")
    client = client_for(org_admin)
    url = f"/organisations/{organisation.slug}/members/"
    response = client.post(url, {"email": "TOMASZ@example.org", "role": "volunteer", "title": "Gardener"})
    assert response.status_code == 302
    membership = Membership.objects.get(person=newcomer)
    assert membership.role_label == "Gardener"
    assert client.post(f"{url}{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_unknown_email_in_add_role_is_explained_and_kept(org_admin, organisation, client_for):
    response = client_for(org_admin).post(
        f"/organisations/{organisation.slug}/members/",
        {"email": "nobody@example.org", "role": "staff", "title": "Cook"},
    )
    html = response.content.decode()
    assert "Invite them instead" in html
    assert 'value="nobody@example.org"' in html and 'value="Cook"' in html
    assert 'value="staff" checked' in html


@pytest.mark.django_db
def test_members_page_is_only_for_admins(organisation, facilitator, person, client_for):
    for someone in (facilitator, person):
        assert client_for(someone).get(f"/organisations/{organisation.slug}/members/").status_code == 403


@pytest.mark.django_db
def test_removing_a_role_in_another_organisation_is_refused(org_admin, client_for):
    foreign = MembershipFactory(role=Role.STAFF)
    url = f"/organisations/{foreign.organisation.slug}/members/{foreign.pk}/remove/"
    assert client_for(org_admin).post(url).status_code == 403
    assert Membership.objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db
def test_organisation_list_queries_do_not_grow(client, django_assert_max_num_queries):
    for _ in range(3):
        MembershipFactory()
    client.get("/organisations/")
    with django_assert_max_num_queries(8) as few:
        client.get("/organisations/")
    for _ in range(20):
        MembershipFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/organisations/")
