"""Who may do what with plans.

Plans are open to everyone signed in: "you said, we did" means the people who said can see what was done. Making
a plan is for the people who run things; changing one is for whoever made it and for the people who run the
organisation it belongs to; an action's own people (the person it was given to, or staff of the organisation it
was given to) may also say how it is going.
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.roles import FACILITATING, holds, is_facilitator_anywhere
from coproduce.people.predicates import is_place_admin, is_signed_in

# Who answers for an action given to an organisation: the people who work there.
WORKS_THERE = frozenset({Role.STAFF, Role.ORG_ADMIN, Role.FACILITATOR})


def _plan_of(target: Any) -> Any:
    from coproduce.plans.models import Action, Plan

    if isinstance(target, Action):
        return target.plan
    return target if isinstance(target, Plan) else None


@rules.predicate
def made_the_plan(user: Any, target: Any) -> bool:
    plan = _plan_of(target)
    return plan is not None and plan.created_by_id is not None and plan.created_by_id == getattr(user, "pk", None)


@rules.predicate
def runs_the_plans_organisation(user: Any, target: Any) -> bool:
    """Facilitates or administers the organisation the plan belongs to."""
    plan = _plan_of(target)
    return plan is not None and plan.organisation_id is not None and holds(user, FACILITATING, plan.organisation_id)


@rules.predicate
def owns_the_action(user: Any, action: Any) -> bool:
    """The action was given to them, or to an organisation they work for."""
    from coproduce.plans.models import Action

    if not isinstance(action, Action) or not is_signed_in(user):
        return False
    if action.owner_person_id is not None and action.owner_person_id == user.pk:
        return True
    return action.owner_organisation_id is not None and holds(user, WORKS_THERE, action.owner_organisation_id)


may_change_plan = is_signed_in & (made_the_plan | is_place_admin | runs_the_plans_organisation)

rules.add_perm("plans.view_plan", is_signed_in)
rules.add_perm("plans.create_plan", is_place_admin | is_facilitator_anywhere)
# Takes a plan, or an action (meaning its plan): adding, editing and changing the actions of a plan.
rules.add_perm("plans.change_plan", may_change_plan)
# Takes an action.
rules.add_perm("plans.post_update", may_change_plan | owns_the_action)
# The overdue list across the place is for the people who chase things up.
rules.add_perm("plans.view_overdue", is_place_admin | is_facilitator_anywhere)
