import pytest

from coproduce.people.models import Person


@pytest.mark.django_db
def test_visitor_switches_on_larger_text_for_their_visit(client):
    response = client.post("/settings/", {"larger_text": "on", "language": "en-gb"}, follow=True)
    assert response.status_code == 200
    assert b'class="govuk-template cp-larger-text"' in client.get("/").content


@pytest.mark.django_db
def test_signed_in_person_preferences_are_stored_on_them(person, client_for):
    client = client_for(person)
    client.post("/settings/", {"easy_read": "on", "reduced_motion": "on", "language": "en-gb"})
    person.refresh_from_db()
    assert person.easy_read and person.reduced_motion and not person.larger_text
    html = client.get("/").content.decode()
    assert "cp-easy-read" in html and "cp-reduced-motion" in html


@pytest.mark.django_db
def test_easy_read_changes_the_words_not_just_the_look(client):
    standard = client.get("/").content.decode()
    client.post("/settings/", {"easy_read": "on", "language": "en-gb"})
    easy = client.get("/").content.decode()
    assert "Everyone has something to give." in easy
    assert "Everyone has something to give." not in standard


@pytest.mark.django_db
def test_unknown_language_is_refused_and_other_choices_kept(client):
    response = client.post("/settings/", {"larger_text": "on", "language": "xx"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert b'id="id_larger_text" name="larger_text" type="checkbox" value="on" checked' in response.content


@pytest.mark.django_db
def test_next_must_stay_on_this_site(client):
    response = client.post("/settings/", {"language": "en-gb", "next": "https://evil.example/"})
    assert response["Location"] == "/settings/"


@pytest.mark.django_db
def test_person_needs_an_email_or_a_phone():
    from django.db import IntegrityError

    Person.objects.create_user(email=None, phone="07700 900123", preferred_name="Phone only")
    with pytest.raises(IntegrityError):
        Person.objects.create_user(email=None, phone="", preferred_name="Neither")
