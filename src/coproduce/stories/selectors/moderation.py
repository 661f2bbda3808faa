"""Reads for moderation: the queue of stories waiting to be checked, one story with its flags, the words with the
flags marked, a suggestion waiting for its teller, and the history of a story's words."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from coproduce.organisations.models import Service
from coproduce.organisations.roles import FACILITATING, held_roles
from coproduce.people.predicates import is_place_admin
from coproduce.stories.models import IdentifyingDetail, Story, StoryRevision

QUEUE_PAGE_SIZE = 10


def moderation_queue(viewer: Any) -> QuerySet[Story]:
    """Stories waiting to be checked that the viewer may check, oldest first (see rules.moderates)."""
    stories = Story.objects.filter(status=Story.Status.WAITING)
    if is_place_admin(viewer):
        return stories.order_by("submitted_at", "pk")
    facilitates = {org for org, role in held_roles(viewer) if role in FACILITATING}
    if not facilitates:
        return stories.none()
    named = Story.services.through.objects.filter(story_id=OuterRef("pk"))
    ours = named.filter(service__organisation_id__in=facilitates)
    return stories.filter(Q(Exists(ours)) | ~Q(Exists(named))).order_by("submitted_at", "pk")


def _for_moderation(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.select_related("teller", "gathered_by").prefetch_related(
        Prefetch("services", queryset=Service.objects.select_related("organisation").order_by("name")),
        Prefetch("identifying_details", queryset=IdentifyingDetail.objects.select_related("resolved_by")),
        Prefetch(
            "revisions",
            queryset=StoryRevision.objects.filter(proposal=StoryRevision.Proposal.WAITING).select_related("edited_by"),
            to_attr="waiting_suggestions",
        ),
    )


def queue_page(viewer: Any, page_number: str | int | None) -> Page[Story]:
    paginator = Paginator(moderation_queue(viewer), QUEUE_PAGE_SIZE)
    page = paginator.get_page(page_number)
    # Prefetch for this page's stories only: the page costs the same however long the queue is.
    ids = [story.pk for story in page.object_list]
    by_id = {story.pk: story for story in _for_moderation(Story.objects.filter(pk__in=ids))}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def story_for_moderation(story_id: int) -> Story:
    return _for_moderation(Story.objects.all()).get(pk=story_id)


def unresolved(story: Story) -> list[IdentifyingDetail]:
    return [detail for detail in story.identifying_details.all() if detail.resolved_at is None]


def kept(story: Story) -> list[IdentifyingDetail]:
    return [detail for detail in story.identifying_details.all() if detail.resolved_at is not None]


def waiting_suggestion(story: Story) -> StoryRevision | None:
    waiting: list[StoryRevision] | None = getattr(story, "waiting_suggestions", None)
    if waiting is None:
        waiting = list(
            StoryRevision.objects.filter(story=story, proposal=StoryRevision.Proposal.WAITING).select_related(
                "edited_by"
            )
        )
    return waiting[0] if waiting else None


def suggestions_waiting_for(person: Any) -> QuerySet[StoryRevision]:
    """Suggested changes waiting for this person's answer: on their own stories, and on stories they gathered for
    someone without an account. For "My stories" and a story's own page."""
    return (
        StoryRevision.objects.filter(proposal=StoryRevision.Proposal.WAITING, story__status=Story.Status.WAITING)
        .filter(Q(story__teller=person) | Q(story__teller__isnull=True, story__gathered_by=person))
        .select_related("story")
        .order_by("created_at", "pk")
    )


# --- the words with their flags marked ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A piece of a story's words: plain, or a flagged detail (with its kind in words, and whether it is kept)."""

    text: str
    detail: IdentifyingDetail | None = None

    @property
    def kind_label(self) -> str:
        return str(self.detail.get_kind_display()) if self.detail is not None else ""

    @property
    def kept(self) -> bool:
        return self.detail is not None and self.detail.resolved_at is not None


def marked(text: str, details: Sequence[IdentifyingDetail]) -> list[Part]:
    """The text in pieces, each flagged detail its own piece. A detail whose position no longer matches the words
    (they changed since it was found) is looked for by its text instead."""
    placed: list[tuple[int, IdentifyingDetail]] = []
    taken: list[tuple[int, int]] = []
    for detail in sorted(details, key=lambda d: (d.start, d.pk or 0)):
        start = detail.start
        if text[start : start + len(detail.text)] != detail.text:
            start = text.find(detail.text)
        end = start + len(detail.text)
        if start < 0 or not detail.text or any(start < b and a < end for a, b in taken):
            continue
        placed.append((start, detail))
        taken.append((start, end))
    parts: list[Part] = []
    position = 0
    for start, detail in sorted(placed, key=lambda item: item[0]):
        if start > position:
            parts.append(Part(text[position:start]))
        parts.append(Part(detail.text, detail))
        position = start + len(detail.text)
    if position < len(text):
        parts.append(Part(text[position:]))
    return parts


def title_parts(story: Story) -> list[Part]:
    return marked(story.title, [d for d in story.identifying_details.all() if d.in_title])


def body_parts(story: Story) -> list[Part]:
    return marked(story.body, [d for d in story.identifying_details.all() if not d.in_title])


# --- the history of a story's words ------------------------------------------------------------------------------

# Words and punctuation, each with the spaces after it, so a comparison reads in whole words.
_TOKENS = re.compile(r"\w+\s*|[^\w\s]+\s*|\s+")


@dataclass(frozen=True)
class Change:
    """A piece of a comparison: kept as it was ("same"), taken out ("removed") or put in ("added")."""

    op: str
    text: str


def compared(before: str, after: str) -> list[Change]:
    """Word by word, what changed from `before` to `after`."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    # A short run of common words between two changes ("the", a space) reads better as part of one change.
    merged: list[list[Any]] = []
    for op, a1, a2, b1, b2 in opcodes:
        joins = op != "equal" or (a2 - a1 <= 1 and not "".join(old[a1:a2]).strip(" \t,."))
        if merged and merged[-1][0] != "equal" and joins:
            merged[-1][2], merged[-1][4] = a2, b2
        else:
            merged.append([op if op == "equal" else "replace", a1, a2, b1, b2])
    for op, a1, a2, b1, b2 in merged:
        if op == "equal":
            changes.append(Change("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            changes.append(Change("removed", "".join(old[a1:a2])))
        if b2 > b1:
            changes.append(Change("added", "".join(new[b1:b2])))
    return changes


@dataclass(frozen=True)
class RevisionView:
    revision: StoryRevision
    title_changes: list[Change]
    body_changes: list[Change]

    @property
    def title_changed(self) -> bool:
        return any(change.op != "same" for change in self.title_changes)


def revisions_for_page(story: Story) -> list[RevisionView]:
    """Every change to the story's words, oldest first, each compared with the words it replaced (or, for a
    suggestion, the words it was suggested for)."""
    revisions = StoryRevision.objects.filter(story=story).select_related("edited_by", "answer_recorded_by")
    return [
        RevisionView(
            revision=revision,
            title_changes=compared(revision.previous_title or revision.title, revision.title),
            body_changes=compared(revision.previous_body or revision.body, revision.body),
        )
        for revision in revisions.order_by("created_at", "pk")
    ]
