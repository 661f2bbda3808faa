"""The demo place's responses, feedback and venue link: loaded once, and enough to show every page with something."""

from __future__ import annotations

import pytest

from coproduce.demo.services import demo_place_load
from coproduce.demo.story_responses import FEEDBACK, RESPONSES
from coproduce.people.models import Person
from coproduce.plans.models import Action
from coproduce.stories.models import Feedback, Response, VenueLink
from coproduce.stories.selectors.feedback import inbox_counts
from coproduce.stories.selectors.measures import measures
from coproduce.stories.selectors.responses import waiting_for_response


@pytest.mark.django_db
def test_the_demo_has_responses_feedback_and_a_tablet_and_loading_again_adds_nothing():
    demo_place_load()
    counts = (Response.objects.count(), Feedback.objects.count(), VenueLink.objects.count(), Action.objects.count())
    assert counts[0] == len(RESPONSES) and counts[1] == len(FEEDBACK)
    again = demo_place_load()
    assert not again.changed
    assert counts == (
        Response.objects.count(),
        Feedback.objects.count(),
        VenueLink.objects.count(),
        Action.objects.count(),
    )

    assert Response.objects.filter(change=Response.Change.MADE).exists()
    bernadette = Person.objects.get(email="bernadette.okafor@brackenfold.example")
    waiting = inbox_counts(bernadette)
    assert (waiting.waiting, waiting.overdue) == (2, 1)
    year = measures(Person.objects.get(email="margaret.ellis@brackenfold.example")).year
    assert year.told > 20 and 0 < year.answered < year.told and year.changes > 0 and year.median is not None
    siobhan = Person.objects.get(email="siobhan.kelly@brackenfold.example")
    assert waiting_for_response(siobhan).exists()
