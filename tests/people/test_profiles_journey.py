"""The guided first-time journey, the edit pages afterwards, and what happens to bad input."""

from __future__ import annotations

import pytest

from coproduce.core.models import AuditEntry
from coproduce.people.models import (
    Consent,
    ConsentTopic,
    ConsentWording,
    Profile,
    ProfileTag,
    Visibility,
)
from coproduce.people.services.consent import consent_live
from coproduce.people.visibility import PERSONAL_FIELDS
from tests.people.profiles_helpers import language, neighbourhood

WHO_SEES_ALL_EVERYONE = {f"{key}_visibility": Visibility.EVERYONE for key in PERSONAL_FIELDS}


@pytest.fixture
def rosa(person, client_for):
    return person, client_for(person)


def _profile(person) -> Profile:
    return Profile.objects.get(person=person)


@pytest.mark.django_db
def test_the_whole_journey_in_five_steps(rosa):
    person, client = rosa
    millbrook = neighbourhood("Millbrook")
    welsh = language("Welsh")

    start = client.get("/people/me/start/").content.decode()
    assert 'href="/people/me/start/1/"' in start and "Carry on where you left off" not in start

    steps = {
        1: {"about_me": "I grow tomatoes and tell terrible jokes.", "lived_experience": "I care for my mum."},
        2: {"gifts": "cook, listening", "passions": "Gardening"},
        3: {"learning": "baking", "languages": [welsh.pk], "neighbourhood": millbrook.pk, "usually_free": "Mornings"},
        4: {
            "contact_ways": ["email", "text"],
            "contact_notes": "Text first, please.",
            "contact_consent": "on",
            "contact_consent_version": "1",
            "support_needs": ["step_free", "quiet_space"],
            "support_notes": "I get tired after an hour.",
        },
        5: {**WHO_SEES_ALL_EVERYONE, "visible_profile_consent": "on", "visible_profile_consent_version": "1"},
    }
    for number, data in steps.items():
        response = client.post(f"/people/me/start/{number}/", {**data, "action": "continue"})
        expected = f"/people/me/start/{number + 1}/" if number < 5 else "/people/me/"
        assert response.status_code == 302, response.content.decode()[:3000]
        assert response["Location"] == expected
        assert _profile(person).journey_step == number

    profile = _profile(person)
    assert profile.journey_finished_at is not None
    assert profile.about_me.startswith("I grow tomatoes")
    assert profile.neighbourhood == millbrook and list(profile.languages.all()) == [welsh]
    assert profile.contact_ways == ["email", "text"] and profile.support_needs == ["step_free", "quiet_space"]
    held = {(pt.kind, pt.tag.name) for pt in ProfileTag.objects.filter(profile=profile).select_related("tag")}
    assert held == {
        ("gift", "Cooking"),
        ("gift", "Listening"),
        ("passion", "Gardening"),
        ("learn", "Baking"),
    }
    assert consent_live(person, ConsentTopic.CONTACT).how == Consent.How.ONLINE
    assert consent_live(person, ConsentTopic.VISIBLE_PROFILE).recorded_by is None
    # Each save is audited as the person's own, and says which parts changed, never what they say.
    entries = AuditEntry.objects.filter(action="profile.update", actor=person)
    assert entries.count() == 5
    assert all("tomatoes" not in str(entry.detail) for entry in entries)

    page = client.get("/people/me/").content.decode()
    assert "Carry on where you left off" not in page and "Cooking" in page


@pytest.mark.django_db
def test_save_and_come_back_later_keeps_the_answers_and_the_place(rosa):
    person, client = rosa
    client.post("/people/me/start/1/", {"about_me": "Hello", "lived_experience": "", "action": "continue"})
    response = client.post("/people/me/start/2/", {"gifts": "Knitting", "passions": "", "action": "later"})

    assert response["Location"] == "/people/me/start/"
    profile = _profile(person)
    assert profile.journey_step == 1, "step 2 was saved but not finished"
    assert profile.tags.get().tag.name == "Knitting"
    start = client.get("/people/me/start/").content.decode()
    assert "Carry on where you left off" in start and 'href="/people/me/start/2/"' in start
    own = client.get("/people/me/").content.decode()
    assert 'href="/people/me/start/2/"' in own
    # Coming back, the step shows what was saved.
    assert 'value="Knitting"' in client.get("/people/me/start/2/").content.decode()


@pytest.mark.django_db
def test_looking_at_an_earlier_step_again_does_not_lose_the_place(rosa):
    person, client = rosa
    for number, data in ((1, {"about_me": "Hi"}), (2, {"gifts": "", "passions": ""}), (3, {})):
        client.post(f"/people/me/start/{number}/", {**data, "action": "continue"})
    client.post("/people/me/start/1/", {"about_me": "Hi again", "action": "later"})
    assert _profile(person).journey_step == 3


@pytest.mark.django_db
def test_steps_out_of_range_and_unknown_sections_are_not_found(rosa):
    _person, client = rosa
    for url in ("/people/me/start/0/", "/people/me/start/6/", "/people/me/edit/nothing/"):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_edit_pages_save_one_section_and_go_back_to_the_profile(rosa):
    person, client = rosa
    response = client.post("/people/me/edit/about/", {"about_me": "Changed my mind", "action": "continue"})
    assert response["Location"] == "/people/me/"
    assert _profile(person).about_me == "Changed my mind"
    assert _profile(person).journey_step == 0, "editing is not the journey"
    html = client.get("/people/me/edit/about/").content.decode()
    assert "Save and come back later" not in html and ">Save</button>" in html


@pytest.mark.django_db
def test_over_long_about_me_keeps_the_text_and_says_the_limit(rosa):
    person, client = rosa
    text = "Once upon a time " + "x" * 5000
    response = client.post(
        "/people/me/start/1/", {"about_me": text, "lived_experience": "Kept too", "action": "continue"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f"can be up to 5000 characters. It has {len(text)}" in html
    assert text in html and "Kept too" in html
    assert 'maxlength="5000"' not in html, "the browser must not cut a paste short"
    assert not Profile.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_an_unknown_neighbourhood_is_refused_plainly_and_nothing_typed_is_lost(rosa):
    person, client = rosa
    response = client.post(
        "/people/me/start/3/",
        {"learning": "", "neighbourhood": "999999", "usually_free": "Saturday afternoons", "action": "continue"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a neighbourhood from the list." in html
    assert "Saturday afternoons" in html
    assert not Profile.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_nonsense_choices_are_refused(rosa):
    person, client = rosa
    response = client.post("/people/me/start/4/", {"contact_ways": ["carrier pigeon"], "action": "continue"})
    assert "Choose ways to contact you from the list." in response.content.decode()
    bad_levels = {**WHO_SEES_ALL_EVERYONE, "support_visibility": "the whole internet"}
    response = client.post("/people/me/start/5/", {**bad_levels, "action": "continue"})
    assert "Choose who can see this from the list." in response.content.decode()
    assert not Profile.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_who_sees_what_starts_with_lived_experience_and_support_as_only_me(rosa):
    _person, client = rosa
    html = client.get("/people/me/start/5/").content.decode()
    for key in PERSONAL_FIELDS:
        assert f'name="{key}_visibility"' in html
    assert (
        'id="id_lived_experience_visibility_0" name="lived_experience_visibility" type="radio" value="only_me" checked'
        in html
    )
    assert 'id="id_support_visibility_0" name="support_visibility" type="radio" value="only_me" checked' in html
    assert 'id="id_gifts_visibility_3" name="gifts_visibility" type="radio" value="everyone" checked' in html
    assert html.count("<fieldset") == len(PERSONAL_FIELDS) + 1


@pytest.mark.django_db
def test_the_consent_shows_its_exact_words_and_easy_read_words_for_easy_read(rosa):
    person, client = rosa
    wording = ConsentWording.objects.get(topic=ConsentTopic.VISIBLE_PROFILE, version=1)
    standard = client.get("/people/me/start/5/").content.decode()
    assert wording.text.replace("“", "&ldquo;") in standard or wording.text in standard
    assert wording.easy_read_text not in standard
    person.easy_read = True
    person.save()
    easy = client.get("/people/me/start/5/").content.decode()
    assert wording.easy_read_text in easy


@pytest.mark.django_db
def test_consent_is_refused_if_the_words_changed_while_the_page_was_open(rosa):
    person, client = rosa
    ConsentWording.objects.create(topic=ConsentTopic.VISIBLE_PROFILE, version=2, text="New words", easy_read_text="")
    response = client.post(
        "/people/me/start/5/",
        {**WHO_SEES_ALL_EVERYONE, "visible_profile_consent": "on", "visible_profile_consent_version": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed while the page was open" in html and "New words" in html
    assert consent_live(person, ConsentTopic.VISIBLE_PROFILE) is None
    assert not Profile.objects.filter(person=person).exists(), "nothing is half-written"


@pytest.mark.django_db
def test_unticking_a_consent_withdraws_it(rosa):
    person, client = rosa
    client.post("/people/me/edit/who-sees/", {**WHO_SEES_ALL_EVERYONE, "visible_profile_consent": "on"})
    assert consent_live(person, ConsentTopic.VISIBLE_PROFILE) is not None
    html = client.get("/people/me/edit/who-sees/").content.decode()
    assert 'name="visible_profile_consent" type="checkbox" value="on" checked' in html
    client.post("/people/me/edit/who-sees/", WHO_SEES_ALL_EVERYONE)
    assert consent_live(person, ConsentTopic.VISIBLE_PROFILE) is None
    assert Consent.objects.filter(person=person, withdrawn_at__isnull=False).count() == 1


STEP_QUESTIONS = {
    1: ("About you, in your own words", "Tell us about you"),
    2: ("Gifts and skills you could offer", "Things you are good at"),
    3: ("When you are usually free", "When you have time"),
    4: ("Support you need to take part", "What help do you need to join in?"),
    5: ("Who can see your neighbourhood?", "Who can see where you live?"),
}


@pytest.mark.parametrize("number", list(STEP_QUESTIONS))
@pytest.mark.django_db
def test_every_step_has_easy_read_words(rosa, number):
    person, client = rosa
    standard_words, easy_words = STEP_QUESTIONS[number]
    standard = client.get(f"/people/me/start/{number}/").content.decode()
    person.easy_read = True
    person.save()
    easy = client.get(f"/people/me/start/{number}/").content.decode()
    assert standard_words in standard and standard_words not in easy
    assert easy_words in easy and easy_words not in standard


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
@pytest.mark.django_db
def test_every_question_has_a_label_and_the_page_has_one_of_each_id(rosa, number):
    import re

    _person, client = rosa
    html = client.get(f"/people/me/start/{number}/").content.decode()
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    for input_id in re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id
    assert "Save and continue" in html or "Save and finish" in html
    assert "Save and come back later" in html


@pytest.mark.django_db
def test_my_profile_is_in_the_header_for_people_who_have_signed_in(client, rosa):
    _person, signed_in = rosa
    assert 'href="/people/me/"' in signed_in.get("/").content.decode()
    assert ">My profile<" in signed_in.get("/").content.decode()
    assert ">My profile<" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_step_with_the_lists_issues_the_same_queries_however_long_the_lists(rosa):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _person, client = rosa
    client.get("/people/me/start/3/")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/people/me/start/3/").status_code == 200
        return len(captured)

    small = count()
    for n in range(40):
        language(f"Language {n}")
        neighbourhood(f"Neighbourhood {n}")
    assert count() == small
