"""Finding themes across what people say, in the background, and asking for a new run.

What is read comes from a registry of text sources, each a kind of FoundThemeMember.Source with a function that
yields (id, text) in a fixed order. Stories (published, never withdrawn) and feedback to managers (not removed) are
registered here; World Café harvests, when the gather app has them, register the same way:

    theme_text_source_register(ThemeTextSource(FoundThemeMember.Source.HARVEST, harvest_texts))

A run is idempotent: doing it again (a retried task, a second worker) rewrites the same run's themes from what
is there now, in one transaction, so a run is never seen half written. The long part (reading and factorising)
runs outside any transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from coproduce.algorithms.themes import ThemeSettings, themes_find
from coproduce.core.services import audit_record
from coproduce.stories.models import Feedback, FoundTheme, FoundThemeMember, Story, ThemeRun

if TYPE_CHECKING:
    from coproduce.people.models import Person

logger = logging.getLogger(__name__)

MIN_THEMES = 2
MAX_THEMES = 20
DEFAULT_THEMES = 8
# Rows read from the database at a time: a large place's texts stream past rather than sit in memory.
BATCH = 2000
_MEMBER_BATCH = 5000


class ThemeRunError(ValueError):
    pass


@dataclass(frozen=True)
class ThemeTextSource:
    source: str  # a FoundThemeMember.Source value
    texts: Callable[[], Iterable[tuple[int, str]]]


THEME_TEXT_SOURCES: dict[str, ThemeTextSource] = {}


def theme_text_source_register(source: ThemeTextSource) -> None:
    """Add (or replace) a kind of text the themes are found across. Sources are read in the order registered."""
    THEME_TEXT_SOURCES[source.source] = source


def _story_texts() -> Iterator[tuple[int, str]]:
    # Withdrawn stories are left out however they got that way: by status and by the time they were withdrawn.
    stories = (
        Story.objects.filter(status=Story.Status.PUBLISHED, withdrawn_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "title", "body")
    )
    for pk, title, body in stories.iterator(chunk_size=BATCH):
        yield pk, f"{title}\n{body}"


def _feedback_texts() -> Iterator[tuple[int, str]]:
    feedback = Feedback.objects.filter(removed_at__isnull=True).order_by("pk").values_list("pk", "body")
    yield from feedback.iterator(chunk_size=BATCH)


theme_text_source_register(ThemeTextSource(FoundThemeMember.Source.STORY, _story_texts))
theme_text_source_register(ThemeTextSource(FoundThemeMember.Source.FEEDBACK, _feedback_texts))


def _all_texts() -> Iterator[tuple[str, str]]:
    for source in THEME_TEXT_SOURCES.values():
        for pk, text in source.texts():
            yield f"{source.source}:{pk}", text


def place_words() -> tuple[str, ...]:
    """The names the place uses for itself and its parts: on everyone's lips, so no theme of their own."""
    from coproduce.core.services import place_get
    from coproduce.organisations.models import Organisation, Service
    from coproduce.people.models import Neighbourhood

    names = [place_get().name]
    names += Organisation.objects.order_by("pk").values_list("name", flat=True)
    names += Service.objects.order_by("pk").values_list("name", flat=True)
    names += Neighbourhood.objects.order_by("pk").values_list("name", flat=True)
    return tuple(names)


def _check_count(theme_count: int) -> None:
    if not MIN_THEMES <= theme_count <= MAX_THEMES:
        raise ThemeRunError(f"Look for between {MIN_THEMES} and {MAX_THEMES} themes.")


def theme_run_request(*, actor: Person | None, seed: int = 0, theme_count: int = DEFAULT_THEMES) -> ThemeRun:
    """Ask for themes to be found again, in the background. If a run is already waiting or running, that one is
    returned rather than a second queued."""
    from coproduce.stories.tasks import themes_find_task

    _check_count(theme_count)
    if seed < 0:
        raise ThemeRunError("The seed is a whole number, 0 or more.")
    with transaction.atomic():
        waiting = (
            ThemeRun.objects.select_for_update()
            .filter(status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING])
            .order_by("-pk")
            .first()
        )
        if waiting is not None:
            return waiting
        run = ThemeRun.objects.create(seed=seed, theme_count=theme_count, requested_by=actor)
        audit_record(
            actor=actor, action="stories.themes_request", target=run, detail={"seed": seed, "themes": theme_count}
        )
        run_id = run.pk
        transaction.on_commit(lambda: themes_find_task.enqueue(run_id=run_id))
    return run


def theme_run_perform(*, run_id: int) -> ThemeRun | None:
    """Find the themes for a run and save them. A finished run is left as it is; a failure is recorded on the run
    (and logged) rather than raised, so the page can say so."""
    run = ThemeRun.objects.filter(pk=run_id).first()
    if run is None or run.status == ThemeRun.Status.DONE:
        return run
    ThemeRun.objects.filter(pk=run_id).exclude(status=ThemeRun.Status.DONE).update(
        status=ThemeRun.Status.RUNNING, error=""
    )
    try:
        found = themes_find(
            _all_texts(), ThemeSettings(themes=run.theme_count, seed=run.seed, place_words=place_words())
        )
        with transaction.atomic():
            run = ThemeRun.objects.select_for_update().get(pk=run_id)
            if run.status == ThemeRun.Status.DONE:
                # Another worker finished the same run first.
                return run
            FoundTheme.objects.filter(run=run).delete()
            themes = FoundTheme.objects.bulk_create(
                FoundTheme(
                    run=run, position=position, label=topic.label, terms=list(topic.terms), size=len(topic.members)
                )
                for position, topic in enumerate(found.topics, start=1)
            )
            members = (
                FoundThemeMember(theme=theme, source=source, source_id=int(source_id), weight=weight)
                for theme, topic in zip(themes, found.topics, strict=True)
                for index, weight in topic.members
                for source, source_id in [found.keys[index].split(":", 1)]
            )
            while batch := [member for _n, member in zip(range(_MEMBER_BATCH), members, strict=False)]:
                FoundThemeMember.objects.bulk_create(batch)
            run.status = ThemeRun.Status.DONE
            run.texts = found.texts
            run.fingerprint = found.fingerprint
            run.finished_at = timezone.now()
            run.error = ""
            run.save(update_fields=["status", "texts", "fingerprint", "finished_at", "error"])
            audit_record(
                actor=None,
                action="stories.themes_found",
                target=run,
                detail={"texts": found.texts, "themes": len(themes), "fingerprint": found.fingerprint},
            )
        return run
    except Exception as exc:
        logger.exception("Finding themes failed for run %s", run_id)
        ThemeRun.objects.filter(pk=run_id).exclude(status=ThemeRun.Status.DONE).update(
            status=ThemeRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return ThemeRun.objects.filter(pk=run_id).first()


def theme_run_now(*, actor: Person | None, seed: int = 0, theme_count: int = DEFAULT_THEMES) -> ThemeRun:
    """Find themes straight away, in this process (the command line, the demo): a new run, performed at once."""
    _check_count(theme_count)
    with transaction.atomic():
        run = ThemeRun.objects.create(seed=seed, theme_count=theme_count, requested_by=actor)
        audit_record(
            actor=actor,
            action="stories.themes_request",
            target=run,
            detail={"seed": seed, "themes": theme_count, "at_once": True},
        )
    performed = theme_run_perform(run_id=run.pk)
    assert performed is not None
    return performed
