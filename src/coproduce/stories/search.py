"""Keeping story search up to date. Whatever changes a story's status, words, services or themes calls
`story_search_index(story)` inside its own transaction, so search is never ahead of or behind the stories.

Only published stories are indexed: a story that is a draft, waiting, not published or withdrawn has no row at all,
so a withdrawn story drops out of search the moment it is withdrawn, whoever searches.

What goes into a row is decided by one pure function, `story_document`, which takes plain data: the service below
loads rows and calls it, and the benchmark calls it on generated stories, so both index the same way. The query
side is in `stories/selectors/search.py`. Words are stemmed in Python (people.search_text), so PostgreSQL and
SQLite are given identical terms and cannot disagree about what matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from coproduce.people.search_text import terms
from coproduce.stories.models import Story, StorySearchEntry

# Markers: terms no ordinary word produces (stems have no "zt"/"zn" prefix in English, and ids follow "zsv"/"zth"),
# so a word in a story's title can rank it higher, and a service or theme can be asked for exactly.
TITLE = "zt"
NAMED = "zn"


def title_term(term: str) -> str:
    """The same word, seen in the story's title."""
    return f"{TITLE}{term}"


def named_term(term: str) -> str:
    """The same word, seen in the name of a service or theme the story is tagged with."""
    return f"{NAMED}{term}"


def service_term(service_id: int) -> str:
    return f"zsv{service_id}"


def theme_term(theme_id: int) -> str:
    return f"zth{theme_id}"


@dataclass(frozen=True)
class StoryIndexData:
    title: str
    body: str
    services: Sequence[tuple[int, str]] = ()
    themes: Sequence[tuple[int, str]] = ()


def story_document(data: StoryIndexData) -> str:
    """A story's search terms: every word of its title, body and the names of its services and themes; a title
    marker for each title word and a name marker for each word of a service's or theme's name (they rank higher);
    and a marker for each service and theme (filters)."""
    title = terms(data.title)
    words: list[str] = [*title, *terms(data.body), *(title_term(t) for t in title)]
    for names, marker in ((data.services, service_term), (data.themes, theme_term)):
        for pk, name in names:
            name_terms = terms(name)
            words.extend([marker(pk), *name_terms, *(named_term(t) for t in name_terms)])
    return " ".join(dict.fromkeys(words))


def _is_searchable(story: Story) -> bool:
    return story.status == Story.Status.PUBLISHED and story.withdrawn_at is None


def story_search_index(story: Story) -> None:
    """Index a published story, or remove it from search when it is anything else (draft, waiting, not published,
    withdrawn). Call it after any change to a story's status, title, body, services or themes, inside the same
    transaction. Reads the story's services and themes (two queries) unless they were prefetched."""
    if not story.pk:
        return
    if not _is_searchable(story):
        StorySearchEntry.objects.filter(story_id=story.pk).delete()
        return
    document = story_document(
        StoryIndexData(
            title=story.title,
            body=story.body,
            services=[(s.pk, s.name) for s in sorted(story.services.all(), key=lambda s: s.pk)],
            themes=[(t.pk, t.name) for t in sorted(story.themes.all(), key=lambda t: t.pk)],
        )
    )
    with transaction.atomic():
        StorySearchEntry.objects.update_or_create(story_id=story.pk, defaults={"document": document})


def story_search_remove(story: Story) -> None:
    StorySearchEntry.objects.filter(story_id=story.pk).delete()


def stories_search_rebuild(stories: Iterable[Story] | None = None, *, batch: int = 1000) -> int:
    """Index many stories at once (all of them by default): after a service or theme is renamed, or to repair
    the index. Returns how many published stories are now indexed among those given."""
    if stories is None:
        stories = Story.objects.order_by("pk").prefetch_related("services", "themes").iterator(chunk_size=batch)
    indexed = 0
    for story in stories:
        story_search_index(story)
        indexed += _is_searchable(story)
    return indexed


def stories_search_reindex_service(service_id: int) -> int:
    """A service was renamed: its stories' rows hold its old name."""
    stories = (
        Story.objects.filter(services__pk=service_id, status=Story.Status.PUBLISHED)
        .order_by("pk")
        .prefetch_related("services", "themes")
    )
    return stories_search_rebuild(stories)


def stories_search_reindex_theme(theme_id: int) -> int:
    """A theme tag was renamed: its stories' rows hold its old name."""
    stories = (
        Story.objects.filter(themes__pk=theme_id, status=Story.Status.PUBLISHED)
        .order_by("pk")
        .prefetch_related("services", "themes")
    )
    return stories_search_rebuild(stories)
