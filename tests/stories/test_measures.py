"""The published measures, on stories with known answers: withdrawn and unreadable stories left out, one service's
own responses, the median time to first response, the page for anyone, and a constant number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Service
from coproduce.people.models import Person
from coproduce.stories.models import Response, Story
from coproduce.stories.selectors.measures import duration_text, measures, month_starts, share_text
from tests.factories import PersonFactory, ServiceFactory, StoryFactory


def at(month_start, day: int = 2, hour: int = 12) -> datetime:  # type: ignore[no-untyped-def]
    return timezone.make_aware(datetime(month_start.year, month_start.month, day, hour))


def answer(story: Story, service: Service, after: timedelta, change: str = "") -> Response:
    response = Response.objects.create(story=story, service=service, body="Thank you", change=change)
    assert story.published_at is not None
    Response.objects.filter(pk=response.pk).update(created_at=story.published_at + after)
    return response


class Fixture:
    def __init__(self) -> None:
        self.today = timezone.localdate()
        starts = month_starts(self.today)
        self.month_a, self.month_b = starts[-3], starts[-1]
        self.s = ServiceFactory(name="Drop-in")
        self.t = ServiceFactory(name="Day centre")
        public = Story.Reach.PUBLIC

        def story(month, *, reach: str = public, status: str = Story.Status.PUBLISHED, services=None) -> Story:  # type: ignore[no-untyped-def]
            return StoryFactory(services=services or [self.s], published_at=at(month), reach=reach, status=status)

        s1 = story(self.month_a, services=[self.s, self.t])
        answer(s1, self.s, timedelta(days=2), Response.Change.MADE)
        answer(s1, self.t, timedelta(days=1))
        s2 = story(self.month_a)
        answer(s2, self.s, timedelta(days=5), Response.Change.PLANNED)
        story(self.month_a)  # s3: never answered
        s4 = story(self.month_a, status=Story.Status.WITHDRAWN)  # answered, then withdrawn: counts nowhere
        answer(s4, self.s, timedelta(hours=1), Response.Change.MADE)
        s5 = story(self.month_a, reach=Story.Reach.MEMBERS)  # members only: not in the public's measures
        assert s5.pk
        s6 = story(self.month_b)
        answer(s6, self.s, timedelta(hours=10))
        story(self.month_b)  # s7
        s8 = story(self.month_b, status=Story.Status.WAITING)  # not published yet
        assert s8.pk
        old = StoryFactory(services=[self.s], published_at=at(starts[0]) - timedelta(days=40), reach=public)
        answer(old, self.s, timedelta(hours=2), Response.Change.MADE)  # more than a year ago


@pytest.fixture
def data(db: None) -> Fixture:
    return Fixture()


@pytest.fixture
def member(db: None) -> Person:
    return PersonFactory()


def month(result, wanted):  # type: ignore[no-untyped-def]
    return next(m.figures for m in result.months if m.month == wanted)


def test_the_place_measures_have_the_known_answers(data, member):
    result = measures(member, today=data.today)
    assert len(result.months) == 12 and result.months[-1].month == data.month_b
    a = month(result, data.month_a)
    assert (a.told, a.answered, a.responses, a.changes) == (4, 2, 3, 2)
    assert a.answered_text == "50%" and a.change_text == "67%"
    # First responses: 1 day (the day centre answered s1 first) and 5 days.
    assert a.median == timedelta(days=3) and a.median_text == "3 days"
    b = month(result, data.month_b)
    assert (b.told, b.answered, b.responses, b.changes) == (2, 1, 1, 0)
    assert b.median == timedelta(hours=10) and b.median_text == "10 hours" and b.change_text == "0%"
    year = result.year
    assert (year.told, year.answered, year.responses, year.changes) == (6, 3, 4, 2)
    assert year.median == timedelta(days=1) and year.answered_text == "50%" and year.change_text == "50%"
    quiet = [m for m in result.months if m.month not in (data.month_a, data.month_b)]
    assert all(m.figures.told == 0 and m.figures.median is None for m in quiet)
    assert quiet[0].figures.answered_text == "–" and quiet[0].figures.median_text == "–"


def test_the_public_sees_measures_over_public_stories_only(data):
    result = measures(AnonymousUser(), today=data.today)
    a = month(result, data.month_a)
    assert (a.told, a.answered, a.responses, a.changes) == (3, 2, 3, 2)
    assert result.year.told == 5


def test_one_services_measures_count_its_own_responses(data, member):
    result = measures(member, service=data.s, today=data.today)
    a = month(result, data.month_a)
    assert (a.told, a.answered, a.responses, a.changes) == (4, 2, 2, 2)
    assert a.change_text == "100%" and a.median == timedelta(days=3, hours=12) and a.median_text == "4 days"
    other = measures(member, service=data.t, today=data.today)
    assert (other.year.told, other.year.answered, other.year.responses) == (1, 1, 1)
    assert other.year.median == timedelta(days=1) and other.year.median_text == "24 hours"


def test_withdrawing_a_story_takes_it_out_of_the_measures(data, member):
    before = measures(member, today=data.today).year
    Story.objects.filter(responses__service=data.t).update(status=Story.Status.WITHDRAWN)
    after = measures(member, today=data.today).year
    assert (before.told - after.told, before.answered - after.answered, before.responses - after.responses) == (1, 1, 2)


@pytest.mark.parametrize(
    ("part", "whole", "text"), [(0, 0, "–"), (0, 5, "0%"), (1, 3, "33%"), (1, 1000, "less than 1%"), (2, 2, "100%")]
)
def test_shares_read_plainly(part, whole, text):
    assert share_text(part, whole) == text


@pytest.mark.parametrize(
    ("delay", "text"),
    [
        (None, "–"),
        (timedelta(minutes=20), "less than an hour"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=47), "47 hours"),
        (timedelta(days=3, hours=11), "3 days"),
    ],
)
def test_times_read_plainly(delay, text):
    assert duration_text(delay) == text


def test_the_page_is_public_with_a_chart_and_its_table(client, data):
    page = client.get(reverse("stories:measures"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "How services answer stories" in text and 'role="img"' in text and "<svg" in text
    assert "Stories told each month" in text and "The figures" in text
    assert "<caption" in text and 'scope="row"' in text
    assert data.month_a.strftime("%B %Y") in text and "67%" in text


def test_a_service_page_and_choosing_a_service(client, data):
    chosen = client.get(reverse("stories:measures"), {"service": data.s.pk})
    assert chosen.status_code == 302 and chosen["Location"] == f"/stories/services/{data.s.pk}/measures/"
    text = client.get(chosen["Location"]).content.decode()
    assert "How Drop-in answers stories" in text and "100%" in text
    bad = client.get(reverse("stories:measures"), {"service": "999999"})
    assert bad.status_code == 200 and "We could not find that service" in bad.content.decode()
    assert client.get(reverse("stories:service-measures", args=[999999])).status_code == 404


@pytest.mark.parametrize("for_service", [False, True])
def test_the_measures_take_the_same_queries_however_many_stories(
    client_for, member, django_assert_max_num_queries, for_service
):
    service = ServiceFactory()
    client = client_for(member)
    url = reverse("stories:service-measures", args=[service.pk]) if for_service else reverse("stories:measures")
    today = timezone.localdate()
    starts = month_starts(today)

    def fill(n: int) -> None:
        for i in range(n):
            story = StoryFactory(services=[service], published_at=at(starts[i % 12]))
            if i % 2:
                answer(story, service, timedelta(hours=i + 1), Response.Change.MADE if i % 3 else "")

    fill(2)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    fill(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    # And the measures themselves: the viewer's roles, then three queries, whatever the numbers.
    with django_assert_max_num_queries(4):
        measures(member, service=service if for_service else None)
