"""The demo place's stories: enough, varied, about its services, gathered with consent, and loaded once."""

from __future__ import annotations

import pytest
from django.db.models import Count

from coproduce.demo.services import demo_place_load
from coproduce.demo.stories import STORIES
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.stories.models import IdentifyingDetail, Story, Theme
from coproduce.stories.rules import is_story_gatherer

pytestmark = pytest.mark.django_db


def test_the_demo_tells_stories_once():
    demo_place_load()
    assert Story.objects.count() == len(STORIES)
    published = Story.objects.filter(status=Story.Status.PUBLISHED)
    assert 45 <= published.count() <= 60
    assert Story.objects.filter(status=Story.Status.DRAFT).count() >= 2
    assert Story.objects.filter(status=Story.Status.WAITING).count() == 1
    assert set(published.values_list("reach", flat=True)) == set(Story.Reach.values)
    assert set(published.values_list("identity", flat=True)) == set(Story.Identity.values)
    assert not published.annotate(n=Count("services")).filter(n=0).exists()
    # Themes recur: several are on five stories or more, for the themes page to find.
    recurring = Theme.objects.annotate(n=Count("stories")).filter(n__gte=5)
    assert recurring.count() >= 6

    amira = Person.objects.get(email="amira.haddad@brackenfold.example")
    assert amira.memberships.filter(role=Role.STORY_GATHERER).exists() and is_story_gatherer(amira)
    gathered = Story.objects.filter(gathered_by=amira)
    assert gathered.filter(status=Story.Status.PUBLISHED).count() >= 5
    assert not gathered.filter(teller_consent_at__isnull=True).exists()
    assert gathered.filter(teller__isnull=True).exclude(teller_name="").exists()
    again = demo_place_load()
    assert again.stories_added == 0 and Story.objects.count() == len(STORIES)


def test_the_waiting_story_has_its_phone_number_found_for_the_moderator():
    demo_place_load()
    waiting = Story.objects.get(status=Story.Status.WAITING)
    assert "07700 900123" in waiting.body
    found = IdentifyingDetail.objects.filter(story=waiting)
    assert found.filter(kind=IdentifyingDetail.Kind.PHONE).exists()
