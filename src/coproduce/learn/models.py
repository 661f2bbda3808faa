"""Learning goals and baby steps, failures that teach, and training led by people with lived experience."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LearningGoal(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_goals")
    title = models.CharField(_("what I want to learn"), max_length=200)
    why = models.TextField(_("why it matters to me"), blank=True, max_length=2000)
    # A dimension key of the workforce competency framework, when the goal comes from it.
    competency = models.CharField(_("competency"), max_length=60, blank=True)
    shown_on_profile = models.BooleanField(_("show this goal on my profile"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    achieved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["achieved_at", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learn:goal", kwargs={"goal_id": self.pk})


class BabyStep(models.Model):
    goal = models.ForeignKey(LearningGoal, on_delete=models.CASCADE, related_name="steps")
    what = models.CharField(_("the step"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    learned = models.TextField(_("what I learned"), blank=True, max_length=1000)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.what


class StepRecognition(models.Model):
    """A note from a buddy or facilitator when a step is done: baby steps of change are worth saying so."""

    step = models.ForeignKey(BabyStep, on_delete=models.CASCADE, related_name="recognitions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("your note"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    # The learner decides: shown on their profile only if they wish.
    shown_on_profile = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.note[:60]


class FailureStory(models.Model):
    """An experiment that didn't work and what it taught. Never a record about anyone's performance."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    show_name = models.BooleanField(_("show my name with it"), default=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    tried = models.TextField(_("what we tried"), max_length=3000)
    happened = models.TextField(_("what happened"), max_length=3000)
    learned = models.TextField(_("what it taught us"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learn:failure", kwargs={"failure_id": self.pk})


class FailureThanks(models.Model):
    story = models.ForeignKey(FailureStory, on_delete=models.CASCADE, related_name="thanks")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    learned_from_it = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "person"], name="learn_thanks_once")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.story_id}"


class FailurePraise(models.Model):
    """A facilitator's public praise for a failure that taught something valuable."""

    story = models.ForeignKey(FailureStory, on_delete=models.CASCADE, related_name="praise")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.note[:60]


class TrainingSession(models.Model):
    class Kind(models.TextChoices):
        ALTERNATIVE = "alternative", _("People who use services and carers train staff")
        SKILLS = "skills", _("A skills session run by community members")
        PROTOTYPING = "prototyping", _("A prototyping session to practise")

    kind = models.CharField(_("kind of session"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it is about"), max_length=3000)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="training_sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveIntegerField(_("how long"), default=120)
    where = models.CharField(_("where"), max_length=300, blank=True)
    organised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    held_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learn:session", kwargs={"session_id": self.pk})


class SessionTrainer(models.Model):
    class Credit(models.TextChoices):
        NAMED = "named", _("Name me as a trainer")
        UNNAMED = "unnamed", _("Don’t show my name")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="trainers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions_trained")
    lived_experience = models.BooleanField(_("trains from lived experience"), default=True)
    credit = models.CharField(max_length=10, choices=Credit.choices, default=Credit.NAMED)
    # Hours through the timebank: the transfer that credited them once the session was held.
    hours_credited = models.ForeignKey(
        "timebank.Transfer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="learn_trainer_once")]

    def __str__(self) -> str:
        return f"{self.person_id} trains {self.session_id}"


class SessionAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions_attended")
    attended = models.BooleanField(default=False)
    # What they will do differently: evidence in their competency reflections, tied to a competency if they wish.
    will_do_differently = models.TextField(_("what I will do differently"), blank=True, max_length=2000)
    competency = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="learn_attendance_once")]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.session_id}"
