from __future__ import annotations

import rules

from coproduce.people.models import Person


@rules.predicate
def is_place_admin(user: Person) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_place_admin)


@rules.predicate
def is_signed_in(user: Person) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


rules.add_perm("people.change_own_preferences", is_signed_in)
