"""Reflection rounds: a service looks at itself through a framework, with several perspectives at once."""

from __future__ import annotations

import secrets
from functools import cached_property

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.frameworks import Framework as FrameworkDefinition
from coproduce.frameworks import framework_from_data


class Framework(models.Model):
    """One version of a framework file. Rounds keep the version they were opened with, so results never shift."""

    slug = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    data = models.JSONField()
    source = models.TextField(help_text="The file as it was loaded.")
    bundled = models.BooleanField(default=False)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    loaded_at = models.DateTimeField(auto_now_add=True)
    # A retired version is kept for the rounds that used it but is not offered for new ones.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="reflect_framework_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reflect:framework", kwargs={"framework_id": self.pk})

    @cached_property
    def definition(self) -> FrameworkDefinition:
        return framework_from_data(self.data)


class Perspective(models.TextChoices):
    USES_SERVICE = "uses_service", _("Uses the service")
    FAMILY = "family", _("Family or carer")
    STAFF = "staff", _("Staff or volunteer")
    MANAGER = "manager", _("Manager or commissioner")
    PARTNER = "partner", _("Partner organisation")
    COMMUNITY = "community", _("Local community")


class Rag(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")


def _new_token() -> str:
    return secrets.token_urlsafe(18)


class ReflectionRound(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="reflection_rounds"
    )
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="reflection_rounds"
    )
    title = models.CharField(_("name of the round"), max_length=200)
    purpose = models.TextField(_("what you want to find out"), blank=True, max_length=2000)
    # The groups (readiness) or activities (ladder) the facilitator named for people to rate.
    subjects = models.JSONField(default=list, blank=True)
    allow_anonymous = models.BooleanField(_("people may answer without their name showing"), default=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reflection_rounds_opened"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Ideas are chosen by participants once the facilitator opens choosing, then settled on.
    choosing_opened_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    join_token = models.CharField(max_length=40, unique=True, default=_new_token)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "service", "framework"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reflect:round", kwargs={"round_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def about(self) -> str:
        return str(self.service or self.organisation)


class Participant(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("On their own device")
        SCREEN = "screen", _("In person, on a shared screen")
        PAPER = "paper", _("On paper, typed in later")

    round = models.ForeignKey(ReflectionRound, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reflections"
    )
    # For people without an account (shared screen, paper): how the facilitator knows them.
    name = models.CharField(_("name"), max_length=150, blank=True)
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    anonymous = models.BooleanField(_("do not show my name with my answers"), default=False)
    easy_read = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The key of the last form that saved answers: the same form sent twice is recognised, not saved twice.
    submission_key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=models.Q(person__isnull=False),
                name="reflect_participant_once_per_round",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How the participant appears beside their answers: never their name if they asked to stay anonymous."""
        if self.anonymous:
            return str(_("Someone ({perspective})")).format(perspective=self.get_perspective_display().lower())
        if self.person is not None:
            return self.person.display_name
        return self.name or str(_("Participant {number}")).format(number=self.pk)


class Answer(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    dimension = models.CharField(max_length=60)
    subject = models.CharField(max_length=200, blank=True)
    # None means "I don't know", which is an answer worth keeping.
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    target = models.PositiveSmallIntegerField(null=True, blank=True)
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    evidence = models.TextField(blank=True, max_length=3000)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "dimension", "subject"], name="reflect_answer_once_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.subject}: {self.value}".strip()


class Idea(models.Model):
    round = models.ForeignKey(ReflectionRound, on_delete=models.CASCADE, related_name="ideas")
    dimension = models.CharField(max_length=60, blank=True)
    text = models.CharField(_("idea"), max_length=500)
    # Lower-cased with spaces collapsed, so the same idea typed twice is noticed.
    text_key = models.CharField(max_length=500)
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(auto_now_add=True)
    chosen = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["round", "text_key"], name="reflect_idea_once_per_round")]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("reflect:ideas", kwargs={"round_id": self.round_id}) + f"#idea-{self.pk}"


class IdeaChoice(models.Model):
    """A participant's vote for an idea: a sticky dot on the wall."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="choices")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="choices")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "participant"], name="reflect_choice_once")]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.idea_id}"
