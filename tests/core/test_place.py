import pytest

from coproduce.core.models import AuditEntry, Place


@pytest.mark.django_db
def test_place_admin_renames_the_place_and_it_shows_in_the_header(place_admin, client_for):
    client = client_for(place_admin)
    response = client.post(
        "/place/details/", {"name": "Brackenfold", "description": "A borough.", "contact_email": "hello@example.org"}
    )
    assert response.status_code == 302
    assert Place.objects.get().name == "Brackenfold"
    assert AuditEntry.objects.filter(action="place.update", actor=place_admin).exists()
    assert b"Brackenfold</a>" in client.get("/").content


@pytest.mark.django_db
def test_bad_place_details_keep_what_was_typed(place_admin, client_for):
    response = client_for(place_admin).post(
        "/place/details/", {"name": "", "description": "Kept words", "contact_email": "not-an-email"}
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Kept words" in response.content
    assert b'value="not-an-email"' in response.content
    assert response.content.count(b"govuk-error-message") == 2


@pytest.mark.django_db
def test_over_long_place_name_is_refused_plainly(place_admin, client_for):
    response = client_for(place_admin).post(
        "/place/details/", {"name": "x" * 500, "description": "", "contact_email": ""}
    )
    assert response.status_code == 200
    assert b"Ensure this value has at most 120 characters" in response.content


@pytest.mark.django_db
def test_only_place_admins_change_the_place(person, org_admin, client_for):
    for someone in (person, org_admin):
        assert client_for(someone).post("/place/details/", {"name": "Mine"}).status_code == 403
    assert not Place.objects.filter(name="Mine").exists()
