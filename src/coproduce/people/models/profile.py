from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.people.models.visibility import Visibility, visibility_field


class Neighbourhood(models.Model):
    """The place's own list of neighbourhoods, so search and maps agree on names."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A gift, skill, interest or subject from the place's shared list. New tags wait for an admin's review."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("In the shared list")
        PENDING = "pending", _("Waiting for review")
        REJECTED = "rejected", _("Not added")

    name = models.CharField(_("name"), max_length=60, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED, db_index=True)
    # Tags that should find each other in search although they are not the same word ("cooking" and "baking").
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TagSynonym(models.Model):
    """Another word for the same tag ("cook" for "cooking"). Stored lower-case; unique across the place."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="synonyms")
    term = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class Profile(models.Model):
    """A person in their own words. Every personal field has a visibility the person chooses."""

    class ContactWay(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        IN_PERSON = "in_person", _("In person")
        THROUGH_SOMEONE = "through_someone", _("Through someone I know, like a facilitator or supporter")

    class Support(models.TextChoices):
        BSL = "bsl", _("A British Sign Language interpreter")
        EASY_READ = "easy_read", _("Easy read information")
        LARGE_PRINT = "large_print", _("Large print")
        STEP_FREE = "step_free", _("Step-free access")
        HEARING_LOOP = "hearing_loop", _("A hearing loop")
        QUIET_SPACE = "quiet_space", _("A quiet space to take a break")
        SOMEONE_WITH_ME = "someone_with_me", _("Someone with me")
        TRANSPORT = "transport", _("Help with transport")
        INTERPRETER = "interpreter", _("An interpreter for another language")

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )

    about_me = models.TextField(_("about me"), blank=True, max_length=5000)
    about_me_visibility = visibility_field(Visibility.EVERYONE)
    # gifts, passions and would-like-to-learn are ProfileTag rows; their visibility lives here.
    gifts_visibility = visibility_field(Visibility.EVERYONE)
    passions_visibility = visibility_field(Visibility.EVERYONE)
    learning_visibility = visibility_field(Visibility.EVERYONE)
    lived_experience = models.TextField(_("lived experience I choose to share"), blank=True, max_length=5000)
    lived_experience_visibility = visibility_field(Visibility.ONLY_ME)
    languages = models.ManyToManyField(Language, blank=True, related_name="profiles")
    languages_visibility = visibility_field(Visibility.EVERYONE)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    neighbourhood_visibility = visibility_field(Visibility.EVERYONE)
    usually_free = models.CharField(_("when I am usually free"), blank=True, max_length=500)
    usually_free_visibility = visibility_field(Visibility.ORGANISATIONS)
    contact_ways = models.JSONField(_("how I like to be contacted"), default=list, blank=True)
    contact_notes = models.CharField(_("anything else about contacting me"), blank=True, max_length=500)
    contact_visibility = visibility_field(Visibility.ORGANISATIONS)
    support_needs = models.JSONField(_("support I need to take part"), default=list, blank=True)
    support_notes = models.TextField(_("more about the support I need"), blank=True, max_length=2000)
    support_visibility = visibility_field(Visibility.ONLY_ME)

    # The guided first-time journey: the step reached, so a person can stop and come back.
    journey_step = models.PositiveSmallIntegerField(default=0)
    journey_finished_at = models.DateTimeField(null=True, blank=True)
    # When a facilitator fills the profile in with someone, it is recorded, and it waits for the person to confirm.
    filled_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filled_in_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.person}"

    @property
    def awaiting_confirmation(self) -> bool:
        return self.filled_in_by_id is not None and self.confirmed_at is None


class ProfileTag(models.Model):
    class Kind(models.TextChoices):
        GIFT = "gift", _("Gifts and skills I can offer")
        PASSION = "passion", _("Passions and interests")
        LEARN = "learn", _("What I would like to learn")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="profile_tags")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "tag", "kind"], name="profile_tag_unique")]
        indexes = [models.Index(fields=["tag", "kind"])]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.kind} {self.tag}"
