from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonManager(BaseUserManager["Person"]):
    def create_user(self, email: str | None = None, password: str | None = None, **fields: Any) -> Person:
        person = self.model(email=self.normalize_email(email) if email else None, **fields)
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Person:
        fields.setdefault("is_place_admin", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """Everyone has one kind of account. Being staff, a carer or someone who uses a service is a role held in an
    organisation (see organisations.Membership), never a different kind of person."""

    preferred_name = models.CharField(_("preferred name"), max_length=100)
    email = models.EmailField(_("email address"), max_length=254, unique=True, null=True, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    easy_read = models.BooleanField(_("easy read"), default=False)
    larger_text = models.BooleanField(_("larger text"), default=False)
    reduced_motion = models.BooleanField(_("reduced motion"), default=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en-gb")

    is_active = models.BooleanField(default=True)
    is_place_admin = models.BooleanField(_("runs the installation"), default=False)
    # Demo people can be signed in as with one click, and only while demo mode is on.
    is_demo = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Closing an account anonymises it but keeps the row, so ledgers and other people's records stay whole.
    closed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[PersonManager] = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["preferred_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["preferred_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(email__isnull=False) & ~Q(email="")) | ~Q(phone="") | Q(closed_at__isnull=False),
                name="person_has_email_or_phone",
                violation_error_message=_("Give an email address or a phone number, or both."),
            )
        ]

    def __str__(self) -> str:
        return self.preferred_name

    @property
    def display_name(self) -> str:
        return self.preferred_name

    def get_full_name(self) -> str:
        return self.preferred_name

    def get_short_name(self) -> str:
        return self.preferred_name

    def clean(self) -> None:
        super().clean()
        if self.email == "":
            self.email = None
