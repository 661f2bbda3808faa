"""Brackenfold's demo plans: loaded once, with owners, dates, progress and something running late."""

from __future__ import annotations

import pytest

from coproduce.demo.plans import PLANS
from coproduce.demo.services import demo_place_load
from coproduce.people.models import Person
from coproduce.plans.models import Action, ActionUpdate, Plan
from coproduce.plans.selectors import actions_mine, actions_overdue

pytestmark = pytest.mark.django_db


def test_the_demo_plans_load_once_with_owners_and_progress():
    first = demo_place_load()
    counts = (Plan.objects.count(), Action.objects.count(), ActionUpdate.objects.count())
    second = demo_place_load()

    assert first.plans_added == sum(1 + len(p.actions) + sum(len(a.updates) for a in p.actions) for p in PLANS)
    assert second.plans_added == 0 and not second.changed
    assert counts == (Plan.objects.count(), Action.objects.count(), ActionUpdate.objects.count())
    assert counts[0] == len(PLANS)

    assert actions_overdue().exists()
    assert Action.objects.filter(status=Action.Status.DONE, completed_at__isnull=False).exists()
    assert Action.objects.filter(status=Action.Status.COULD_NOT).exists()
    zainab = Person.objects.get(email="zainab.hussain@brackenfold.example")
    assert actions_mine(zainab).filter(status=Action.Status.IN_PROGRESS).exists()
    for plan in Plan.objects.all():
        assert plan.created_by is not None and plan.organisation is not None and plan.service is not None


def test_a_removed_demo_action_comes_back_and_nothing_else_is_added():
    demo_place_load()
    Action.objects.filter(what=PLANS[0].actions[0].what).delete()
    assert demo_place_load().plans_added == 1 + len(PLANS[0].actions[0].updates)
