"""The story search page and the search box partial."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string

from coproduce.stories.models import Story, Theme
from coproduce.stories.search import story_search_index
from coproduce.stories.selectors.search import MAX_TEXT_LENGTH
from tests.factories import ServiceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def told(**fields):  # type: ignore[no-untyped-def]
    story = StoryFactory(**fields)
    story_search_index(story)
    return story


def test_visitors_find_public_stories_with_the_words_marked(client) -> None:  # type: ignore[no-untyped-def]
    told(title="The bus ramp", body="The driver got out and lowered the ramp for me.", reach=Story.Reach.PUBLIC)
    told(title="Members only ramp", body="Another ramp.", reach=Story.Reach.MEMBERS)
    page = client.get("/stories/search/", {"q": "ramps"}).content.decode()
    assert "1 story found" in page
    assert "The bus ramp" in page and "Members only ramp" not in page
    assert '<mark class="cp-search-match">ramp</mark>' in page


def test_a_signed_in_member_finds_more(client_for, person) -> None:  # type: ignore[no-untyped-def]
    told(title="Members only ramp", body="Another ramp.", reach=Story.Reach.MEMBERS)
    page = client_for(person).get("/stories/search/", {"q": "ramp"}).content.decode()
    assert "Members only ramp" in page


def test_html_in_a_story_is_shown_as_text(client) -> None:  # type: ignore[no-untyped-def]
    told(title="<script>alert(1)</script>", body="<img src=x onerror=alert(2)> kettle", reach=Story.Reach.PUBLIC)
    page = client.get("/stories/search/", {"q": "kettle"}).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_too_long_a_search_is_explained_and_kept(client) -> None:  # type: ignore[no-untyped-def]
    typed = "kettle " * 40
    response = client.get("/stories/search/", {"q": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and f"up to {MAX_TEXT_LENGTH} characters" in page
    assert typed.strip()[:50] in page
    assert "stories found" not in page


def test_an_unknown_service_is_explained(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/stories/search/", {"q": "kettle", "service": "999999"}).content.decode()
    assert "govuk-error-summary" in page


def test_nothing_to_look_for_and_nothing_found(client) -> None:  # type: ignore[no-untyped-def]
    assert "Tell us a little more" in client.get("/stories/search/", {"q": "the of"}).content.decode()
    assert "No stories found" in client.get("/stories/search/", {"q": "zebra"}).content.decode()
    assert "stories found" not in client.get("/stories/search/").content.decode()


def test_some_words_only_is_said(client) -> None:  # type: ignore[no-untyped-def]
    told(title="Bus", body="The bus.", reach=Story.Reach.PUBLIC)
    page = client.get("/stories/search/", {"q": "bus zebra"}).content.decode()
    assert "No story has all of your words" in page and "Bus" in page


def test_service_and_theme_filters_use_the_lists_parameters(client) -> None:  # type: ignore[no-untyped-def]
    library = ServiceFactory(name="Library")
    quiet = Theme.objects.create(name="Quiet", slug="quiet")
    story = told(title="Shh", body="Books.", reach=Story.Reach.PUBLIC, services=[library])
    story.themes.set([quiet])
    story_search_index(story)
    told(title="Loud", body="Books.", reach=Story.Reach.PUBLIC)
    page = client.get("/stories/search/", {"q": "books", "service": library.pk, "theme": "quiet"}).content.decode()
    assert "Shh" in page and "Loud" not in page
    assert f'<option value="{library.pk}" selected>Library (' in page
    assert '<option value="quiet" selected>Quiet</option>' in page


def test_query_count_does_not_grow(client_for, person, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    service = ServiceFactory(name="Library")
    client = client_for(person)
    client.get("/stories/search/")  # the place's row is made on the first request
    made = 0
    for size in (3, 45):
        for n in range(made, size):
            told(title=f"Books {n}", body="Books and tea.", services=[service])
        made = size
        # Page 2 of 3 stories is past the end, which costs one more search to find the last page.
        # PostgreSQL adds three around each search (a savepoint, turning JIT off, releasing it).
        with django_assert_max_num_queries(16 + (6 if connection.vendor == "postgresql" else 0)):
            response = client.get("/stories/search/", {"q": "books tea", "service": service.pk, "page": 2})
        assert response.status_code == 200 and f"{size} stories found" in response.content.decode()


def test_the_search_box_partial() -> None:
    html = render_to_string("stories/search_box.html", {"q": "<b>bus</b>"})
    assert 'action="/stories/search/"' in html and 'name="q"' in html
    assert 'value="&lt;b&gt;bus&lt;/b&gt;"' in html
    assert '<label class="govuk-label govuk-label--s" for="stories-search-box-q">' in html
