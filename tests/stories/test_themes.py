"""Themes across what people say: the algorithm, the background run, reproducibility, and what each reader sees."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coproduce.algorithms.themes import ThemeSettings, stop_words, themes_find
from coproduce.core.models import AuditEntry
from coproduce.stories.models import Feedback, FoundTheme, FoundThemeMember, Story, ThemeRun
from coproduce.stories.services import themes as themes_service
from coproduce.stories.services.themes import (
    THEME_TEXT_SOURCES,
    ThemeRunError,
    ThemeTextSource,
    theme_run_now,
    theme_run_perform,
    theme_run_request,
    theme_text_source_register,
)
from tests.factories import ServiceFactory, StoryFactory

TOPICS = {
    "waiting": "waiting appointment surgery phone queue weeks doctor receptionist callback".split(),
    "garden": "garden allotment vegetables seeds planting volunteers greenhouse compost".split(),
    "transport": "bus ramp wheelchair driver timetable route lift taxi".split(),
}
FILLER = "the and then really staff felt good council because about".split()


def generated(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(topic, text) pairs: each text mostly words of one topic, some everyday words."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        topic = list(TOPICS)[n % len(TOPICS)]
        words = [rng.choice(TOPICS[topic]) if rng.random() < 0.6 else rng.choice(FILLER) for _ in range(25)]
        out.append((topic, " ".join(words)))
    return out


def topic_of(terms: list[str] | tuple[str, ...]) -> str:
    return max(TOPICS, key=lambda topic: len(set(terms[:4]) & set(TOPICS[topic])))


# --- The algorithm, without a database ---------------------------------------------------------------------------


def test_finds_the_topics_in_the_texts() -> None:
    texts = generated(90)
    found = themes_find(((f"story:{n}", text) for n, (_t, text) in enumerate(texts)), ThemeSettings(themes=3))
    assert found.texts == 90
    assert sorted(topic_of(topic.terms) for topic in found.topics) == ["garden", "transport", "waiting"]
    for topic in found.topics:
        expected = topic_of(topic.terms)
        # Nearly every text lands in the theme of the topic it was written about.
        right = sum(texts[index][0] == expected for index, _weight in topic.members)
        assert right >= 0.9 * len(topic.members)
        assert not set(topic.terms) & set(FILLER), "everyday words never name a theme"


def test_same_texts_and_seed_give_identical_themes_and_members() -> None:
    texts = [(f"story:{n}", text) for n, (_t, text) in enumerate(generated(120))]
    first = themes_find(iter(texts), ThemeSettings(themes=4, seed=11))
    second = themes_find(iter(texts), ThemeSettings(themes=4, seed=11))
    assert first.fingerprint == second.fingerprint
    assert [(t.terms, t.members) for t in first.topics] == [(t.terms, t.members) for t in second.topics]


def test_another_seed_or_other_texts_change_the_fingerprint() -> None:
    texts = [(f"story:{n}", text) for n, (_t, text) in enumerate(generated(120))]
    base = themes_find(iter(texts), ThemeSettings(themes=4, seed=11))
    assert themes_find(iter(texts), ThemeSettings(themes=4, seed=12)).fingerprint != base.fingerprint
    assert themes_find(iter(texts[1:]), ThemeSettings(themes=4, seed=11)).fingerprint != base.fingerprint
    assert themes_find(iter(texts), ThemeSettings(themes=5, seed=11)).fingerprint != base.fingerprint


def test_too_little_to_go_on_gives_no_themes() -> None:
    assert themes_find([("story:1", "the bus was late")], ThemeSettings()).topics == []
    assert themes_find([], ThemeSettings()).topics == []
    empty = themes_find([(f"story:{n}", "the and of it") for n in range(10)], ThemeSettings())
    assert empty.topics == [] and empty.texts == 10


def test_the_places_own_names_are_set_aside() -> None:
    words = stop_words(ThemeSettings(place_words=("Brackenfold", "Elm Court Café")))
    assert {"brackenfold", "elm", "court", "cafe", "really"} <= words


# --- Runs, with the database ---------------------------------------------------------------------------------------


@pytest.fixture
def said(db: None) -> dict[str, list[int]]:
    """Published stories and feedback on three topics, plus a draft that must never be read."""
    service = ServiceFactory(name="Millbrook Surgery")
    stories, feedback = [], []
    for n, (topic, text) in enumerate(generated(60)):
        if n % 4 == 3:
            feedback.append(Feedback.objects.create(service=service, body=text).pk)
        else:
            stories.append(StoryFactory(title=f"{topic} {n}", body=text, services=[service]).pk)
    StoryFactory(title="Draft", body="garden garden garden", status=Story.Status.DRAFT)
    return {"stories": stories, "feedback": feedback}


def test_a_run_saves_themes_and_each_texts_strongest(said) -> None:  # type: ignore[no-untyped-def]
    run = theme_run_now(actor=None, seed=1, theme_count=3)
    assert run.status == ThemeRun.Status.DONE and run.texts == 60 and len(run.fingerprint) == 64
    themes = list(run.themes.order_by("position"))
    assert len(themes) == 3
    assert sum(theme.size for theme in themes) == 60
    members = FoundThemeMember.objects.filter(theme__run=run)
    assert set(members.filter(source="story").values_list("source_id", flat=True)) == set(said["stories"])
    assert set(members.filter(source="feedback").values_list("source_id", flat=True)) == set(said["feedback"])
    assert members.count() == 60, "each text belongs to one theme only"
    assert AuditEntry.objects.filter(action="stories.themes_found", target_id=str(run.pk)).exists()


def test_the_same_data_and_seed_give_the_same_themes_again(said) -> None:  # type: ignore[no-untyped-def]
    def snapshot(run: ThemeRun) -> list[tuple[list[str], list[tuple[str, int, float]]]]:
        return [
            (
                theme.terms,
                list(theme.members.order_by("source", "source_id").values_list("source", "source_id", "weight")),
            )
            for theme in run.themes.order_by("position")
        ]

    first = theme_run_now(actor=None, seed=5, theme_count=3)
    second = theme_run_now(actor=None, seed=5, theme_count=3)
    assert first.fingerprint == second.fingerprint
    assert snapshot(first) == snapshot(second)
    third = theme_run_now(actor=None, seed=6, theme_count=3)
    assert third.fingerprint != first.fingerprint


def test_withdrawn_stories_and_removed_feedback_are_not_read(said) -> None:  # type: ignore[no-untyped-def]
    withdrawn = said["stories"][0]
    Story.objects.filter(pk=withdrawn).update(status=Story.Status.WITHDRAWN, withdrawn_at=timezone.now())
    removed = said["feedback"][0]
    Feedback.objects.filter(pk=removed).update(removed_at=timezone.now())
    run = theme_run_now(actor=None, seed=1, theme_count=3)
    assert run.texts == 58
    members = FoundThemeMember.objects.filter(theme__run=run)
    assert not members.filter(source="story", source_id=withdrawn).exists()
    assert not members.filter(source="feedback", source_id=removed).exists()


def test_performing_a_run_again_changes_nothing(said) -> None:  # type: ignore[no-untyped-def]
    run = theme_run_now(actor=None, seed=1, theme_count=3)
    before = list(FoundThemeMember.objects.filter(theme__run=run).values_list("pk", flat=True))
    again = theme_run_perform(run_id=run.pk)
    assert again is not None and again.status == ThemeRun.Status.DONE
    assert list(FoundThemeMember.objects.filter(theme__run=run).values_list("pk", flat=True)) == before
    assert theme_run_perform(run_id=999_999) is None


def test_a_run_retried_after_a_crash_is_rewritten_whole(said) -> None:  # type: ignore[no-untyped-def]
    run = theme_run_now(actor=None, seed=1, theme_count=3)
    themes_before = run.themes.count()
    # As if a worker died after writing: the run is still marked running, with its themes there.
    ThemeRun.objects.filter(pk=run.pk).update(status=ThemeRun.Status.RUNNING)
    again = theme_run_perform(run_id=run.pk)
    assert again is not None and again.status == ThemeRun.Status.DONE
    assert again.themes.count() == themes_before
    assert FoundThemeMember.objects.filter(theme__run=run).count() == 60


def test_a_failure_is_recorded_on_the_run(said, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise MemoryError("out of memory")

    monkeypatch.setattr(themes_service, "themes_find", broken)
    run = theme_run_now(actor=None, seed=1, theme_count=3)
    assert run.status == ThemeRun.Status.FAILED and "MemoryError" in run.error
    assert not run.themes.exists()


def test_asking_twice_queues_one_run(said, facilitator, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = theme_run_request(actor=facilitator, theme_count=3)
        second = theme_run_request(actor=facilitator, theme_count=5)
    assert first.pk == second.pk and first.status == ThemeRun.Status.QUEUED
    assert len(callbacks) == 1
    assert AuditEntry.objects.filter(action="stories.themes_request", actor=facilitator).count() == 1
    # The queue (here the immediate backend) runs the task, which finds the themes.
    callbacks[0]()
    first.refresh_from_db()
    assert first.status == ThemeRun.Status.DONE and first.themes.count() == 3


def test_bad_settings_are_refused(db: None) -> None:
    with pytest.raises(ThemeRunError):
        theme_run_request(actor=None, theme_count=1)
    with pytest.raises(ThemeRunError):
        theme_run_request(actor=None, theme_count=21)
    with pytest.raises(ThemeRunError):
        theme_run_request(actor=None, seed=-1)


def test_a_new_kind_of_text_can_be_registered(said) -> None:  # type: ignore[no-untyped-def]
    harvest = [(1, " ".join(["garden allotment seeds compost"] * 3)), (2, "bus ramp wheelchair taxi route")]
    saved = dict(THEME_TEXT_SOURCES)
    try:
        theme_text_source_register(ThemeTextSource(FoundThemeMember.Source.HARVEST, lambda: iter(harvest)))
        run = theme_run_now(actor=None, seed=1, theme_count=3)
    finally:
        THEME_TEXT_SOURCES.clear()
        THEME_TEXT_SOURCES.update(saved)
    assert run.texts == 62
    assert set(
        FoundThemeMember.objects.filter(theme__run=run, source="harvest").values_list("source_id", flat=True)
    ) == {1, 2}


def test_the_command_runs_and_prints_the_themes(said) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("stories-themes", "--seed", "3", "--themes", "3", stdout=out)
    run = ThemeRun.objects.get()
    assert run.seed == 3 and run.theme_count == 3 and run.status == ThemeRun.Status.DONE
    assert "60 texts, 3 themes" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("stories-themes", "--themes", "99", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("stories-themes", "--seed", "-2", stdout=StringIO())


def test_story_themes_name_real_topics(said) -> None:  # type: ignore[no-untyped-def]
    run = theme_run_now(actor=None, seed=0, theme_count=3)
    named = sorted(topic_of(theme.terms) for theme in FoundTheme.objects.filter(run=run))
    assert named == ["garden", "transport", "waiting"]


def test_runs_someone_asked_for_are_in_their_download_and_let_go_on_closing(said, facilitator) -> None:  # type: ignore[no-untyped-def]
    from coproduce.stories.privacy import theme_runs_close, theme_runs_count, theme_runs_section

    run = theme_run_now(actor=facilitator, seed=2, theme_count=3)
    rows = list(theme_runs_section(facilitator))
    assert theme_runs_count(facilitator) == 1
    assert rows[0]["themes_looked_for"] == 3 and rows[0]["seed"] == 2 and rows[0]["status"] == "done"
    assert theme_runs_close(facilitator) == {"theme_runs_detached": 1}
    run.refresh_from_db()
    assert run.requested_by is None and run.themes.count() == 3
