"""Reading stories for the list, a story's page, "My stories", the feeds and the counts that recognise gatherers.

Which stories a viewer may read is decided in visibility.py only; everything here starts from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from coproduce.frameworks.loader import BUNDLED_DIR, framework_parse
from coproduce.organisations.models import Service
from coproduce.people.models import Person
from coproduce.stories.models import Story, Theme
from coproduce.stories.visibility import stories_public, stories_published_to

# The reflection framework whose principles a story can say it speaks to.
PRINCIPLES_FRAMEWORK = "how-are-we-doing"
# The themes offered as tick boxes when telling a story: the most used ones (any other can be typed).
THEMES_OFFERED = 20


@cache
def _principles() -> tuple[tuple[str, str], ...]:
    definition = framework_parse((BUNDLED_DIR / f"{PRINCIPLES_FRAMEWORK}.yaml").read_text(encoding="utf-8"))
    return tuple((dimension.key, dimension.title) for dimension in definition.dimensions)


def principle_choices() -> list[tuple[str, str]]:
    """(key, title) of the "How are we doing?" principles, in the framework's order."""
    return list(_principles())


def principle_keys() -> frozenset[str]:
    return frozenset(key for key, _title in _principles())


def principle_titles(keys: list[str]) -> list[str]:
    titles = dict(_principles())
    return [titles[key] for key in keys if key in titles]


def _for_showing(stories: QuerySet[Story]) -> QuerySet[Story]:
    """Everything a story's byline, services and themes need, in a fixed number of queries for any number."""
    return stories.select_related("teller", "gathered_by").prefetch_related(
        Prefetch("services", queryset=Service.objects.select_related("organisation").order_by("name", "pk")),
        Prefetch("themes", queryset=Theme.objects.order_by("name")),
    )


def stories_list(viewer: Any, *, service: Service | None = None, theme: Theme | None = None) -> QuerySet[Story]:
    """Published stories the viewer may read, newest first, optionally about one service or on one theme."""
    stories = stories_published_to(viewer)
    if service is not None:
        stories = stories.filter(services=service)
    if theme is not None:
        stories = stories.filter(themes=theme)
    return _for_showing(stories.order_by("-published_at", "-pk"))


@dataclass
class StoryPage:
    """One page of a list of stories, found without counting them all: the page's rows and one more, to know
    whether there is a next page. Counting every readable story in a large place costs more than the page."""

    stories: list[Story]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


# Deeper than this, a list is better narrowed by service or theme, or searched.
PAGES_MAX = 500


def story_page_of(stories: QuerySet[Story], page: str | int | None, *, per_page: int) -> StoryPage:
    try:
        number = min(max(int(page or 1), 1), PAGES_MAX)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(stories[start : start + per_page + 1])
    if not rows and number > 1:
        # Past the end (an old link, a hand-typed number): show the first page rather than nothing.
        return story_page_of(stories, 1, per_page=per_page)
    return StoryPage(stories=rows[:per_page], number=number, has_next=len(rows) > per_page)


def stories_feed(*, service: Service | None = None, limit: int = 50) -> list[Story]:
    """The newest public, published stories, for the place's feed or one service's."""
    stories = stories_public()
    if service is not None:
        stories = stories.filter(services=service)
    return list(_for_showing(stories.order_by("-published_at", "-pk"))[:limit])


def story_for_page(story_id: int) -> Story:
    """A story with everything its page shows; Story.DoesNotExist if there is none. Whether the viewer may read
    it is for the caller to ask (withdrawn stories are found, so their link can say so)."""
    return _for_showing(Story.objects.all()).get(pk=story_id)


def services_to_choose() -> QuerySet[Service]:
    return Service.objects.select_related("organisation").order_by("organisation__name", "name", "pk")


def themes_to_offer(*, keep: list[int] | None = None) -> list[Theme]:
    """The most used themes of published stories, and any already chosen (so a choice never disappears)."""
    used = (
        Theme.objects.filter(stories__status=Story.Status.PUBLISHED)
        .annotate(n=Count("stories"))
        .order_by("-n", "name")
        .values_list("pk", flat=True)[:THEMES_OFFERED]
    )
    wanted = set(used) | set(keep or [])
    return list(Theme.objects.filter(pk__in=wanted).order_by("name"))


def themes_for_filter(viewer: Any = None) -> QuerySet[Theme]:
    """Themes offered by the list's filter: those of public, published stories. A theme typed on a draft, or only
    on stories some viewers may not read, is not offered, since its name may say something; its link from a story
    page still works for whoever can read that story. One cheap probe per theme, however many stories there are."""
    public = Story.themes.through.objects.filter(
        theme_id=OuterRef("pk"), story__status=Story.Status.PUBLISHED, story__reach=Story.Reach.PUBLIC
    )
    return Theme.objects.filter(Exists(public)).order_by("name")


def services_for_filter(viewer: Any = None) -> QuerySet[Service]:
    """Every service: which services there are is no secret, and listing them all costs nothing. (Both filters
    are the same for every viewer; `viewer` is accepted so callers need not care.)"""
    return services_to_choose()


@dataclass
class MyStories:
    drafts: list[Story] = field(default_factory=list)
    waiting: list[Story] = field(default_factory=list)
    published: list[Story] = field(default_factory=list)
    not_published: list[Story] = field(default_factory=list)
    withdrawn: list[Story] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.drafts or self.waiting or self.published or self.not_published or self.withdrawn)


def my_stories(person: Person) -> tuple[MyStories, MyStories]:
    """(stories the person told, stories they gathered for others), each grouped by where they are."""
    told, gathered = MyStories(), MyStories()
    rows = _for_showing(Story.objects.filter(Q(teller=person) | Q(gathered_by=person)).order_by("-updated_at", "-pk"))
    groups = {
        Story.Status.DRAFT: "drafts",
        Story.Status.WAITING: "waiting",
        Story.Status.PUBLISHED: "published",
        Story.Status.NOT_PUBLISHED: "not_published",
        Story.Status.WITHDRAWN: "withdrawn",
    }
    for story in rows:
        mine = told if story.teller_id == person.pk else gathered
        getattr(mine, groups[Story.Status(story.status)]).append(story)
    return told, gathered


def published_gathered() -> QuerySet[Story]:
    """Stories gathered by someone that are published and not withdrawn: what recognises a gatherer."""
    return Story.objects.filter(status=Story.Status.PUBLISHED, gathered_by__isnull=False)


def gathered_count(person: Person) -> int:
    return published_gathered().filter(gathered_by=person).count()


def gathered_counts(at_least: int = 1) -> dict[int, int]:
    """person id → published stories they gathered, for people with open accounts who gathered at least this many."""
    rows = (
        published_gathered()
        .filter(gathered_by__is_active=True, gathered_by__closed_at__isnull=True)
        .values("gathered_by_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=at_least)
    )
    return {row["gathered_by_id"]: row["n"] for row in rows}
