"""What stories add to a person's download and to closing their account.

The download holds every story the person told, in full, and a line for each story they wrote down for someone
else (what it was and where it is, not the other person's words: those belong to the teller).

Closing keeps the stories they told and sent, since services may have answered them and others learned from them,
but makes them anonymous: no name, no chosen name, no link to the account. Drafts, which nobody else has read, are
deleted, including drafts they were writing down for someone else.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from coproduce.people.models import Person
from coproduce.stories.models import Story

EXPORT_COLUMNS = (
    "role",
    "title",
    "story",
    "status",
    "who_may_read",
    "signed",
    "name_shown",
    "services",
    "themes",
    "feeling",
    "teller_agreed_at",
    "started",
    "sent",
    "published",
    "withdrawn",
)


def _mine(person: Person) -> Any:
    return (
        Story.objects.filter(Q(teller=person) | Q(gathered_by=person))
        .prefetch_related("services", "themes")
        .order_by("created_at", "pk")
    )


def stories_section(person: Person) -> Iterator[dict[str, Any]]:
    for story in _mine(person):
        told = story.teller_id == person.pk
        yield {
            "role": "told" if told else "gathered",
            "title": story.title,
            "story": story.body if told else "",
            "status": story.status,
            "who_may_read": story.reach,
            "signed": story.identity,
            "name_shown": story.pen_name if told else "",
            "services": "; ".join(service.name for service in story.services.all()),
            "themes": "; ".join(theme.name for theme in story.themes.all()),
            "feeling": story.feeling if told else "",
            "teller_agreed_at": story.teller_consent_at,
            "started": story.created_at,
            "sent": story.submitted_at,
            "published": story.published_at,
            "withdrawn": story.withdrawn_at,
        }


def stories_count(person: Person) -> int:
    return Story.objects.filter(Q(teller=person) | Q(gathered_by=person)).count()


def stories_close(person: Person) -> dict[str, Any]:
    drafts = Story.objects.filter(status=Story.Status.DRAFT).filter(
        Q(teller=person, gathered_by__isnull=True) | Q(gathered_by=person)
    )
    drafts_deleted = drafts.delete()[1].get(Story._meta.label, 0)
    anonymised = Story.objects.filter(teller=person).update(
        teller=None, teller_name="", pen_name="", identity=Story.Identity.ANONYMOUS
    )
    return {"drafts_deleted": drafts_deleted, "stories_anonymised": anonymised}


def register() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "stories.csv",
        stories_section,
        description=gettext_lazy(
            "The stories you told, in full, with who you chose may read each one, how it was signed, the "
            "services and themes, and when it was sent, published or withdrawn. Stories you wrote down for "
            "other people are listed by title and where they are, without their words, which belong to them."
        ),
        columns=EXPORT_COLUMNS,
        count=stories_count,
    )
    register_close_step("stories_telling", stories_close)
    register_responses_and_feedback()
    register_themes()
    # Moderation: suggested changes to a person's stories, and those they suggested or answered for someone.
    register_export_section(
        "story_changes.csv",
        story_changes_section,
        description=gettext_lazy(
            "Changes suggested to the words of your stories before they were published, with why, who suggested "
            "them and your answer; and changes you suggested, or answered for a teller, when checking stories "
            "others told (listed without their words, which belong to them)."
        ),
        columns=STORY_CHANGES_COLUMNS,
        count=story_changes_count,
    )


# --- moderation ---------------------------------------------------------------------------------------------------

STORY_CHANGES_COLUMNS = (
    "role",
    "story",
    "suggested",
    "why",
    "answer",
    "answered",
    "your_note",
    "words_before",
    "words_suggested",
)


def _changes(person: Person) -> Any:
    from coproduce.stories.models import StoryRevision

    return (
        StoryRevision.objects.filter(Q(story__teller=person) | Q(edited_by=person) | Q(answer_recorded_by=person))
        .select_related("story")
        .order_by("created_at", "pk")
    )


def story_changes_section(person: Person) -> Iterator[dict[str, Any]]:
    for revision in _changes(person):
        own = revision.story.teller_id == person.pk
        yield {
            "role": "my story" if own else ("suggested" if revision.edited_by_id == person.pk else "answered for"),
            "story": revision.story.title,
            "suggested": revision.created_at,
            "why": revision.reason,
            "answer": revision.proposal or "changed",
            "answered": revision.answered_at,
            "your_note": revision.teller_note if own or revision.answer_recorded_by_id == person.pk else "",
            "words_before": revision.previous_body if own else "",
            "words_suggested": revision.body if own else "",
        }


def story_changes_count(person: Person) -> int:
    return int(_changes(person).count())


# --- responses and feedback to managers ---------------------------------------------------------------------------

FEEDBACK_COLUMNS = ("service", "sent", "your_words", "how_to_reach_you", "read", "note_to_you", "removed", "why")
RESPONSE_COLUMNS = ("story", "service", "your_response", "change", "written", "changed")


def _feedback_sent(person: Person) -> Any:
    from coproduce.stories.models import Feedback

    # Feedback sent without a name is not here: nothing links it to the person, by design.
    return Feedback.objects.filter(teller=person).select_related("service").order_by("created_at", "pk")


def feedback_section(person: Person) -> Iterator[dict[str, Any]]:
    for feedback in _feedback_sent(person):
        yield {
            "service": feedback.service.name,
            "sent": feedback.created_at,
            "your_words": feedback.body,
            "how_to_reach_you": feedback.teller_contact,
            "read": feedback.acknowledged_at,
            "note_to_you": feedback.acknowledgement,
            "removed": feedback.removed_at,
            "why": feedback.removed_reason,
        }


def feedback_count(person: Person) -> int:
    return int(_feedback_sent(person).count())


def _responses_written(person: Person) -> Any:
    from coproduce.stories.models import Response

    return Response.objects.filter(author=person).select_related("story", "service").order_by("created_at", "pk")


def responses_section(person: Person) -> Iterator[dict[str, Any]]:
    for response in _responses_written(person):
        yield {
            "story": response.story.title,
            "service": response.service.name,
            "your_response": response.body,
            "change": response.change,
            "written": response.created_at,
            "changed": response.edited_at,
        }


def responses_count(person: Person) -> int:
    return int(_responses_written(person).count())


def feedback_close(person: Person) -> dict[str, Any]:
    """Feedback stays with the service's managers (it was said to them), but no longer leads back to the person,
    and any way to reach them they left goes. Responses they wrote for a service stay published: they were the
    service's words, and the account's name is anonymised by closing itself."""
    from coproduce.stories.models import Feedback

    unlinked = Feedback.objects.filter(teller=person).update(teller=None, teller_contact="")
    return {"feedback_unlinked": unlinked}


def register_responses_and_feedback() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "feedback_to_managers.csv",
        feedback_section,
        description=gettext_lazy(
            "What you told services’ managers under your name: the service, your words, any way to reach you you "
            "left, and whether and when they read it, with their note. Anything you sent without your name is not "
            "here, because nothing links it to you."
        ),
        columns=FEEDBACK_COLUMNS,
        count=feedback_count,
    )
    register_export_section(
        "story_responses.csv",
        responses_section,
        description=gettext_lazy(
            "Responses you wrote to stories for a service: the story, the service, your words, any change you "
            "reported, and when you wrote and last changed them."
        ),
        columns=RESPONSE_COLUMNS,
        count=responses_count,
    )
    register_close_step("stories_feedback", feedback_close)


# --- themes (services/themes.py) -----------------------------------------------------------------------------------
# Found themes hold only which stories and feedback belong to them, never who told them; what is about a person is
# that they asked for the themes to be found again.

THEME_RUN_COLUMNS = ("asked_at", "themes_looked_for", "seed", "status", "finished_at")


def _theme_runs(person: Person) -> Any:
    from coproduce.stories.models import ThemeRun

    return ThemeRun.objects.filter(requested_by=person).order_by("created_at", "pk")


def theme_runs_section(person: Person) -> Iterator[dict[str, Any]]:
    for run in _theme_runs(person):
        yield {
            "asked_at": run.created_at,
            "themes_looked_for": run.theme_count,
            "seed": run.seed,
            "status": run.status,
            "finished_at": run.finished_at,
        }


def theme_runs_count(person: Person) -> int:
    return int(_theme_runs(person).count())


def theme_runs_close(person: Person) -> dict[str, Any]:
    """The runs stay (their themes are the place's), no longer linked to the person who asked for them."""
    return {"theme_runs_detached": _theme_runs(person).update(requested_by=None)}


def register_themes() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "story_theme_runs.csv",
        theme_runs_section,
        description=gettext_lazy("Each time you asked for the themes across stories and feedback to be found again."),
        columns=THEME_RUN_COLUMNS,
        count=theme_runs_count,
    )
    register_close_step("stories_theme_runs", theme_runs_close)
