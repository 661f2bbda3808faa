"""The learn home page: my goals, and the ways in to failures that teach and training."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.permissions import require_perm
from coproduce.learn.competencies import competency_choices
from coproduce.learn.selectors.goals import goals_of, steps_to_recognise_count
from coproduce.people.models import Person


@require_perm("learn.use")
def home(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, Person)
    goals = goals_of(person)
    may_recognise = person.has_perm("learn.see_steps_to_recognise")
    return render(
        request,
        "learn/home.html",
        {
            "working_on": [goal for goal in goals if goal.achieved_at is None],
            "achieved": sorted(
                (goal for goal in goals if goal.achieved_at is not None),
                key=lambda goal: goal.achieved_at,
                reverse=True,
            ),
            "competencies": dict(competency_choices()),
            "may_recognise": may_recognise,
            "to_recognise": steps_to_recognise_count(person) if may_recognise else 0,
        },
    )
