"""Brackenfold's story search and themes: the demo's published stories in the search index, and one run of the
themes job over its stories and feedback, so the themes page has real themes from the start.

Safe to run again: stories already indexed are left alone (indexing is idempotent anyway), and the themes are
found only when no run exists yet, so a demo someone has re-run by hand keeps their runs.
"""

from __future__ import annotations

from coproduce.stories.models import Story, StorySearchEntry, ThemeRun
from coproduce.stories.search import stories_search_rebuild
from coproduce.stories.services.themes import DEFAULT_THEMES, theme_run_now

# Enough themes to tell the demo's concerns apart (waiting, getting about, carers' breaks, money...), few enough
# that each has several stories behind it.
DEMO_THEMES = DEFAULT_THEMES


def demo_story_themes_ensure() -> int:
    """Index any published demo story search does not know yet, and find themes if none have been found.
    Returns how many things this run added (stories indexed, plus one for a run of the themes job)."""
    missing = (
        Story.objects.filter(status=Story.Status.PUBLISHED, withdrawn_at__isnull=True)
        .exclude(pk__in=StorySearchEntry.objects.values("story_id"))
        .order_by("pk")
        .prefetch_related("services", "themes")
    )
    added = stories_search_rebuild(missing)
    if not ThemeRun.objects.exists():
        theme_run_now(actor=None, seed=0, theme_count=DEMO_THEMES)
        added += 1
    return added
