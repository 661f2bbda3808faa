"""Consent: given to exact words, at a time, in a way; withdrawn in one step, and never deleted."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import Consent, ConsentTopic, ConsentWording, Person


class ConsentError(ValueError):
    pass


def consent_wording_current(topic: str) -> ConsentWording:
    wording = ConsentWording.objects.filter(topic=topic).order_by("-version").first()
    if wording is None:
        raise ConsentError(_("There are no words for this consent yet."))
    return wording


def consent_live(person: Person, topic: str) -> Consent | None:
    return person.consents.filter(topic=topic, withdrawn_at__isnull=True).select_related("wording").first()


class ConsentWordingChangedError(ConsentError):
    pass


def consent_give(
    *,
    person: Person,
    topic: str,
    how: str = Consent.How.ONLINE,
    recorded_by: Person | None = None,
    version: int | None = None,
) -> Consent:
    """Record consent to the current wording. Giving it again while it stands changes nothing.

    `version` is the wording the person was shown; if the words have changed since, nothing is recorded, because
    consent counts only for words the person actually saw.
    """
    if topic not in ConsentTopic.values:
        raise ConsentError(_("Unknown kind of consent."))
    if how not in Consent.How.values:
        raise ConsentError(_("Choose how the consent was given."))
    if not person.is_active:
        raise ConsentError(_("That account is closed."))
    with transaction.atomic():
        existing = consent_live(person, topic)
        if existing is not None:
            return existing
        if version is not None and consent_wording_current(topic).version != version:
            raise ConsentWordingChangedError(
                _("The words of this consent changed while the page was open. Please read them again.")
            )
        try:
            with transaction.atomic():
                consent = Consent.objects.create(
                    person=person,
                    topic=topic,
                    wording=consent_wording_current(topic),
                    how=how,
                    recorded_by=recorded_by,
                    given_at=timezone.now(),
                )
        except IntegrityError:
            # Another request gave the same consent a moment ago; theirs stands.
            live = consent_live(person, topic)
            assert live is not None
            return live
        audit_record(
            actor=recorded_by or person,
            action="consent.give",
            target=person,
            detail={"topic": topic, "version": consent.wording.version, "how": how},
        )
        _consent_took_effect(person, topic)
    return consent


def consent_withdraw(*, person: Person, topic: str, actor: Person | None = None) -> Consent | None:
    """Withdraw a consent. It takes effect at once everywhere that reads consent."""
    with transaction.atomic():
        consent = person.consents.select_for_update().filter(topic=topic, withdrawn_at__isnull=True).first()
        if consent is None:
            return None
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit_record(actor=actor or person, action="consent.withdraw", target=person, detail={"topic": topic})
        _consent_took_effect(person, topic)
    return consent


def _consent_took_effect(person: Person, topic: str) -> None:
    if topic == ConsentTopic.VISIBLE_PROFILE:
        # Search shows a profile only while this consent stands.
        from coproduce.people.search import search_index_person

        search_index_person(person)
