"""Reading pioneer nominations, grouped by the person nominated, for facilitators."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, QuerySet

from coproduce.people.models import Person, PioneerNomination


@dataclass(frozen=True)
class PioneerNominee:
    person: Person
    count: int
    latest_at: datetime
    nominations: list[PioneerNomination]


def pioneer_nominees() -> QuerySet[Person]:
    """Everyone nominated at least once, most recently nominated first. Paginate this, then group the page."""
    return (
        Person.objects.annotate(
            nomination_count=Count("pioneer_nominations"),
            latest_nomination=Max("pioneer_nominations__created_at"),
        )
        .filter(nomination_count__gt=0)
        .order_by("-latest_nomination", "pk")
    )


def pioneer_nominee_groups(nominees: Sequence[Person]) -> list[PioneerNominee]:
    """The nominations of a page of nominees, newest first, in one query."""
    by_nominee: dict[int, list[PioneerNomination]] = defaultdict(list)
    nominations = (
        PioneerNomination.objects.filter(nominee__in=[person.pk for person in nominees])
        .select_related("nominated_by")
        .order_by("-created_at", "-pk")
    )
    for nomination in nominations:
        by_nominee[nomination.nominee_id].append(nomination)
    return [
        PioneerNominee(
            person=person,
            count=person.nomination_count,  # type: ignore[attr-defined]
            latest_at=person.latest_nomination,  # type: ignore[attr-defined]
            nominations=by_nominee[person.pk],
        )
        for person in nominees
    ]
