import pytest
from django.test import Client


@pytest.mark.django_db
def test_csrf_failure_page_is_in_the_house_style():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/settings/", {"language": "en-gb"})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    assert b"govuk-generic-header" in response.content


@pytest.mark.django_db
def test_403_page_is_in_the_house_style(person, client_for):
    response = client_for(person).get("/place/")
    assert response.status_code == 403
    assert b"You cannot see this page" in response.content


def test_500_page_renders_without_the_database(rf):
    from coproduce.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/organisations/%00/", "/organisations/" + "a" * 3000 + "/", "/place/audit-log/?page=zz"]
)
def test_malformed_urls_never_give_500(url, client, place_admin, client_for):
    assert client.get(url).status_code < 500
    assert client_for(place_admin).get(url).status_code < 500
