"""Reads for failures that teach. Stories are read one at a time or all together, newest first: never gathered or
counted by who told them, because these stories must never become a record of anyone's performance."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from coproduce.learn.models import FailurePraise, FailureStory, FailureThanks
from coproduce.organisations.models import Organisation
from coproduce.organisations.roles import organisation_ids


def _counted(stories: QuerySet[FailureStory]) -> QuerySet[FailureStory]:
    return stories.annotate(
        thanks_count=Count("thanks", distinct=True),
        learned_count=Count("thanks", filter=Q(thanks__learned_from_it=True), distinct=True),
        praise_count=Count("praise", distinct=True),
    )


def failures_list() -> QuerySet[FailureStory]:
    """Every story, newest first, with how many thanked it, learned from it and praised it. One query a page."""
    return _counted(FailureStory.objects.select_related("author", "organisation")).order_by("-created_at", "-pk")


def failure_detail(failure_id: int) -> FailureStory:
    return _counted(FailureStory.objects.select_related("author", "organisation")).get(pk=failure_id)


def failure_praise_list(story: FailureStory) -> list[FailurePraise]:
    return list(story.praise.select_related("by"))


def my_thanks(story: FailureStory, person: Any) -> FailureThanks | None:
    return FailureThanks.objects.filter(story=story, person_id=person.pk).first()


def organisations_to_tell_for(person: Any, keep: Organisation | None = None) -> QuerySet[Organisation]:
    """The organisations a story can be told for: the teller's own, and the one it already names if it does."""
    ids = set(organisation_ids(person))
    if keep is not None:
        ids.add(keep.pk)
    return Organisation.objects.filter(pk__in=ids).order_by("name")
