"""What badges add to a person's download and to closing their account.

The download holds the badges given to them (with the evidence), the nominations of them (without who made them,
which is the nominator's to share), and the nominations they made.

Closing keeps each award row, because a credential already downloaded points at it and must go on verifying as
revoked rather than vanish: a live award is taken back with the account's closure as the reason, and its evidence
(which is about the person) is emptied. Nominations of them go, as the people app's pioneer nominations do;
nominations they made stay for the people they were about, no longer linked to whoever wrote them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from coproduce.people.models import Person
from coproduce.recognition.models import Award, Nomination

AWARD_COLUMNS = (
    "badge",
    "evidence",
    "given_by",
    "given_on",
    "status",
    "answered_on",
    "shown_on_profile",
    "taken_back_on",
    "taken_back_because",
)
NOMINATION_OF_ME_COLUMNS = ("badge", "why", "nominated_on", "status", "decided_on")
NOMINATION_BY_ME_COLUMNS = ("badge", "nominee", "why", "nominated_on", "status", "decided_on", "why_not")
_BATCH = 1000
# Stored, not translated: records read the same whatever language a later reader uses.
CLOSED_REASON = "The account was closed."


def recognition_close(person: Person) -> dict[str, Any]:
    """The "recognition" close step; runs inside the closing transaction."""
    now = timezone.now()
    revoked = Award.objects.filter(recipient=person, revoked_at__isnull=True).update(
        revoked_at=now, revoke_reason=CLOSED_REASON
    )
    Award.objects.filter(recipient=person).update(evidence="", shown_on_profile=False)
    return {
        "awards_taken_back": revoked,
        "nominations_of_them_deleted": Nomination.objects.filter(nominee=person).delete()[0],
        "nominations_they_made_kept": Nomination.objects.filter(nominated_by=person).update(nominated_by=None),
    }


def awards_section(person: Person) -> Iterator[dict[str, Any]]:
    awards = Award.objects.filter(recipient=person).select_related("badge", "awarded_by").defer("badge__image")
    for award in awards.order_by("pk").iterator(_BATCH):
        yield {
            "badge": award.badge.name,
            "evidence": award.evidence,
            "given_by": award.awarded_by.display_name if award.awarded_by else "",
            "given_on": award.awarded_at,
            "status": award.get_status_display(),
            "answered_on": award.responded_at,
            "shown_on_profile": award.shown_on_profile,
            "taken_back_on": award.revoked_at,
            "taken_back_because": award.revoke_reason,
        }


def nominations_of_section(person: Person) -> Iterator[dict[str, Any]]:
    nominations = Nomination.objects.filter(nominee=person).select_related("badge").defer("badge__image")
    for nomination in nominations.order_by("pk").iterator(_BATCH):
        yield {
            "badge": nomination.badge.name,
            "why": nomination.reason,
            "nominated_on": nomination.created_at,
            "status": nomination.get_status_display(),
            "decided_on": nomination.decided_at,
        }


def nominations_by_section(person: Person) -> Iterator[dict[str, Any]]:
    nominations = (
        Nomination.objects.filter(nominated_by=person).select_related("badge", "nominee").defer("badge__image")
    )
    for nomination in nominations.order_by("pk").iterator(_BATCH):
        yield {
            "badge": nomination.badge.name,
            "nominee": nomination.nominee.display_name,
            "why": nomination.reason,
            "nominated_on": nomination.created_at,
            "status": nomination.get_status_display(),
            "decided_on": nomination.decided_at,
            "why_not": nomination.decision_note,
        }


def register() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "badges.csv",
        awards_section,
        description=gettext_lazy(
            "Badges offered to you: the badge, the evidence, who gave it and when, whether you accepted it and "
            "show it on your profile, and whether it was taken back and why."
        ),
        columns=AWARD_COLUMNS,
        count=lambda person: Award.objects.filter(recipient=person).count(),
    )
    register_export_section(
        "badge_nominations_of_me.csv",
        nominations_of_section,
        description=gettext_lazy(
            "Nominations of you for badges: the badge, why you were nominated, and what was decided. (Who "
            "nominated you is theirs to share.)"
        ),
        columns=NOMINATION_OF_ME_COLUMNS,
        count=lambda person: Nomination.objects.filter(nominee=person).count(),
    )
    register_export_section(
        "badge_nominations_by_me.csv",
        nominations_by_section,
        description=gettext_lazy(
            "Nominations you made: who and for which badge, why, what was decided, and the reason if it was not "
            "awarded."
        ),
        columns=NOMINATION_BY_ME_COLUMNS,
        count=lambda person: Nomination.objects.filter(nominated_by=person).count(),
    )
    register_close_step("recognition", recognition_close)
