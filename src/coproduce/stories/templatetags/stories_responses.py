"""`{% story_responses story %}`: the services' responses and what is being done, for a story's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.template.context import Context

from coproduce.stories.models import Story
from coproduce.stories.selectors.responses import response_section

register = template.Library()


@register.inclusion_tag("stories/response_section.html", takes_context=True)
def story_responses(context: Context, story: Story) -> dict[str, Any]:
    request = context.get("request")
    viewer = getattr(request, "user", None) or AnonymousUser()
    return {"story": story, "section": response_section(story, viewer)}
