from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.people.models.profile import Neighbourhood, Tag


class CommunityAsset(models.Model):
    """A group, place, club or resource in the place: what it offers, when, where, how to get in, who to ask."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        PLACE = "place", _("Place")
        CLUB = "club", _("Club")
        RESOURCE = "resource", _("Resource")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    offers = models.TextField(_("what it offers"), max_length=3000)
    tags = models.ManyToManyField(Tag, blank=True, related_name="assets")
    when = models.CharField(_("when"), max_length=300, blank=True)
    where = models.CharField(_("where"), max_length=300, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="assets"
    )
    access = models.TextField(_("access information"), max_length=2000, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="assets"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PioneerNomination(models.Model):
    """Anyone may nominate someone who is already doing co-production well; facilitators see the nominations."""

    nominee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pioneer_nominations")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="pioneer_nominations_made"
    )
    reason = models.TextField(_("why"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["nominee", "nominated_by"], name="one_nomination_per_pair"),
            models.CheckConstraint(condition=~models.Q(nominee=models.F("nominated_by")), name="no_self_nomination"),
        ]

    def __str__(self) -> str:
        return f"{self.nominee} nominated by {self.nominated_by}"
