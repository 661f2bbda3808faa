"""Reading badges, who holds them, and the awards and nominations a person sees.

Nothing here loads a badge's image: pages show it through its own address (views/badges.py badge_image), so lists
stay light however large the pictures are.

Who else sees a badge someone holds: only an accepted badge that has not been taken back, that its holder chose
to show, on a profile they let people see (an open account, and consent to a visible profile that stands). The
holder always sees their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from coproduce.people.models import Consent, ConsentTopic, Person
from coproduce.recognition.models import Award, Badge, Nomination

HELD = Q(status=Award.Status.ACCEPTED, revoked_at__isnull=True)


def _profile_visible(person_ref: str) -> Exists:
    return Exists(
        Consent.objects.filter(
            person=OuterRef(person_ref), topic=ConsentTopic.VISIBLE_PROFILE, withdrawn_at__isnull=True
        )
    )


def shown_to_others_q() -> Q:
    """Awards anyone signed in may see, as a filter on Award."""
    return (
        HELD
        & Q(shown_on_profile=True, recipient__is_active=True, recipient__closed_at__isnull=True)
        & Q(_profile_visible("recipient"))
    )


def award_shown_to_others(award: Award) -> bool:
    if award.status != Award.Status.ACCEPTED or award.revoked_at is not None or not award.shown_on_profile:
        return False
    return Award.objects.filter(shown_to_others_q(), pk=award.pk).exists()


def _light(badges: QuerySet[Badge]) -> QuerySet[Badge]:
    return badges.defer("image")


def badges_list() -> QuerySet[Badge]:
    """Every badge, each with how many people hold it (a count says nothing about who)."""
    held = Q(awards__status=Award.Status.ACCEPTED, awards__revoked_at__isnull=True)
    return _light(Badge.objects.all()).annotate(holders=Count("awards", filter=held)).order_by("name")


def badge_by_slug(slug: str) -> Badge:
    return _light(Badge.objects.all()).get(slug=slug)


def badge_holders_shown(badge: Badge) -> QuerySet[Award]:
    """The awards of this badge its holders show to others, newest first."""
    return (
        Award.objects.filter(shown_to_others_q(), badge=badge)
        .select_related("recipient")
        .only("pk", "badge_id", "awarded_at", "responded_at", "recipient__id", "recipient__preferred_name")
        .order_by("-responded_at", "-pk")
    )


def badge_holder_count(badge: Badge) -> int:
    return Award.objects.filter(HELD, badge=badge).count()


def _award_related(awards: QuerySet[Award]) -> QuerySet[Award]:
    return awards.select_related("badge", "recipient", "awarded_by", "revoked_by", "nomination__nominated_by").defer(
        "badge__image"
    )


def award_detail(award_id: int) -> Award:
    return _award_related(Award.objects.all()).get(pk=award_id)


def awards_of(person: Person) -> dict[str, list[Award]]:
    """A person's own awards, by where they are up to: offered (waiting for an answer), held, and past (declined
    or taken back)."""
    groups: dict[str, list[Award]] = {"offered": [], "held": [], "past": []}
    for award in _award_related(Award.objects.filter(recipient=person)).order_by("-awarded_at", "-pk"):
        if award.revoked_at is not None or award.status == Award.Status.DECLINED:
            groups["past"].append(award)
        elif award.status == Award.Status.OFFERED:
            groups["offered"].append(award)
        else:
            groups["held"].append(award)
    return groups


def nominations_by(person: Person) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(nominated_by=person)
        .select_related("badge", "nominee")
        .defer("badge__image")
        .order_by("-created_at", "-pk")
    )


def nominations_to_decide(viewer: Person, *, may_decide_all: bool) -> QuerySet[Nomination]:
    """Open nominations for badges still given that this viewer may decide: every one for facilitators and place
    admins, those for badges open to peers for everyone else; never their own."""
    nominations = Nomination.objects.filter(status=Nomination.Status.OPEN, badge__retired_at__isnull=True).exclude(
        nominee=viewer
    )
    if not may_decide_all:
        nominations = nominations.filter(badge__peers_may_award=True)
    return (
        nominations.select_related("badge", "nominee", "nominated_by")
        .defer("badge__image")
        .order_by("created_at", "pk")
    )


def nomination_detail(nomination_id: int) -> Nomination:
    return (
        Nomination.objects.select_related("badge", "nominee", "nominated_by", "decided_by")
        .defer("badge__image")
        .get(pk=nomination_id)
    )


def profile_badges(person: Any, *, is_self: bool, profile_visible: bool) -> list[Award]:
    """The badges to list on a person's profile: for themself, every badge they hold (with whether it shows);
    for anyone else, the ones shown, and none while their profile is hidden."""
    if not is_self and (not profile_visible or not getattr(person, "is_active", False)):
        return []
    awards = Award.objects.filter(HELD, recipient_id=person.pk)
    if not is_self:
        awards = awards.filter(shown_on_profile=True)
    return list(awards.select_related("badge").defer("badge__image").order_by("badge__name", "pk"))
