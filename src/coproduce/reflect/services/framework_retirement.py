"""Retiring a framework version, and bringing it back.

A retired version stays in the database for the rounds that used it (their answers mean what that version said),
but is no longer offered for new rounds: the newest version that is not retired is offered instead.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.people.models import Person
from coproduce.reflect.models import Framework


def framework_retire(*, actor: Person, framework: Framework) -> Framework:
    """Stop offering this version for new rounds. Retiring one already retired changes nothing."""
    with transaction.atomic():
        locked = Framework.objects.select_for_update().get(pk=framework.pk)
        if locked.retired_at is None:
            locked.retired_at = timezone.now()
            locked.save(update_fields=["retired_at"])
            audit_record(
                actor=actor,
                action="reflect.framework_retire",
                target=locked,
                detail={"slug": locked.slug, "version": locked.version},
            )
    framework.retired_at = locked.retired_at
    return framework


def framework_bring_back(*, actor: Person, framework: Framework) -> Framework:
    """Offer a retired version again (if it is the newest one not retired). Changes nothing if it is not retired."""
    with transaction.atomic():
        locked = Framework.objects.select_for_update().get(pk=framework.pk)
        if locked.retired_at is not None:
            locked.retired_at = None
            locked.save(update_fields=["retired_at"])
            audit_record(
                actor=actor,
                action="reflect.framework_bring_back",
                target=locked,
                detail={"slug": locked.slug, "version": locked.version},
            )
    framework.retired_at = None
    return framework
