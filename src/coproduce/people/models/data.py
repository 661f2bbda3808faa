from __future__ import annotations

from django.conf import settings
from django.db import models


class DataExport(models.Model):
    """A person's download of everything held about them, prepared in the background."""

    class Status(models.TextChoices):
        WAITING = "waiting"
        READY = "ready"
        FAILED = "failed"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    file = models.FileField(upload_to="exports/", blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Export {self.pk} for {self.person_id}"


class PeopleImport(models.Model):
    """A CSV of people a facilitator uploaded: checked and previewed first, written only when they confirm."""

    class Status(models.TextChoices):
        PREVIEW = "preview"
        DONE = "done"
        CANCELLED = "cancelled"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    content = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    created_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.file_name
