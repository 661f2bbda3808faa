"""Who may do what in reflection rounds."""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.roles import (
    is_facilitator_anywhere,
    is_facilitator_of,
    is_org_admin,
    is_org_admin_anywhere,
)
from coproduce.people.predicates import is_place_admin, is_signed_in


@rules.predicate
def runs_round(user: Any, round_: Any) -> bool:
    """The facilitators and admins of the round's organisation, and whoever opened it."""
    from coproduce.reflect.models import ReflectionRound

    if not isinstance(round_, ReflectionRound) or not is_signed_in(user):
        return False
    if round_.opened_by_id == user.pk:
        return True
    organisation = round_.organisation
    return is_facilitator_of(user, organisation) or is_org_admin(user, organisation)


@rules.predicate
def took_part(user: Any, round_: Any) -> bool:
    from coproduce.reflect.models import ReflectionRound

    if not isinstance(round_, ReflectionRound) or not is_signed_in(user):
        return False
    return round_.participants.filter(person=user).exists()


@rules.predicate
def answers_as(user: Any, participant: Any) -> bool:
    """Your own answers; and the facilitator types in answers given in the room or on paper."""
    from coproduce.reflect.models import Participant

    if not isinstance(participant, Participant) or not is_signed_in(user):
        return False
    if participant.person_id is not None:
        return bool(participant.person_id == user.pk)
    return bool(is_place_admin(user) or runs_round(user, participant.round))


rules.add_perm("reflect.use", is_signed_in)
rules.add_perm("reflect.open_round", is_place_admin | is_facilitator_anywhere | is_org_admin_anywhere)
rules.add_perm("reflect.run_round", is_place_admin | runs_round)
# Everyone who took part sees the results: giving everything back is part of the method.
rules.add_perm("reflect.view_results", is_place_admin | runs_round | took_part)
rules.add_perm("reflect.answer", answers_as)
rules.add_perm("reflect.view_overview", is_place_admin | is_facilitator_anywhere | is_org_admin_anywhere)
rules.add_perm("reflect.load_framework", is_place_admin)


@rules.predicate
def may_see_round_of(user: Any, obj: Any) -> bool:
    """An idea (or anything else of a round's) is seen by whoever may see the round's results."""
    round_ = getattr(obj, "round", None)
    return bool(is_place_admin(user) or runs_round(user, round_) or took_part(user, round_))


# Plans show where an action came from only to people allowed to see it (see plans/selectors.py came_from).
rules.add_perm("reflect.view_idea", may_see_round_of)
rules.add_perm("reflect.view_reflectionround", is_place_admin | runs_round | took_part)
