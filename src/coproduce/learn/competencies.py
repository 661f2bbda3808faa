"""The workforce competencies that goals and training notes can be tied to: the dimensions of the newest offered
version of the "workforce-competencies" reflection framework, so that learning and reflection name them alike."""

from __future__ import annotations

COMPETENCY_FRAMEWORK = "workforce-competencies"


def competency_choices() -> list[tuple[str, str]]:
    """(key, title) of each workforce competency. One query."""
    from coproduce.reflect.selectors.frameworks import frameworks_offered

    framework = next((f for f in frameworks_offered() if f.slug == COMPETENCY_FRAMEWORK), None)
    if framework is None:
        return []
    return [(dimension.key, dimension.title) for dimension in framework.definition.dimensions]


def competency_title(key: str) -> str:
    """One competency's title; for many, build `dict(competency_choices())` once instead."""
    return dict(competency_choices()).get(key, "") if key else ""
