from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coproduce.core.navigation import navigation_for
from coproduce.core.services import place_get


def place(request: HttpRequest) -> dict[str, Any]:
    return {
        "place": place_get(),
        "nav_items": navigation_for(request),
        "demo_mode": settings.COPRODUCE_DEMO_MODE,
        "prefs": getattr(request, "preferences", None),
    }
