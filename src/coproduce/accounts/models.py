from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.organisations.models import Organisation, Role

INVITATION_LIFETIME = timedelta(days=14)


def invitation_expiry_default() -> datetime:
    return timezone.now() + INVITATION_LIFETIME


def invitation_token_hash(token: str) -> str:
    """Only the hash is stored, so someone who reads the database cannot use an invitation that is still open."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An offer to join the place, sent by email, optionally with a role in one organisation."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")

    email = models.EmailField(_("email address"), max_length=254)
    preferred_name = models.CharField(_("preferred name"), max_length=100)
    # Null once the inviter's account is deleted: the invitation is still part of how someone joined.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    # Empty when the invitation is to the place only; set exactly when `organisation` is.
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry_default)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=True) & Q(role="")) | (Q(organisation__isnull=False) & ~Q(role="")),
                name="invitation_role_goes_with_organisation",
            )
        ]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.preferred_name} <{self.email}>"

    @property
    def status(self) -> Invitation.Status:
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.WAITING


class EmailRequest(models.Model):
    """One email someone asked us to send to an address (a sign-in link, a password reset), kept briefly so the
    same inbox cannot be flooded. The address is stored only as a hash."""

    address_hash = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address_hash", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
