from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentTopic(models.TextChoices):
    CONTACT = "contact", _("Being contacted")
    VISIBLE_PROFILE = "visible_profile", _("A profile other people can see")
    RESEARCH = "research", _("Research and evaluation")
    PHOTOS = "photos", _("Photos and films")
    NETWORK_MAP = "network_map", _("Appearing on the network map")


class ConsentWording(models.Model):
    """The exact words a person was shown when asked. A change of words is a new version, never an edit."""

    topic = models.CharField(max_length=20, choices=ConsentTopic.choices)
    version = models.PositiveIntegerField()
    text = models.TextField()
    easy_read_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["topic", "-version"]
        constraints = [models.UniqueConstraint(fields=["topic", "version"], name="consent_wording_version_unique")]

    def __str__(self) -> str:
        return f"{self.topic} v{self.version}"


class Consent(models.Model):
    """One consent given: when, to which words, how. Withdrawal is recorded on it, never by deleting it."""

    class How(models.TextChoices):
        ONLINE = "online", _("Online, by the person")
        WITH_FACILITATOR = "with_facilitator", _("In person, with a facilitator")
        PAPER = "paper", _("On a paper form, entered later")
        SPOKEN = "spoken", _("Spoken, for example on the phone")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    topic = models.CharField(max_length=20, choices=ConsentTopic.choices)
    wording = models.ForeignKey(ConsentWording, on_delete=models.PROTECT, related_name="consents")
    how = models.CharField(max_length=20, choices=How.choices, default=How.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            # At most one live consent per topic: giving again after withdrawing makes a new row.
            models.UniqueConstraint(
                fields=["person", "topic"], condition=models.Q(withdrawn_at__isnull=True), name="one_live_consent"
            )
        ]
        indexes = [models.Index(fields=["topic", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.topic} {self.given_at:%Y-%m-%d}"
