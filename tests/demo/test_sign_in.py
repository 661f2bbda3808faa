from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.organisations.models import Role
from coproduce.people.models import Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory


def _sign_in_url(person: Person) -> str:
    return reverse("demo:sign-in-as", args=[person.pk])


@pytest.fixture
def demo_mode(settings):
    settings.COPRODUCE_DEMO_MODE = True
    return settings


@pytest.mark.django_db
def test_demo_sign_in_signs_in_as_that_person(client, demo, demo_mode):
    ron = Person.objects.get(email="ron.ellis@brackenfold.example")

    response = client.post(_sign_in_url(ron))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    home = client.get(response["Location"])
    assert home.wsgi_request.user == ron
    assert "You are signed in as Ron Ellis." in home.content.decode()


@pytest.mark.django_db
def test_demo_sign_in_is_not_there_when_demo_mode_is_off(client, demo, settings):
    settings.COPRODUCE_DEMO_MODE = False
    ron = Person.objects.get(email="ron.ellis@brackenfold.example")

    response = client.post(_sign_in_url(ron))

    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_demo_sign_in_refuses_real_and_closed_accounts(client, demo_mode):
    real = PersonFactory(is_demo=False)
    closed = PersonFactory(is_demo=True, is_active=False)

    assert client.post(_sign_in_url(real)).status_code == 404
    assert client.post(_sign_in_url(closed)).status_code == 404
    assert client.post(reverse("demo:sign-in-as", args=[999_999])).status_code == 404
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_demo_sign_in_only_accepts_a_post(client, demo, demo_mode):
    ron = Person.objects.get(email="ron.ellis@brackenfold.example")
    assert client.get(_sign_in_url(ron)).status_code == 405


@pytest.mark.django_db
def test_org_admin_signed_in_by_the_demo_button_is_not_asked_for_a_code(client, demo, demo_mode):
    marcus = Person.objects.get(email="marcus.bell@brackenfold.example")
    assert marcus.memberships.filter(role=Role.ORG_ADMIN).exists()

    client.post(_sign_in_url(marcus))
    response = client.get("/organisations/")

    assert response.status_code == 200
    assert response.wsgi_request.user == marcus
    assert response.wsgi_request.user.is_verified()


@pytest.mark.django_db
def test_the_same_org_admin_signed_in_without_the_demo_button_is_asked_for_a_code(demo, demo_mode, client_for):
    # The control for the test above: it is the demo button that spares the code, not a gap in the rule.
    marcus = Person.objects.get(email="marcus.bell@brackenfold.example")

    response = client_for(marcus, verified=False).get("/organisations/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))


@pytest.mark.django_db
def test_sign_in_page_lists_demo_people_only_in_demo_mode(client, demo, settings):
    settings.COPRODUCE_DEMO_MODE = False
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert "cp-demo-people" not in page
    assert "Sign in as Priya Raman" not in page

    settings.COPRODUCE_DEMO_MODE = True
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'class="cp-demo-people"' in page
    assert page.count('class="govuk-button govuk-button--secondary"') == demo.people
    # The place admin first, then the facilitators, then everyone else by name.
    assert page.index("Sign in as Priya Raman") < page.index("Sign in as Jay Morgan")
    assert page.index("Sign in as Neil Sharma") < page.index("Sign in as Aisha Siddiqui")
    assert page.index("Sign in as Aisha Siddiqui") < page.index("Sign in as Zainab Hussain")
    assert "Carer or family, Millbrook Carers’ Centre · Member, Fold Green Knit and Natter" in page
    assert "Councillor for Tanners Wharf, Brackenfold Borough Council" in page


def _add_demo_people(count: int) -> None:
    organisation = OrganisationFactory()
    service = ServiceFactory(organisation=organisation)
    for _ in range(count):
        person = PersonFactory(is_demo=True)
        MembershipFactory(person=person, organisation=organisation, service=service, role=Role.USES_SERVICE)
        MembershipFactory(person=person, organisation=OrganisationFactory(), role=Role.VOLUNTEER)


@pytest.mark.django_db
def test_sign_in_page_queries_do_not_grow_with_the_number_of_demo_people(
    client, demo_mode, django_assert_max_num_queries
):
    url = reverse("accounts:sign-in")
    _add_demo_people(2)
    client.get(url)  # warm caches such as content types, so both measurements see the same page
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    _add_demo_people(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Sign in as ") >= 22
