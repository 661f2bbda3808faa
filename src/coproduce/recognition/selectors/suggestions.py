"""People the place's thresholds suggest for badges, for the facilitators to consider.

"Trained sessions" counts the held training sessions (learn app) a person helped train from lived experience.
"Gathered stories" counts the stories a person wrote down with someone that are published and not withdrawn (stories
app): a story its teller took back no longer counts towards anyone's recognition.

Whoever already has a badge, was offered it, declined it or had it taken back is not suggested for it again: a
suggestion is a nudge, and one answer is enough. The page costs the same few queries however many badges and
people there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count

from coproduce.learn.models import SessionTrainer
from coproduce.people.models import Person
from coproduce.recognition.models import Award, Badge, Nomination

# What each kind of threshold can count today.
COUNTABLE = frozenset({Badge.SuggestFor.SESSIONS_TRAINED, Badge.SuggestFor.STORIES_GATHERED})


@dataclass(frozen=True)
class Suggestion:
    person: Person
    count: int
    nominated: bool


@dataclass(frozen=True)
class BadgeSuggestions:
    badge: Badge
    available: bool
    people: list[Suggestion] = field(default_factory=list)


def sessions_trained_counts(at_least: int) -> dict[int, int]:
    """person id → held sessions they trained from lived experience, for people with open accounts."""
    rows = (
        SessionTrainer.objects.filter(
            lived_experience=True,
            session__held_at__isnull=False,
            person__is_active=True,
            person__closed_at__isnull=True,
        )
        .values("person_id")
        .annotate(n=Count("session_id", distinct=True))
        .filter(n__gte=at_least)
    )
    return {row["person_id"]: row["n"] for row in rows}


def stories_gathered_counts(at_least: int) -> dict[int, int]:
    """person id → published stories they gathered, for people with open accounts."""
    from coproduce.stories.selectors.stories import gathered_counts

    return gathered_counts(at_least)


COUNTERS: dict[str, Callable[[int], dict[int, int]]] = {
    Badge.SuggestFor.SESSIONS_TRAINED: sessions_trained_counts,
    Badge.SuggestFor.STORIES_GATHERED: stories_gathered_counts,
}


def badge_suggestions() -> list[BadgeSuggestions]:
    badges = list(
        Badge.objects.filter(retired_at__isnull=True)
        .exclude(suggest_for="")
        .filter(suggest_at__isnull=False)
        .defer("image")
        .order_by("name")
    )
    countable = [badge for badge in badges if badge.suggest_for in COUNTABLE]
    # One count per kind of threshold, from the lowest number any badge of that kind asks for.
    counts: dict[str, dict[int, int]] = {}
    for kind in sorted({badge.suggest_for for badge in countable}):
        lowest = min(badge.suggest_at or 1 for badge in countable if badge.suggest_for == kind)
        counts[kind] = COUNTERS[kind](lowest)
    counted = {pk for by_person in counts.values() for pk in by_person}
    had = set(
        Award.objects.filter(badge__in=countable, recipient_id__in=counted).values_list("badge_id", "recipient_id")
    )
    nominated = set(
        Nomination.objects.filter(
            badge__in=countable, nominee_id__in=counted, status=Nomination.Status.OPEN
        ).values_list("badge_id", "nominee_id")
    )
    people = Person.objects.in_bulk(list(counted)) if counted else {}
    result = []
    for badge in badges:
        if badge.suggest_for not in COUNTABLE:
            result.append(BadgeSuggestions(badge=badge, available=False))
            continue
        suggested = [
            Suggestion(person=people[pk], count=n, nominated=(badge.pk, pk) in nominated)
            for pk, n in counts[badge.suggest_for].items()
            if n >= (badge.suggest_at or 1) and (badge.pk, pk) not in had
        ]
        suggested.sort(key=lambda s: (-s.count, s.person.preferred_name.casefold(), s.person.pk))
        result.append(BadgeSuggestions(badge=badge, available=True, people=suggested))
    return result
