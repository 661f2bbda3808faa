"""Who may do what with badges.

Badges belong to the whole place, so the people who run things anywhere in it define them. Anyone signed in may
nominate someone: noticing a hidden talent is not a job title. Awarding is for facilitators and place admins, or
for everyone when the place has opened a badge to peers; nobody gives a badge to themselves. The recipient alone
accepts or declines it, and decides whether others see it. A badge given in error is taken back by a place admin
or by a facilitator who works beside whoever gave it, so one person's mistake can be put right without them.
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.roles import facilitates_person, is_facilitator_anywhere
from coproduce.people.predicates import is_place_admin, is_signed_in


def _badge_of(target: Any) -> Any:
    from coproduce.recognition.models import Award, Badge, Nomination

    if isinstance(target, Nomination | Award):
        return target.badge
    return target if isinstance(target, Badge) else None


@rules.predicate
def badge_open_to_peers(user: Any, target: Any) -> bool:
    badge = _badge_of(target)
    return badge is not None and bool(badge.peers_may_award) and is_signed_in(user)


@rules.predicate
def peers_award_some_badge(user: Any) -> bool:
    """Some badge in use is open to peers, so anyone signed in has nominations they may decide."""
    from coproduce.recognition.models import Badge

    return is_signed_in(user) and Badge.objects.filter(peers_may_award=True, retired_at__isnull=True).exists()


@rules.predicate
def is_about_someone_else(user: Any, target: Any) -> bool:
    """A nomination is for somebody other than the person deciding it (a badge alone names nobody yet)."""
    from coproduce.recognition.models import Nomination

    if isinstance(target, Nomination):
        return bool(target.nominee_id != getattr(user, "pk", None))
    return True


@rules.predicate
def is_recipient(user: Any, award: Any) -> bool:
    from coproduce.recognition.models import Award

    return isinstance(award, Award) and is_signed_in(user) and award.recipient_id == user.pk


@rules.predicate
def gave_it(user: Any, award: Any) -> bool:
    from coproduce.recognition.models import Award

    return (
        isinstance(award, Award)
        and is_signed_in(user)
        and award.awarded_by_id is not None
        and award.awarded_by_id == user.pk
    )


@rules.predicate
def works_beside_awarder(user: Any, award: Any) -> bool:
    """Facilitates or administers an organisation the awarder belongs to (the awarder too, while they do)."""
    from coproduce.recognition.models import Award

    if not isinstance(award, Award) or award.awarded_by_id is None:
        return False
    return bool(facilitates_person(user, award.awarded_by))


@rules.predicate
def shown_to_others(user: Any, award: Any) -> bool:
    """Accepted, still standing, and on a profile its holder lets people see."""
    from coproduce.recognition.models import Award
    from coproduce.recognition.selectors.badges import award_shown_to_others

    return isinstance(award, Award) and is_signed_in(user) and award_shown_to_others(award)


may_decide = is_place_admin | is_facilitator_anywhere
may_revoke = is_signed_in & (is_place_admin | works_beside_awarder)

rules.add_perm("recognition.view_badges", is_signed_in)
rules.add_perm("recognition.define_badge", is_signed_in & may_decide)
rules.add_perm("recognition.nominate", is_signed_in)
# Takes a badge, or a nomination (whose nominee must then be someone else). Without an object: awarding any badge.
rules.add_perm("recognition.award", is_signed_in & is_about_someone_else & (may_decide | badge_open_to_peers))
# The nominations waiting for a decision: anyone who may award something.
rules.add_perm("recognition.view_nominations", is_signed_in & (may_decide | peers_award_some_badge))
rules.add_perm("recognition.respond", is_recipient)
rules.add_perm("recognition.revoke", may_revoke)
rules.add_perm("recognition.view_award", is_recipient | gave_it | may_revoke | shown_to_others)
rules.add_perm("recognition.view_suggestions", is_signed_in & may_decide)
# The badge file (a signed Open Badges credential) carries a hash of the recipient's email: only they download it.
rules.add_perm("recognition.download_credential", is_recipient)
rules.add_perm("recognition.rotate_signing_key", is_place_admin)
