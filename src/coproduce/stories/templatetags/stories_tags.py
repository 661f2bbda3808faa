"""How a story names its teller and its gatherer, and the count of stories gathered on a person's profile."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from coproduce.stories.models import Story
from coproduce.stories.prompts import prompt_for
from coproduce.stories.selectors.stories import gathered_count, principle_titles

register = template.Library()


@register.filter
def teller_label(story: Story) -> str:
    """The name shown with a story: never the private name of a teller without an account."""
    if story.identity == Story.Identity.NAMED and story.teller is not None and story.teller.is_active:
        return story.teller.display_name
    if story.identity == Story.Identity.USERNAME and story.pen_name:
        return story.pen_name
    return _("Anonymous")


@register.filter
def gatherer_label(story: Story) -> str:
    gatherer = story.gathered_by
    if gatherer is None:
        return ""
    if not gatherer.is_active:
        return _("a story gatherer")
    return gatherer.display_name


@register.filter
def prompt_question(key: str) -> str:
    prompt = prompt_for(key)
    return str(prompt.question) if prompt else ""


@register.filter
def principle_names(story: Story) -> list[str]:
    return principle_titles(list(story.principles or []))


@register.inclusion_tag("stories/gather_profile.html")
def stories_gathered_on_profile(page: Any) -> dict[str, Any]:
    """`page` is the people app's profile page: the count shows to others only where the profile may be seen."""
    is_self = bool(page.is_self)
    shown = is_self or bool(page.consented)
    return {"count": gathered_count(page.person) if shown else 0, "is_self": is_self}
