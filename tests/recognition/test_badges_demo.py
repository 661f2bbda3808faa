"""Brackenfold's demo badges: loaded once, with pictures that pass the same checks as uploads, two held and shown,
one nomination waiting, and a suggestion for the facilitators."""

from __future__ import annotations

import pytest

from coproduce.demo.recognition import AWARDS, BADGES, NOMINATIONS
from coproduce.demo.services import demo_place_load
from coproduce.recognition.models import Award, Badge, Nomination
from coproduce.recognition.selectors.badges import badge_holders_shown
from coproduce.recognition.selectors.suggestions import badge_suggestions
from coproduce.recognition.services.badges import badge_image_checked

pytestmark = pytest.mark.django_db


def test_the_demo_badges_load_once_and_are_in_use():
    first = demo_place_load()
    counts = (Badge.objects.count(), Award.objects.count(), Nomination.objects.count())
    second = demo_place_load()

    assert first.badges_added == len(BADGES) + len(AWARDS) + len(NOMINATIONS)
    assert second.badges_added == 0 and not second.changed
    assert counts == (Badge.objects.count(), Award.objects.count(), Nomination.objects.count()) == (4, 2, 1)

    for badge in Badge.objects.all():
        assert badge_image_checked(bytes(badge.image)) == "image/svg+xml" == badge.image_type
        assert badge.image_alt
    listens = Badge.objects.get(name="Listens well")
    assert [award.recipient.preferred_name for award in badge_holders_shown(listens)] == ["Mehmet Yilmaz"]
    assert Nomination.objects.get().nominee.preferred_name == "Joy Chikwanha"

    groups = {group.badge.name: group for group in badge_suggestions()}
    # Amira Haddad has gathered the demo's stories with their tellers: more than the five the badge asks for.
    assert [s.person.preferred_name for s in groups["Story gatherer"].people] == ["Amira Haddad"]
    assert [s.person.preferred_name for s in groups["Has trained staff"].people] == ["Jay Morgan"]


def test_a_removed_demo_award_comes_back_and_nothing_else_is_added():
    demo_place_load()
    Award.objects.filter(badge__name="Cooks for thirty").delete()
    assert demo_place_load().badges_added == 1
