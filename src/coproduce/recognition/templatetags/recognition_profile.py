"""The badges on a person's profile page, as a tag the people app's profile template includes."""

from __future__ import annotations

from typing import Any

from django import template

from coproduce.recognition.selectors.badges import profile_badges as profile_badges_of

register = template.Library()


@register.inclusion_tag("recognition/profile_badges.html")
def profile_badges(page: Any) -> dict[str, Any]:
    """`page` is the profile page (people.selectors.profiles.ProfilePage): who it is about, whether the viewer is
    them, and whether their profile may be seen by others at all."""
    is_self = bool(page.is_self)
    return {
        "awards": profile_badges_of(page.person, is_self=is_self, profile_visible=bool(page.consented)),
        "is_self": is_self,
    }
