"""Plans: what we will do, who will do it, by when and how; and, afterwards, what happened.

A plan and each of its actions may say where they came from (a reflection round, an event, a story, a topic on
the engagement board): any row with a page of its own, held by a generic relation so that plans never needs to
know about the areas that feed it. Plans are open to everyone signed in, because "you said, we did" only works when
the people who said can see what was done.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CameFrom(models.Model):
    """Where a plan or an action came from. Abstract: both carry the same three fields."""

    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A string, like the audit log's target, so a source with a non-integer key fits too.
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")

    class Meta:
        abstract = True

    @property
    def has_source(self) -> bool:
        return self.source_type_id is not None and self.source_id != ""

    def source_or_none(self) -> Any:
        """The source row, or None when there is none or it has gone: deleted, or its app taken out of the
        place. A plan must still open when what it came from no longer exists."""
        if not self.has_source:
            return None
        try:
            return self.source
        except (ObjectDoesNotExist, AttributeError, ValueError, ValidationError):
            return None


class Plan(CameFrom):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="plan_source")]
        verbose_name = _("plan")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.pk])


class Action(CameFrom):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        COULD_NOT = "could_not", _("We couldn't")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=300)
    how = models.TextField(_("how"), blank=True)
    # Who: a person, an organisation, both (someone at an organisation), or neither yet ("not yet decided").
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions_owned",
    )
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions_owned",
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the action is marked done, cleared if it is opened again.
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="action_source"),
            # The overdue list and "My actions" look for open actions by date.
            models.Index(fields=["status", "due_on"], name="action_status_due"),
        ]
        verbose_name = _("action")

    def __str__(self) -> str:
        return self.what

    def get_absolute_url(self) -> str:
        return reverse("plans:action", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.COULD_NOT)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def has_owner(self) -> bool:
        return self.owner_person_id is not None or self.owner_organisation_id is not None


class ActionUpdate(models.Model):
    """Progress on an action, in someone's words, optionally moving its status on. Never edited afterwards."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("what has happened"), blank=True)
    status_before = models.CharField(max_length=20, choices=Action.Status.choices)
    status_after = models.CharField(max_length=20, choices=Action.Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("progress update")

    def __str__(self) -> str:
        return f"Update on {self.action_id} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def changed_status(self) -> bool:
        return self.status_before != self.status_after
