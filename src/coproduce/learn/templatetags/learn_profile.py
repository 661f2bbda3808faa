"""What a person chose to show of their learning, for their profile page (which belongs to the people app)."""

from __future__ import annotations

from typing import Any

from django import template

from coproduce.learn.selectors.goals import profile_learning

register = template.Library()


@register.inclusion_tag("learn/goal_profile.html", takes_context=True)
def learning_on_profile(context: template.Context, person: Any, is_self: bool = False) -> dict[str, Any]:
    """Goals the person shows and the notes recognising their steps that they show. Nothing else, ever: goals are
    private unless the learner chooses otherwise."""
    return {
        "learning": profile_learning(person),
        "person": person,
        "is_self": is_self,
        "prefs": context.get("prefs"),
        "request": context.get("request"),
    }
