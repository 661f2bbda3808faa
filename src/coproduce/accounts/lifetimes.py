"""How long links last, for the words on pages and in emails, so they always match the settings."""

from __future__ import annotations

import math

from django.conf import settings

from coproduce.accounts.models import INVITATION_LIFETIME


def link_lifetimes() -> dict[str, int]:
    return {
        "link_minutes": math.ceil(settings.SESAME_MAX_AGE / 60),
        "reset_hours": math.ceil(settings.PASSWORD_RESET_TIMEOUT / 3600),
        "invitation_days": INVITATION_LIFETIME.days,
    }
