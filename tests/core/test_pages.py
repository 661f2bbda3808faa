import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accessibility/", "/privacy/", "/organisations/", "/settings/", "/sign-in/"])
def test_public_pages_render_for_visitors(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b'class="govuk-skip-link"' in response.content


@pytest.mark.django_db
def test_unknown_url_gets_the_404_page_in_the_house_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-generic-header" in response.content


@pytest.mark.django_db
def test_visitor_is_sent_to_sign_in_for_admin_pages(client):
    response = client.get("/place/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/place/")


@pytest.mark.django_db
def test_favicon_ico_points_at_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("coproduce/favicon.svg")


@pytest.mark.django_db
def test_only_the_most_specific_area_is_current(client_for, person):
    html = client_for(person).get("/people/me/").content.decode()
    assert html.count('aria-current="page"') == 1
    assert 'href="/people/me/" aria-current="page"' in html
