"""Who must use a second factor (TOTP): anyone who can change other people's access."""

from __future__ import annotations

from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person


def needs_two_factor(person: Person) -> bool:
    if person.is_place_admin:
        return True
    return Membership.objects.filter(person=person, role=Role.ORG_ADMIN).exists()
