"""Reads for the rounds pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from coproduce.organisations.models import Organisation
from coproduce.organisations.roles import FACILITATING, held_roles
from coproduce.people.models import Person
from coproduce.reflect.models import Participant, ReflectionRound


def organisations_to_reflect_on(person: Person) -> list[Organisation]:
    """Organisations the person may open a round for: all of them for a place admin, else those they facilitate."""
    organisations = Organisation.objects.order_by("name")
    if getattr(person, "is_place_admin", False):
        return list(organisations)
    ids = {org for org, role in held_roles(person) if role in FACILITATING}
    return list(organisations.filter(pk__in=ids))


def _with_counts(rounds: QuerySet[ReflectionRound]) -> QuerySet[ReflectionRound]:
    return rounds.select_related("framework", "organisation", "service").annotate(
        answered=Count("participants", filter=Q(participants__submitted_at__isnull=False), distinct=True),
        invited=Count("participants", distinct=True),
    )


def rounds_run_by(person: Person) -> list[ReflectionRound]:
    ids = {org for org, role in held_roles(person) if role in FACILITATING}
    return list(_with_counts(ReflectionRound.objects.filter(Q(organisation_id__in=ids) | Q(opened_by=person)))[:100])


def rounds_taking_part(person: Person) -> list[Participant]:
    return list(
        Participant.objects.filter(person=person)
        .select_related("round__framework", "round__organisation", "round__service")
        .order_by("-round__opened_at")[:100]
    )


def round_participants(round_: ReflectionRound) -> list[Participant]:
    return list(round_.participants.select_related("person").annotate(answer_count=Count("answers")))


def perspective_counts(participants: list[Participant]) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, Any]] = {}
    for participant in participants:
        row = counts.setdefault(
            participant.perspective,
            {"label": participant.get_perspective_display(), "invited": 0, "answered": 0},
        )
        row["invited"] += 1
        row["answered"] += participant.submitted_at is not None
    return list(counts.values())
