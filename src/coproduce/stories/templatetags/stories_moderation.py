"""Moderation's notices on pages the teller already visits: a suggested change waiting for their answer (on their
story's page and on "My stories"), and why a story was not published."""

from __future__ import annotations

from typing import Any

from django import template

from coproduce.stories.models import Story
from coproduce.stories.rules import answers_suggested_change
from coproduce.stories.selectors.moderation import suggestions_waiting_for, waiting_suggestion

register = template.Library()


@register.inclusion_tag("stories/suggested_change_notice.html", takes_context=True)
def suggestion_notice(context: Any, story: Story) -> dict[str, Any]:
    """On a story's page, for whoever answers its suggestions (the teller, or for a teller without an account,
    whoever gathered it): a suggestion waiting, or why it was not published."""
    user = context.get("user")
    is_own = user is not None and user.is_authenticated and user.pk in (story.teller_id, story.gathered_by_id)
    suggestion = None
    if story.status == Story.Status.WAITING and is_own and answers_suggested_change(user, story):
        suggestion = waiting_suggestion(story)
    return {"story": story, "suggestion": suggestion, "show_reason": is_own, "suggestions": []}


@register.inclusion_tag("stories/suggested_change_notice.html", takes_context=True)
def suggestions_notice(context: Any) -> dict[str, Any]:
    """On "My stories": every suggestion waiting for this person's answer."""
    user = context.get("user")
    suggestions = list(suggestions_waiting_for(user)) if user is not None and user.is_authenticated else []
    return {"story": None, "suggestion": None, "show_reason": False, "suggestions": suggestions}
