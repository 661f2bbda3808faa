import pytest


@pytest.mark.django_db
def test_navigation_shows_only_areas_the_reader_may_use(client, person, place_admin, client_for):
    visitor = client.get("/").content.decode()
    assert 'href="/organisations/"' in visitor
    assert 'href="/place/"' not in visitor
    assert "Sign in" in visitor

    assert 'href="/place/"' not in client_for(person).get("/").content.decode()
    admin = client_for(place_admin).get("/").content.decode()
    assert 'href="/place/"' in admin
    assert "Sign out" in admin


@pytest.mark.django_db
def test_current_area_is_marked_for_screen_readers(client):
    html = client.get("/organisations/").content.decode()
    assert 'href="/organisations/" aria-current="page"' in html
