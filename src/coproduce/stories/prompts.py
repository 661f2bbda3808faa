"""Places to start a story from. A blank page is hard; a question helps, and nobody has to use one.

Open prompts ask about any experience, good or bad. Appreciative ones ask about a time something went well, so that
what works is noticed and can be done more often, not only what went wrong. The key is stored on the story, so a
prompt's wording can improve without changing the stories already told from it; a key is never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Prompt:
    key: str
    question: Any  # a lazy translation
    easy_read: Any
    appreciative: bool = False


PROMPTS: tuple[Prompt, ...] = (
    Prompt(
        key="what-happened",
        question=_("What happened, and what was it like for you?"),
        easy_read=_("What happened? How was it for you?"),
    ),
    Prompt(
        key="one-thing-to-change",
        question=_("If you could change one thing about a service you use, what would it be, and why?"),
        easy_read=_("What one thing would you change? Why?"),
    ),
    Prompt(
        key="time-listened-to",
        question=_("Tell us about a time when you felt really listened to."),
        easy_read=_("Tell us about a time someone really listened to you."),
        appreciative=True,
    ),
    Prompt(
        key="time-made-a-difference",
        question=_("Tell us about a time when someone went out of their way and it made a difference."),
        easy_read=_("Tell us about a time someone did more than they had to, and it helped."),
        appreciative=True,
    ),
    Prompt(
        key="time-things-worked",
        question=_("Tell us about a time when things worked well for you. What made it work?"),
        easy_read=_("Tell us about a time things went well. Why did they go well?"),
        appreciative=True,
    ),
)

BY_KEY: dict[str, Prompt] = {prompt.key: prompt for prompt in PROMPTS}


def prompt_for(key: str) -> Prompt | None:
    return BY_KEY.get(key)
