"""Reading the themes found across what people say. Each read is a fixed number of queries, however many texts.

Sizes are counted as the page is read, not as the run found them: a story withdrawn (or unpublished) since the
run, or feedback removed since, no longer counts and is never listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery

from coproduce.organisations.roles import held_roles
from coproduce.stories.models import Feedback, FoundTheme, FoundThemeMember, Story, ThemeRun
from coproduce.stories.rules import SERVICE_MANAGERS
from coproduce.stories.visibility import stories_published_to

STORIES_PER_PAGE = 20
FEEDBACK_SHOWN = 20


@dataclass(frozen=True)
class ThemeSummary:
    theme: FoundTheme
    stories: int
    feedback: int

    @property
    def size(self) -> int:
        return self.stories + self.feedback


@dataclass(frozen=True)
class ThemesOverview:
    run: ThemeRun | None
    # A newer run waiting or running, if any.
    pending: ThemeRun | None
    # The latest run that failed after the one shown, if any.
    failed: ThemeRun | None
    themes: list[ThemeSummary] = field(default_factory=list)


def _live_story_members() -> QuerySet[FoundThemeMember]:
    # Published only: a story withdrawn or taken down since the run counts nowhere.
    published = Story.objects.filter(status=Story.Status.PUBLISHED, withdrawn_at__isnull=True).values("pk")
    return FoundThemeMember.objects.filter(source=FoundThemeMember.Source.STORY, source_id__in=published)


def _live_feedback_members() -> QuerySet[FoundThemeMember]:
    kept = Feedback.objects.filter(removed_at__isnull=True).values("pk")
    return FoundThemeMember.objects.filter(source=FoundThemeMember.Source.FEEDBACK, source_id__in=kept)


def themes_overview() -> ThemesOverview:
    """The latest finished run's themes with their sizes now, and whether another run is on its way. Five queries."""
    runs = list(ThemeRun.objects.order_by("-created_at", "-pk")[:20])
    done = next((r for r in runs if r.status == ThemeRun.Status.DONE), None)
    newer = [r for r in runs if done is None or (r.created_at, r.pk) > (done.created_at, done.pk)]
    pending = next((r for r in newer if r.status in (ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING)), None)
    failed = next((r for r in newer if r.status == ThemeRun.Status.FAILED), None)
    if done is None:
        return ThemesOverview(run=None, pending=pending, failed=failed)
    themes = list(FoundTheme.objects.filter(run=done).order_by("position"))
    stories = dict(
        _live_story_members().filter(theme__run=done).values_list("theme_id").annotate(n=Count("pk")).order_by()
    )
    feedback = dict(
        _live_feedback_members().filter(theme__run=done).values_list("theme_id").annotate(n=Count("pk")).order_by()
    )
    summaries = [
        ThemeSummary(theme=theme, stories=stories.get(theme.pk, 0), feedback=feedback.get(theme.pk, 0))
        for theme in themes
    ]
    return ThemesOverview(run=done, pending=pending, failed=failed, themes=summaries)


@dataclass(frozen=True)
class ThemeDetail:
    theme: FoundTheme
    is_latest: bool
    stories: Page[Any]
    stories_total: int
    # Published stories in the theme that this viewer may not read: counted, never shown.
    stories_hidden: int
    feedback: Sequence[Feedback]
    feedback_readable: int
    # Feedback for services this viewer does not manage: counted, never shown.
    feedback_hidden: int


def _managed_organisations(viewer: Any) -> list[int]:
    return sorted({org for org, role in held_roles(viewer) if role in SERVICE_MANAGERS})


def theme_detail(theme: FoundTheme, viewer: Any, *, page: int | str | None = 1) -> ThemeDetail:
    """A theme's stories the viewer may read (strongest first, twenty a page) and its feedback for services the
    viewer manages; everything else only counted. A fixed number of queries."""
    members = FoundThemeMember.objects.filter(theme=theme)
    story_members = members.filter(source=FoundThemeMember.Source.STORY)
    weight = Subquery(story_members.filter(source_id=OuterRef("pk")).values("weight")[:1])
    readable = (
        stories_published_to(viewer)
        .filter(pk__in=story_members.values("source_id"), withdrawn_at__isnull=True)
        .annotate(theme_weight=weight)
        .order_by("-theme_weight", "-pk")
        .select_related("teller", "gathered_by")
        .prefetch_related("services", "themes")
    )
    paginator = Paginator(readable, STORIES_PER_PAGE)
    stories = paginator.get_page(page)
    stories_total = _live_story_members().filter(theme=theme).count()

    live_feedback = _live_feedback_members().filter(theme=theme)
    feedback_total = live_feedback.count()
    organisations = _managed_organisations(viewer)
    readable_feedback = Feedback.objects.filter(
        pk__in=live_feedback.values("source_id"), service__organisation_id__in=organisations, removed_at__isnull=True
    )
    feedback_weight = Subquery(
        members.filter(source=FoundThemeMember.Source.FEEDBACK, source_id=OuterRef("pk")).values("weight")[:1]
    )
    feedback_readable = readable_feedback.count() if organisations else 0
    feedback = (
        list(
            readable_feedback.annotate(theme_weight=feedback_weight)
            .select_related("service__organisation", "teller")
            .order_by("-theme_weight", "-pk")[:FEEDBACK_SHOWN]
        )
        if organisations
        else []
    )
    latest = ThemeRun.objects.filter(status=ThemeRun.Status.DONE).order_by("-created_at", "-pk").values("pk").first()
    return ThemeDetail(
        theme=theme,
        is_latest=latest is not None and latest["pk"] == theme.run_id,
        stories=stories,
        stories_total=stories_total,
        stories_hidden=max(0, stories_total - paginator.count),
        feedback=feedback,
        feedback_readable=feedback_readable,
        feedback_hidden=max(0, feedback_total - feedback_readable),
    )
