"""Reading feedback to managers: a manager's inbox (waiting first, newest first), a teller's own, and venue links.
Each is a query set or a fixed number of queries, however much feedback there is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from coproduce.organisations.models import Service
from coproduce.organisations.roles import held_roles
from coproduce.people.predicates import is_signed_in
from coproduce.stories.models import Feedback, VenueLink
from coproduce.stories.rules import SERVICE_MANAGERS

# Feedback waiting longer than this for acknowledgement is marked overdue.
OVERDUE_AFTER = timedelta(days=7)
WAITING = Q(acknowledged_at__isnull=True, removed_at__isnull=True)


def organisations_managed(person: Any) -> list[int]:
    if not is_signed_in(person):
        return []
    return sorted({org for org, role in held_roles(person) if role in SERVICE_MANAGERS})


def services_managed(person: Any) -> QuerySet[Service]:
    return (
        Service.objects.filter(organisation_id__in=organisations_managed(person))
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )


def overdue_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - OVERDUE_AFTER


def feedback_inbox(person: Any, *, service: Service | None = None, waiting_only: bool = False) -> QuerySet[Feedback]:
    """Feedback for the services a manager's organisations run: waiting for acknowledgement first, then the rest;
    newest first within each."""
    feedback = Feedback.objects.filter(service__organisation_id__in=organisations_managed(person))
    if service is not None:
        feedback = feedback.filter(service=service)
    if waiting_only:
        feedback = feedback.filter(WAITING)
    return (
        feedback.select_related("service__organisation", "teller", "acknowledged_by", "removed_by", "venue_link")
        .annotate(handled=Case(When(WAITING, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("handled", "-created_at", "-pk")
    )


@dataclass(frozen=True)
class InboxCounts:
    waiting: int
    overdue: int


def inbox_counts(person: Any, *, service: Service | None = None) -> InboxCounts:
    feedback = Feedback.objects.filter(WAITING, service__organisation_id__in=organisations_managed(person))
    if service is not None:
        feedback = feedback.filter(service=service)
    counts = feedback.aggregate(waiting=Count("pk"), overdue=Count("pk", filter=Q(created_at__lt=overdue_before())))
    return InboxCounts(waiting=counts["waiting"], overdue=counts["overdue"])


def feedback_for_page(feedback_id: int) -> Feedback:
    return Feedback.objects.select_related(
        "service__organisation", "teller", "acknowledged_by", "removed_by", "venue_link"
    ).get(pk=feedback_id)


def feedback_mine(person: Any) -> QuerySet[Feedback]:
    """What the person sent under their own name, newest first. Feedback they sent hiding who they were is not
    theirs to list: nothing links it to them."""
    if not is_signed_in(person):
        return Feedback.objects.none()
    return (
        Feedback.objects.filter(teller=person)
        .select_related("service__organisation", "acknowledged_by")
        .order_by("-created_at", "-pk")
    )


def venue_links_managed(person: Any) -> QuerySet[VenueLink]:
    """The venue links of the services a manager's organisations run, working ones first."""
    return (
        VenueLink.objects.filter(service__organisation_id__in=organisations_managed(person))
        .select_related("service__organisation", "created_by", "stopped_by")
        .annotate(stopped=Case(When(stopped_at__isnull=True, then=Value(0)), default=Value(1)))
        .order_by("stopped", "service__name", "-created_at", "-pk")
    )


def venue_link_for_token(token: str) -> VenueLink | None:
    """The working link with this token, or None (unknown, or stopped)."""
    if not token or len(token) > 64:
        return None
    return (
        VenueLink.objects.filter(token=token, stopped_at__isnull=True).select_related("service__organisation").first()
    )
