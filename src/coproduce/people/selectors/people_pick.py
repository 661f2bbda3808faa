"""Finding people by name for the forms where someone records time for others (brokers, organisers, the pot)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.people.models import Person

# Without a search, a select lists this many people: all of them in a small place, the start of the list in a big
# one (the hint then says to search).
UNSEARCHED_LIMIT = 100
SEARCH_LIMIT = 50
MEMBERS_LIMIT = 200


def _active() -> QuerySet[Person]:
    return Person.objects.filter(is_active=True, closed_at__isnull=True).order_by("preferred_name", "id")


def people_to_choose(*, search: str = "", keep: Iterable[int | str | None] = ()) -> tuple[list[Person], bool]:
    """People for a select: those whose name includes `search` (or the first of everyone), plus anyone already
    chosen in `keep`, so a choice survives a new search. Also says whether the list was cut short."""
    people = _active()
    search = search.strip()
    limit = SEARCH_LIMIT if search else UNSEARCHED_LIMIT
    found = list((people.filter(preferred_name__icontains=search) if search else people)[: limit + 1])
    cut = len(found) > limit
    found = found[:limit]
    return _with_kept(found, people, keep), cut


def organisation_members(organisation_id: int, *, keep: Iterable[int | str | None] = ()) -> list[Person]:
    people = _active()
    members = list(people.filter(memberships__organisation_id=organisation_id).distinct()[:MEMBERS_LIMIT])
    return _with_kept(members, people, keep)


def _with_kept(found: list[Person], people: QuerySet[Person], keep: Iterable[int | str | None]) -> list[Person]:
    have = {person.pk for person in found}
    wanted: set[int] = set()
    for value in keep:
        if value is None or not str(value).isdigit():
            continue
        if int(value) not in have:
            wanted.add(int(value))
    if wanted:
        found = found + list(people.filter(pk__in=wanted))
        found.sort(key=lambda person: (person.preferred_name.casefold(), person.pk))
    return found


def person_labels(people: list[Person]) -> dict[int, str]:
    """Each person's name, with when they joined added where two share a name, so the right one is chosen."""
    counts = Counter(person.preferred_name.casefold() for person in people)
    labels = {}
    for person in people:
        label = person.preferred_name
        if counts[person.preferred_name.casefold()] > 1:
            label = _("%(name)s (joined %(when)s)") % {"name": label, "when": date_format(person.date_joined, "F Y")}
        labels[person.pk] = label
    return labels
