"""The "check your profile" banner, for pages outside the people app (the home page) to show."""

from __future__ import annotations

from typing import Any

from django import template

from coproduce.people.selectors.profiles import profile_awaiting_confirmation

register = template.Library()


@register.inclusion_tag("people/profiles_confirm_banner.html", takes_context=True)
def profile_confirm_banner(context: template.Context) -> dict[str, Any]:
    """Shown to a person whose profile a facilitator filled in with them, until they confirm it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "awaiting": profile_awaiting_confirmation(user) if user is not None else None,
        "show_link": True,
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "prefs": context.get("prefs"),
    }
