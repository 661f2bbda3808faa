"""Writes that belong to the installation as a whole: the place and the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from coproduce.core.models import AuditEntry, Place

if TYPE_CHECKING:
    from coproduce.people.models import Person


class AuditOutsideTransactionError(RuntimeError):
    """An audit row must commit or roll back with the change it describes."""


def audit_record(
    *,
    actor: Person | None,
    action: str,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(f"audit_record({action!r}) must run inside transaction.atomic()")
    entry = AuditEntry(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.display_name if actor is not None and actor.pk else "",
        action=action,
        detail=detail or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:200]
    entry.save()
    return entry


def place_get() -> Place:
    """The place, created with the configured default name the first time it is asked for."""
    from django.conf import settings

    place = Place.objects.order_by("pk").first()
    if place is None:
        place = Place.objects.create(name=settings.COPRODUCE_DEFAULT_PLACE_NAME)
    return place


def place_update(*, actor: Person, name: str, description: str, contact_email: str) -> Place:
    with transaction.atomic():
        place = Place.objects.select_for_update().get(pk=place_get().pk)
        changed = {
            field: value
            for field, value in {"name": name, "description": description, "contact_email": contact_email}.items()
            if getattr(place, field) != value
        }
        for field, value in changed.items():
            setattr(place, field, value)
        place.save()
        audit_record(actor=actor, action="place.update", target=place, detail={"changed": sorted(changed)})
    return place


# How long a form's key is remembered for things the ledger does not hold (listings, answers): far longer than a
# double click or a resent page, and short enough that the look-up stays on the recent part of the audit log.
KEY_MEMORY = timedelta(days=1)


def audited_with_key(*, action: str, actor: Person, idempotency_key: str) -> AuditEntry | None:
    """The audit row of an earlier submission with this key, if there was one. Services that make rows outside the
    ledger write the form's key into their audit row's detail and look here first, under a row lock that the same
    submission sent twice must also wait for."""
    return (
        AuditEntry.objects.filter(
            action=action, actor=actor, at__gte=timezone.now() - KEY_MEMORY, detail__key=idempotency_key
        )
        .order_by("at", "pk")
        .first()
    )
