"""Predicates about a person's own account, used by every app's rules.py."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_place_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_place_admin)


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)
