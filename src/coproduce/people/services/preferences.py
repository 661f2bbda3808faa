"""Writes about a person's own account."""

from __future__ import annotations

from django.db import transaction

from coproduce.core.services import audit_record
from coproduce.people.models import Person


def person_preferences_update(
    *, person: Person, easy_read: bool, larger_text: bool, reduced_motion: bool, language: str
) -> Person:
    with transaction.atomic():
        person.easy_read = easy_read
        person.larger_text = larger_text
        person.reduced_motion = reduced_motion
        person.language = language
        person.save(update_fields=["easy_read", "larger_text", "reduced_motion", "language"])
        audit_record(actor=person, action="person.preferences_update", target=person)
    return person
