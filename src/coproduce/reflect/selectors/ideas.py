"""Reads for the ideas page."""

from __future__ import annotations

from django.db.models import Count

from coproduce.reflect.models import Idea, IdeaChoice, Participant, ReflectionRound


def round_ideas(round_: ReflectionRound) -> list[Idea]:
    """Every idea with how many participants chose it (`dots`), the most chosen first once choosing has begun."""
    ideas = round_.ideas.annotate(dots=Count("choices"))
    if round_.choosing_opened_at is not None:
        return list(ideas.order_by("-chosen", "-dots", "pk"))
    return list(ideas.order_by("pk"))


def my_choices(participant: Participant | None) -> list[int]:
    if participant is None:
        return []
    return list(IdeaChoice.objects.filter(participant=participant).values_list("idea_id", flat=True))
