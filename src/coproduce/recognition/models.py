"""Badges for hidden talents and for learning, awarded with evidence and exported as Open Badges 3.0 credentials."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Badge(models.Model):
    """What a badge is for, defined by the place. Open Badges calls this an Achievement."""

    class Kind(models.TextChoices):
        TALENT = "talent", _("A hidden talent or strength")
        LEARNING = "learning", _("Learning")

    class SuggestFor(models.TextChoices):
        NOTHING = "", _("No one automatically")
        STORIES_GATHERED = "stories_gathered", _("People who have gathered this many stories")
        SESSIONS_TRAINED = "sessions_trained", _("People with lived experience who have trained this many sessions")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=110, unique=True)
    description = models.TextField(_("what it recognises"), max_length=1000)
    criteria = models.TextField(_("how someone earns it"), max_length=2000)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TALENT)
    # The image is kept in the database and served by a view, so a credential's image link works on any install
    # without configuring a media server. Small by rule (see services/badges.py).
    image = models.BinaryField(editable=True)
    image_type = models.CharField(max_length=40)
    image_alt = models.CharField(_("what the image shows"), max_length=200)
    peers_may_award = models.BooleanField(_("people may award it to each other"), default=False)
    suggest_for = models.CharField(max_length=20, choices=SuggestFor.choices, blank=True, default="")
    suggest_at = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("recognition:badge", kwargs={"slug": self.slug})


class Nomination(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a decision")
        AWARDED = "awarded", _("Awarded")
        NOT_AWARDED = "not_awarded", _("Not awarded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_nominations")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="badge_nominations_made"
    )
    reason = models.TextField(_("why"), max_length=1000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why it was not awarded, told to the nominator; empty otherwise.
    decision_note = models.TextField(_("why not"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.badge}: {self.nominee_id}"


class Award(models.Model):
    """A badge given to someone, with evidence. It counts once they accept; they choose whether it shows."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Waiting for them to accept")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="awards")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_awards")
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="badge_awards_given"
    )
    nomination = models.OneToOneField(Nomination, null=True, blank=True, on_delete=models.SET_NULL)
    evidence = models.TextField(_("evidence"), max_length=3000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    awarded_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    shown_on_profile = models.BooleanField(_("show it on my profile"), default=False)
    # The credential's id (urn:uuid:...), stable for the life of the award.
    credential_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge", "recipient"],
                condition=models.Q(revoked_at__isnull=True) & ~models.Q(status="declined"),
                name="recognition_award_once_while_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.badge} → {self.recipient_id}"

    def get_absolute_url(self) -> str:
        return reverse("recognition:award", kwargs={"award_id": self.pk})


class SigningKey(models.Model):
    """The place's key for signing credentials. Retired keys stay published so that what they signed still
    verifies; only the newest live key signs."""

    kid = models.CharField(max_length=64, unique=True)
    private_pem = models.TextField()
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.kid
