from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        NHS = "nhs", _("NHS body")
        PROVIDER = "provider", _("Care or support provider")
        CHARITY = "charity", _("Charity")
        COMMUNITY_GROUP = "community_group", _("Community group")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what it does"), blank=True, max_length=3000)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(max_length=160)
    description = models.TextField(_("what it offers"), blank=True, max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="service_slug_unique_in_organisation"),
            models.UniqueConstraint(fields=["organisation", "name"], name="service_name_unique_in_organisation"),
        ]
        verbose_name = _("service")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    STAFF = "staff", _("Staff")
    VOLUNTEER = "volunteer", _("Volunteer")
    USES_SERVICE = "uses_service", _("Person who uses the service")
    CARER = "carer", _("Carer or family")
    FACILITATOR = "facilitator", _("Facilitator")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    # Records timebank hours for members who do not use computers, often from paper records.
    TIME_BROKER = "time_broker", _("Time broker")
    # Writes down people's stories with them, recording their consent (stories app).
    STORY_GATHERER = "story_gatherer", _("Story gatherer")


class Membership(models.Model):
    """A role a person holds in an organisation, optionally in one of its services. A person can hold several."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # How the person describes the role in their own words, for example "Councillor" or "Peer mentor".
    title = models.CharField(_("title"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=models.Q(service__isnull=True),
                name="membership_unique_role_in_organisation",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation", "service", "role"],
                condition=models.Q(service__isnull=False),
                name="membership_unique_role_in_service",
            ),
        ]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.organisation}"

    @property
    def role_label(self) -> str:
        return self.title or str(self.get_role_display())
