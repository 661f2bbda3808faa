"""Story search: what is indexed, how results are ranked, who finds what, and that withdrawn stories are never found."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.stories.models import Story, StorySearchEntry, Theme
from coproduce.stories.search import (
    StoryIndexData,
    named_term,
    service_term,
    stories_search_rebuild,
    stories_search_reindex_service,
    story_document,
    story_search_index,
    theme_term,
    title_term,
)
from coproduce.stories.selectors.search import (
    MAX_TEXT_LENGTH,
    SearchTextTooLong,
    stories_search,
)
from coproduce.stories.services.telling import story_withdraw
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def told(**fields):  # type: ignore[no-untyped-def]
    """A published story (members may read it unless told otherwise), indexed as the services index it."""
    services = fields.pop("services", [])
    themes = fields.pop("themes", [])
    story = StoryFactory(**fields, services=services)
    if themes:
        story.themes.set(themes)
    story_search_index(story)
    return story


def titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.story.title for hit in page.results]


# --- What goes into the index ----------------------------------------------------------------------------------


def test_document_holds_stemmed_words_and_markers() -> None:
    document = story_document(
        StoryIndexData(
            title="Waiting for the bus",
            body="The buses never came, so I waited.",
            services=[(7, "Ring and Ride")],
            themes=[(3, "Transport")],
        )
    ).split()
    assert "wait" in document and "bus" in document
    assert title_term("wait") in document
    assert title_term("never") not in document  # only title words get the title marker
    assert service_term(7) in document and theme_term(3) in document
    assert named_term("ride") in document and named_term("transport") in document
    assert "the" not in document
    assert len(document) == len(set(document))


def test_only_published_stories_are_indexed() -> None:
    story = told(title="Kind nurse")
    assert StorySearchEntry.objects.filter(story=story).exists()
    story.status = Story.Status.WAITING
    story_search_index(story)
    assert not StorySearchEntry.objects.filter(story=story).exists()
    story.status = Story.Status.PUBLISHED
    story_search_index(story)
    story.status = Story.Status.NOT_PUBLISHED
    story_search_index(story)
    assert not StorySearchEntry.objects.filter(story=story).exists()


def test_changed_words_are_found_and_old_ones_are_not(person) -> None:  # type: ignore[no-untyped-def]
    story = told(title="About the library", body="Quiet and warm.")
    assert titles(stories_search(person, "quiet")) == ["About the library"]
    story.body = "Noisy but friendly."
    story.save()
    story_search_index(story)
    assert stories_search(person, "quiet").total == 0
    assert titles(stories_search(person, "friendly")) == ["About the library"]


def test_a_renamed_service_is_found_by_its_new_name(person) -> None:  # type: ignore[no-untyped-def]
    service = ServiceFactory(name="Day centre")
    told(title="Lunch", body="Soup again.", services=[service])
    service.name = "Elm Court Hub"
    service.save()
    stories_search_reindex_service(service.pk)
    assert titles(stories_search(person, "hub")) == ["Lunch"]
    assert stories_search(person, "centre").total == 0


def test_rebuild_indexes_every_published_story_and_nothing_else(person) -> None:  # type: ignore[no-untyped-def]
    StoryFactory(title="Garden one")
    StoryFactory(title="Garden two", status=Story.Status.DRAFT, published_at=None)
    assert stories_search(person, "garden").total == 0
    assert stories_search_rebuild() == 1
    assert titles(stories_search(person, "garden")) == ["Garden one"]


# --- Ranking ---------------------------------------------------------------------------------------------------


def test_title_beats_service_or_theme_name_which_beats_body(person) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    told(title="Body", body="The ramp was steep.", published_at=now)
    told(title="Named", body="Hard going.", services=[ServiceFactory(name="Ramp Access Team")], published_at=now)
    told(title="Ramp at last", body="Lovely.", published_at=now - timedelta(days=30))
    told(title="Unrelated", body="Tea and cake.", published_at=now)
    assert titles(stories_search(person, "ramps")) == ["Ramp at last", "Named", "Body"]


def test_equal_scores_come_newest_first(person) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    for days in (5, 1, 3):
        told(title=f"{days} days ago", body="The bus was late.", published_at=now - timedelta(days=days))
    assert titles(stories_search(person, "bus")) == ["1 days ago", "3 days ago", "5 days ago"]


def test_every_word_must_match_when_some_story_has_them_all(person) -> None:  # type: ignore[no-untyped-def]
    told(title="Both", body="The bus driver lowered the ramp.")
    told(title="Bus only", body="The bus was late.")
    page = stories_search(person, "bus ramp")
    assert titles(page) == ["Both"]
    assert page.every_word


def test_otherwise_stories_with_most_of_the_words_come_first(person) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    told(title="Two words", body="The bus had a ramp.", published_at=now - timedelta(days=9))
    told(title="One word", body="The bus was late.", published_at=now)
    told(title="Neither", body="Tea.", published_at=now)
    page = stories_search(person, "bus ramp wheelchair")
    assert not page.every_word
    assert titles(page) == ["Two words", "One word"]
    assert page.total == 2


def test_words_are_matched_by_stem_and_little_words_are_ignored(person) -> None:  # type: ignore[no-untyped-def]
    told(title="Appointments", body="I waited for weeks.")
    assert titles(stories_search(person, "the waiting")) == ["Appointments"]
    nothing = stories_search(person, "the and of")
    assert not nothing.searched and nothing.results == []


def test_filters_by_service_and_theme(person) -> None:  # type: ignore[no-untyped-def]
    library, bus = ServiceFactory(name="Library"), ServiceFactory(name="Buses")
    access = Theme.objects.create(name="Access", slug="access")
    told(title="Library steps", body="Too many steps.", services=[library], themes=[access])
    told(title="Bus steps", body="Steps again.", services=[bus])
    assert titles(stories_search(person, "steps", service=library)) == ["Library steps"]
    assert titles(stories_search(person, "steps", theme=access.pk)) == ["Library steps"]
    # A service alone lists its stories, newest first.
    assert titles(stories_search(person, "", service=bus)) == ["Bus steps"]


def test_too_long_text_is_refused(person) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SearchTextTooLong):
        stories_search(person, "x" * (MAX_TEXT_LENGTH + 1))


def test_pages_and_a_page_past_the_end_shows_the_last(person) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    for n in range(25):
        told(title=f"Garden {n:02}", body="Allotment.", published_at=now - timedelta(minutes=n))
    first = stories_search(person, "allotment", page_size=10)
    assert first.total == 25 and first.num_pages == 3 and titles(first)[0] == "Garden 00"
    last = stories_search(person, "allotment", page=99, page_size=10)
    assert last.number == 3 and titles(last) == ["Garden 20", "Garden 21", "Garden 22", "Garden 23", "Garden 24"]


# --- Who finds what ----------------------------------------------------------------------------------------------


def test_each_viewer_finds_only_the_stories_they_may_read(  # type: ignore[no-untyped-def]
    person, facilitator, place_admin
) -> None:
    service = ServiceFactory(name="Library")
    staff = MembershipFactory(organisation=service.organisation, role=Role.STAFF).person
    for reach in Story.Reach.values:
        told(title=f"Reach {reach}", body="Kettle.", reach=reach, services=[service])
    visitor = None

    def found(viewer) -> set[str]:  # type: ignore[no-untyped-def]
        return set(titles(stories_search(viewer, "kettle")))

    assert found(visitor) == {"Reach public"}
    assert found(person) == {"Reach public", "Reach members"}
    assert found(staff) == {"Reach public", "Reach members", "Reach services"}
    assert found(facilitator) == {"Reach public", "Reach members", "Reach facilitators"}
    assert found(place_admin) == {f"Reach {reach}" for reach in Story.Reach.values}


def test_a_withdrawn_story_disappears_from_search_at_once(person) -> None:  # type: ignore[no-untyped-def]
    teller = PersonFactory()
    story = told(title="Night shelter", body="Warm beds.", teller=teller, reach=Story.Reach.PUBLIC)
    assert titles(stories_search(person, "shelter")) == ["Night shelter"]
    story_withdraw(actor=teller, story=story)
    assert stories_search(person, "shelter").total == 0
    assert stories_search(teller, "shelter").total == 0
    assert stories_search(None, "shelter").total == 0


def test_a_story_withdrawn_behind_the_index_back_is_still_not_found(person) -> None:  # type: ignore[no-untyped-def]
    # Even if something changed the status without re-indexing, the search reads the status at query time.
    story = told(title="Night shelter", body="Warm beds.")
    Story.objects.filter(pk=story.pk).update(status=Story.Status.WITHDRAWN, withdrawn_at=timezone.now())
    assert StorySearchEntry.objects.filter(story=story).exists()
    assert stories_search(person, "shelter").total == 0


def test_query_count_does_not_grow_with_stories(  # type: ignore[no-untyped-def]
    person, django_assert_max_num_queries
) -> None:
    service = ServiceFactory(name="Library")
    theme = Theme.objects.create(name="Quiet", slug="quiet")

    def add(n: int) -> None:
        for i in range(n):
            told(title=f"Books {i}", body="Books and quiet.", services=[service], themes=[theme])

    for size in (3, 30):
        add(size)
        # PostgreSQL adds three around the search (a savepoint, turning JIT off, releasing it).
        with django_assert_max_num_queries(6 + (3 if connection.vendor == "postgresql" else 0)):
            page = stories_search(person, "books quiet", service=service)
        assert page.results


def test_sqlite_index_follows_inserts_updates_and_deletes(person) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 table is SQLite's")
    story = told(title="Swimming", body="The pool.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM stories_storysearchentry_fts WHERE stories_storysearchentry_fts MATCH %s", ['"swim"']
        )
        assert cursor.fetchall() == [(story.pk,)]
    story.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM stories_storysearchentry_fts WHERE stories_storysearchentry_fts MATCH %s", ['"swim"']
        )
        assert cursor.fetchall() == []


def test_an_everyday_word_ranks_the_most_recent_matches_and_says_there_are_more(  # type: ignore[no-untyped-def]
    person, monkeypatch
) -> None:
    from coproduce.stories.selectors import search

    monkeypatch.setattr(search, "CANDIDATES", 3)
    now = timezone.now()
    stories = [told(title=f"Tea {n}", body="Staff made tea.", published_at=now - timedelta(days=n)) for n in range(5)]
    page = stories_search(person, "staff")
    assert page.more and page.total == 3
    # The three most recently told (the highest ids), newest published first.
    assert titles(page) == [s.title for s in sorted(stories[2:], key=lambda s: s.published_at, reverse=True)]
    told(title="Biscuits", body="Crumbs.")
    assert not stories_search(person, "biscuits").more


def test_the_excerpt_starts_near_the_first_word_found_and_marks_it() -> None:
    from coproduce.stories.selectors.search import _excerpt

    body = " ".join(f"word{n}" for n in range(100)) + " The ramps were steep. " + "more " * 60
    cut = _excerpt(body, {"ramp"})
    assert cut["excerpt_cut_start"] and cut["excerpt_cut_end"]
    marked = [text for text, matched in cut["excerpt"] if matched]
    assert marked == ["ramps"]
    assert cut["excerpt"][0][0].startswith("word93 ")
    whole = _excerpt("Short and sweet.", {"zebra"})
    assert not whole["excerpt_cut_start"] and "".join(t for t, _m in whole["excerpt"]) == "Short and sweet."


def test_publishing_through_moderation_makes_a_story_searchable(person, place_admin) -> None:  # type: ignore[no-untyped-def]
    from coproduce.stories.services.moderation import story_publish

    story = StoryFactory(title="Ramp", body="A new ramp.", status=Story.Status.WAITING, published_at=None)
    story_publish(actor=place_admin, story=story)
    assert titles(stories_search(person, "ramp")) == ["Ramp"]
