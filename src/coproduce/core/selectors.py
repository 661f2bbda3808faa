from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from coproduce.core.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    who: str = ""
    action: str = ""
    record_type: str = ""
    since: date | None = None
    until: date | None = None


def audit_entries(filters: AuditFilter) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("target_type").order_by("-at", "-id")
    if filters.who:
        entries = entries.filter(Q(actor_label__icontains=filters.who) | Q(actor__email__iexact=filters.who.strip()))
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.record_type:
        entries = entries.filter(target_type__model=filters.record_type)
    tz = timezone.get_current_timezone()
    if filters.since:
        entries = entries.filter(at__gte=datetime.combine(filters.since, time.min, tzinfo=tz))
    if filters.until:
        entries = entries.filter(at__lt=datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=tz))
    return entries


def audit_action_choices() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_record_type_choices() -> list[tuple[str, str]]:
    rows = (
        AuditEntry.objects.exclude(target_type=None)
        .order_by("target_type__model")
        .values_list("target_type__model", "target_type__app_label")
        .distinct()
    )
    return [(model, model.replace("_", " ")) for model, _app in rows]
