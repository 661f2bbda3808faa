"""What the accounts app adds to a person's download and to closing their account."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q
from django.utils.translation import gettext_lazy

from coproduce.accounts.models import Invitation
from coproduce.people.models import Person


def _addressed_to(person: Person) -> Q:
    return Q(email__iexact=person.email) if person.email else Q(pk__in=[])


def invitations_section(person: Person) -> Iterable[dict[str, Any]]:
    invitations = Invitation.objects.filter(_addressed_to(person) | Q(invited_by=person)).select_related("organisation")
    for invitation in invitations.order_by("created_at", "pk"):
        received = invitation.invited_by_id != person.pk
        yield {
            "direction": "received" if received else "sent",
            # For invitations they sent, the invitee's name but not their email: that is the other person's.
            "name": invitation.preferred_name,
            "organisation": invitation.organisation.name if invitation.organisation else "",
            "role": invitation.role,
            "sent_at": invitation.created_at,
            "accepted_at": invitation.accepted_at,
        }


def invitations_count(person: Person) -> int:
    return Invitation.objects.filter(_addressed_to(person) | Q(invited_by=person)).count()


def close_sign_in_records(person: Person) -> dict[str, int]:
    """Remove what holds the closing person's email: invitations to them and the sign-in throttle's records.
    Invitations they sent to others stay, pointing at their anonymised account."""
    if not person.email:
        return {"invitations": 0, "sign_in_records": 0}
    invitations = Invitation.objects.filter(_addressed_to(person)).delete()[0]
    records = sum(
        model.objects.filter(username__iexact=person.email).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    return {"invitations": invitations, "sign_in_records": records}


def register() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "invitations.csv",
        invitations_section,
        description=gettext_lazy(
            "Invitations to join that were sent to you, and those you sent to other people (with their name, "
            "not their email address)."
        ),
        columns=("direction", "name", "organisation", "role", "sent_at", "accepted_at"),
        count=invitations_count,
    )
    register_close_step("accounts", close_sign_in_records)
