"""Closing an account: the person is anonymised everywhere, in one transaction, while other people's records and
every total stay whole.

The Person row itself stays (as "Former member <id>", with no email, phone or password, inactive) because ledgers,
audit rows, and records other people made point at it. Other apps remove or anonymise their own rows about the
person by registering a close step from their AppConfig.ready(), so this module need not know about them.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.models import AuditEntry
from coproduce.core.services import audit_record
from coproduce.people.models import Consent, DataExport, Person, PioneerNomination, Profile
from coproduce.people.search import search_remove_person

# Runs inside the closing transaction with the person still holding their old details; returns a count (or
# anything JSON can write) for the audit row's detail.
CloseStep = Callable[[Person], Any]

_CLOSE_STEPS: dict[str, CloseStep] = {}


class AccountCloseError(ValueError):
    pass


def register_close_step(name: str, fn: CloseStep) -> None:
    """Add work to every account closure, for example "timebank": anonymise offers, keep the ledger. Registering
    a name again replaces it."""
    _CLOSE_STEPS[name] = fn


def former_member_label(person: Person) -> str:
    # Stored, not shown through gettext: records must read the same whatever language a later reader uses.
    return f"Former member {person.pk}"


def person_close(*, person: Person) -> Person:
    """Anonymise `person` and close their account. Closing a closed account changes nothing."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.closed_at is not None:
            return person
        now = timezone.now()
        label = former_member_label(person)
        detail: dict[str, Any] = {}

        # Consents are withdrawn, not deleted: the history of what was agreed, and when it stopped, is kept.
        detail["consents_withdrawn"] = Consent.objects.filter(person=person, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
        detail["profile_deleted"] = Profile.objects.filter(person=person).delete()[0] > 0
        search_remove_person(person)
        detail["memberships_removed"] = person.memberships.all().delete()[0]
        # Nominations of them are about them, so they go. Nominations they made are about someone else and count
        # towards that person, so they stay, no longer linked to whoever wrote them.
        detail["nominations_of_them_deleted"] = PioneerNomination.objects.filter(nominee=person).delete()[0]
        detail["nominations_they_made_kept"] = PioneerNomination.objects.filter(nominated_by=person).update(
            nominated_by=None
        )
        detail["downloads_deleted"] = _exports_delete(person)
        for name, step in _CLOSE_STEPS.items():
            detail[name] = step(person)
        _sign_in_devices_delete(person)
        detail["sessions_ended"] = _sessions_delete(person)
        _audit_labels_anonymise(person, label)

        person.preferred_name = label
        person.email = None
        person.phone = ""
        person.set_unusable_password()
        person.is_active = False
        person.is_place_admin = False
        person.is_superuser = False
        person.closed_at = now
        person.easy_read = person.larger_text = person.reduced_motion = False
        person.save()
        person.groups.clear()
        person.user_permissions.clear()
        audit_record(actor=person, action="person.close", target=person, detail=detail)
    return person


def person_close_problem(*, person: Person, password: str) -> str:
    """Why the closing form cannot go ahead, or "": the password is asked for when the person has one."""
    if person.closed_at is not None or not person.is_active:
        return _("This account is already closed.")
    if person.has_usable_password() and not person.check_password(password):
        return _("That password is not right. Type the password you sign in with.")
    return ""


def _exports_delete(person: Person) -> int:
    files = [name for name in DataExport.objects.filter(person=person).values_list("file", flat=True) if name]
    deleted = DataExport.objects.filter(person=person).delete()[0]

    # Files go only once the rows are gone for good; a rolled-back closure keeps both.
    def files_delete() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(files_delete)
    return deleted


def _sign_in_devices_delete(person: Person) -> None:
    from django_otp import devices_for_user

    for device in devices_for_user(person, confirmed=None):
        device.delete()


def _sessions_delete(person: AbstractBaseUser) -> int:
    """End every session the person has open, on any device.

    With database-backed sessions the rows are found and deleted. Any other session engine cannot be searched
    by person, but the new unusable password changes the session hash, so Django refuses those sessions on
    their next request; and the account is inactive, which refuses them as well.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    model = store_class.get_model_class()
    store = store_class()
    mine = []
    sessions = model.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data")
    for key, data in sessions.iterator(chunk_size=2000):
        if str(store.decode(data).get("_auth_user_id")) == str(person.pk):
            mine.append(key)
    for key in mine:
        # Through the store, so cached_db sessions leave the cache too.
        store_class(session_key=key).delete(key)
    return len(mine)


def _audit_labels_anonymise(person: Person, label: str) -> None:
    """Audit rows keep pointing at the person (so the log stays complete) but no longer carry their name."""
    AuditEntry.objects.filter(actor=person).update(actor_label=label)
    person_type = ContentType.objects.get_for_model(Person)
    profile_type = ContentType.objects.get_for_model(Profile)
    AuditEntry.objects.filter(target_type=person_type, target_id=str(person.pk)).update(target_label=label)
    AuditEntry.objects.filter(target_type=profile_type, target_id=str(person.pk)).update(
        target_label=f"Profile of {label}"
    )
    # Role changes name the person in their label ("Rosa – Member – Millbrook Carers").
    AuditEntry.objects.filter(detail__person=person.pk).update(target_label=label)
