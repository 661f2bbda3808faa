"""The demo place loads every demo person's profile, through the same matching people get, once."""

from __future__ import annotations

import pytest

from coproduce.demo.brackenfold import BRACKENFOLD
from coproduce.demo.services import DemoLoadCounts, demo_place_load
from coproduce.people.models import (
    Consent,
    ConsentTopic,
    Neighbourhood,
    Person,
    Profile,
    SearchEntry,
    Tag,
    Visibility,
)


@pytest.fixture
def demo(db: None) -> DemoLoadCounts:
    return demo_place_load()


@pytest.mark.django_db
def test_every_demo_person_has_their_profile_consents_and_search_entries(demo):
    assert demo.profiles_added == len(BRACKENFOLD.people)
    assert Profile.objects.count() == len(BRACKENFOLD.people)
    assert set(Neighbourhood.objects.values_list("name", flat=True)) == set(BRACKENFOLD.neighbourhoods)
    for topic in (ConsentTopic.VISIBLE_PROFILE, ConsentTopic.CONTACT):
        consents = Consent.objects.filter(topic=topic, withdrawn_at__isnull=True)
        assert consents.count() == len(BRACKENFOLD.people)
        assert set(consents.values_list("how", flat=True)) == {Consent.How.ONLINE}
    assert SearchEntry.objects.filter(person__isnull=False).values("person").distinct().count() == len(
        BRACKENFOLD.people
    )
    assert all(profile.journey_finished_at is not None for profile in Profile.objects.all())


@pytest.mark.django_db
def test_demo_profiles_match_the_data_file(demo):
    neil = Profile.objects.get(person__email="neil.sharma@brackenfold.example")
    gifts = set(neil.tags.filter(kind="gift").values_list("tag__name", flat=True))
    # "Cooking for a crowd" is another way of saying Cooking, so it is matched rather than added.
    assert "Cooking" in gifts and "Cooking for a crowd" not in gifts
    assert set(neil.languages.values_list("name", flat=True)) == {"English", "Punjabi", "Hindi"}

    fiona = Profile.objects.get(person__email="fiona.macleod@brackenfold.example")
    assert "Scottish Gaelic" in set(fiona.languages.values_list("name", flat=True))
    assert fiona.lived_experience_visibility == Visibility.FACILITATORS

    jay = Profile.objects.get(person__email="jay.morgan@brackenfold.example")
    assert jay.lived_experience_visibility == Visibility.EVERYONE
    assert jay.neighbourhood is not None and jay.neighbourhood.name == "Tanners Wharf"

    # Names the starter list did not have join it, approved, in the demo.
    assert Tag.objects.get(name="Zine making").status == Tag.Status.APPROVED
    assert not Tag.objects.exclude(status=Tag.Status.APPROVED).exists()


@pytest.mark.django_db
def test_a_demo_profile_someone_changed_is_left_alone(demo):
    priya = Person.objects.get(email="priya.raman@brackenfold.example")
    Profile.objects.filter(person=priya).update(about_me="Changed in the demo")
    counts = demo_place_load()
    assert not counts.changed and counts.profiles_added == 0
    assert Profile.objects.get(person=priya).about_me == "Changed in the demo"


@pytest.mark.django_db
def test_a_demo_profile_shows_on_its_page(demo, client_for):
    jay = Person.objects.get(email="jay.morgan@brackenfold.example")
    kwame = Person.objects.get(email="kwame.mensah@brackenfold.example")
    html = client_for(kwame).get(f"/people/{jay.pk}/").content.decode()
    assert "peer trainer at the Recovery College" in html
    assert "I hear voices" in html, "Jay shares lived experience with everyone"
    fiona = Person.objects.get(email="fiona.macleod@brackenfold.example")
    assert "two strokes" not in client_for(kwame).get(f"/people/{fiona.pk}/").content.decode()
