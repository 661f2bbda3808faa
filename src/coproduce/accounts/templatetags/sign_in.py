"""Small template helpers for the sign-in pages."""

from __future__ import annotations

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(duration: timedelta | None) -> int:
    """Minutes, rounded up, so "wait 15 minutes" is never shorter than the real wait."""
    if duration is None:
        return 0
    return math.ceil(duration.total_seconds() / 60)
