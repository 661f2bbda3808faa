"""Feedback straight to a service's managers, unedited: sending it, acknowledging it, removing abuse with a trace,
and the secret links that put the form on a shared tablet at a venue.

Hiding who you are means it is not stored at all: the feedback has no teller, its audit row has no actor, and
nothing else here records who sent it. Feedback given at a venue is always unsigned, whoever happens to be signed
in on that tablet. Feedback is never edited and never deleted: a manager acknowledges it (with an optional note),
or removes abuse with a reason, and it stays in the list as removed, with who and why.

Services do not check permissions (views do); they check what they are given and say what is wrong in words meant
for the person who typed it.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import KEY_MEMORY, audit_record, audited_with_key, place_get
from coproduce.organisations.models import Service
from coproduce.people.models import Person
from coproduce.stories.models import Feedback, VenueLink
from coproduce.stories.rules import SERVICE_MANAGERS

BODY_MAX = 5000
CONTACT_MAX = 200
NOTE_MAX = 3000
REASON_MAX = 300
LABEL_MAX = 100


class FeedbackError(ValueError):
    """Something that cannot be saved as given. `field` names the form field it is about, or is None."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _too_long(what: str, limit: int, count: int) -> str:
    return _("%(what)s can be up to %(limit)s characters. It has %(count)s: please shorten it.") % {
        "what": what,
        "limit": f"{limit:,}",
        "count": f"{count:,}",
    }


def service_managers(service: Service) -> list[Person]:
    """The people who read a service's feedback: its organisation's facilitators and admins with open accounts."""
    return list(
        Person.objects.filter(
            memberships__organisation_id=service.organisation_id,
            memberships__role__in=SERVICE_MANAGERS,
            is_active=True,
            closed_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def _tell_the_managers(*, feedback: Feedback, site_url: str) -> None:
    link = f"{site_url}{reverse('stories:feedback-item', kwargs={'feedback_id': feedback.pk})}"
    place = place_get()
    for manager in service_managers(feedback.service):
        if not manager.email:
            continue
        email_on_commit(
            to=manager.email,
            subject=_("Feedback for %(service)s") % {"service": feedback.service.name},
            template="stories/email/feedback_sent.txt",
            context={"person": manager, "feedback": feedback, "link": link, "place": place},
        )


def feedback_send(
    *,
    sender: Person | None,
    service: Service,
    body: str,
    hide_identity: bool = False,
    contact: str = "",
    venue_link: VenueLink | None = None,
    idempotency_key: str = "",
    site_url: str = "",
) -> Feedback:
    """Send feedback to a service's managers, exactly as written. The same form sent twice (its key) is kept once."""
    body, contact = body.strip(), contact.strip()
    if not body:
        raise FeedbackError(_("Write what you want the manager to know."), field="body")
    if len(body) > BODY_MAX:
        raise FeedbackError(_too_long(_("What you write"), BODY_MAX, len(body)), field="body")
    if len(contact) > CONTACT_MAX:
        raise FeedbackError(_too_long(_("How to reach you"), CONTACT_MAX, len(contact)), field="contact")
    if venue_link is not None and (venue_link.stopped_at is not None or venue_link.service_id != service.pk):
        raise FeedbackError(_("This tablet’s link has been stopped. Please ask a member of staff."))
    # At a venue the tablet is shared: whoever is signed in on it is not the person writing.
    unsigned = hide_identity or venue_link is not None or sender is None or not sender.pk
    teller = None if unsigned else sender
    with transaction.atomic():
        # The service's row lock makes the same form sent twice wait for itself, so the second finds the first.
        Service.objects.select_for_update().filter(pk=service.pk).first()
        if idempotency_key:
            earlier = (
                Feedback.objects.filter(
                    service=service, submission_key=idempotency_key, created_at__gte=timezone.now() - KEY_MEMORY
                )
                .order_by("pk")
                .first()
            )
            if earlier is not None:
                return earlier
        feedback = Feedback.objects.create(
            service=service,
            body=body,
            teller=teller,
            teller_contact=contact,
            hide_identity=unsigned and sender is not None and venue_link is None,
            at_venue=venue_link is not None,
            venue_link=venue_link,
            submission_key=idempotency_key,
        )
        audit_record(
            actor=teller,
            action="stories.feedback_send",
            target=feedback,
            detail={"service": service.pk, "at_venue": venue_link is not None},
        )
        _tell_the_managers(feedback=feedback, site_url=site_url)
    return feedback


def _locked(feedback: Feedback) -> Feedback:
    return (
        Feedback.objects.select_for_update(of=("self",))
        .select_related("service__organisation", "teller")
        .get(pk=feedback.pk)
    )


def feedback_acknowledge(*, actor: Person, feedback: Feedback, note: str = "", site_url: str = "") -> Feedback:
    """Say that it has been read, with an optional note for the person who sent it. Once only."""
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise FeedbackError(_too_long(_("Your note"), NOTE_MAX, len(note)), field="note")
    with transaction.atomic():
        feedback = _locked(feedback)
        if feedback.acknowledged_at is not None:
            raise FeedbackError(_("This feedback has already been acknowledged."))
        feedback.acknowledged_at = timezone.now()
        feedback.acknowledged_by = actor
        feedback.acknowledgement = note
        feedback.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
        audit_record(
            actor=actor, action="stories.feedback_acknowledge", target=feedback, detail={"with_note": bool(note)}
        )
        teller = feedback.teller
        if teller is not None and teller.is_active and teller.closed_at is None and teller.email:
            email_on_commit(
                to=teller.email,
                subject=_("%(service)s has read your feedback") % {"service": feedback.service.name},
                template="stories/email/feedback_acknowledged.txt",
                context={
                    "person": teller,
                    "feedback": feedback,
                    "link": f"{site_url}{reverse('stories:my-feedback')}",
                    "place": place_get(),
                },
            )
    return feedback


def feedback_remove(*, actor: Person, feedback: Feedback, reason: str) -> Feedback:
    """Take abusive feedback out of view, with a reason. Nothing is deleted: it stays listed as removed, with who
    removed it and why, and the audit log keeps the same."""
    reason = reason.strip()
    if not reason:
        raise FeedbackError(_("Say why you are removing it."), field="reason")
    if len(reason) > REASON_MAX:
        raise FeedbackError(_too_long(_("The reason"), REASON_MAX, len(reason)), field="reason")
    with transaction.atomic():
        feedback = _locked(feedback)
        if feedback.removed_at is not None:
            raise FeedbackError(_("This feedback has already been removed."))
        feedback.removed_at = timezone.now()
        feedback.removed_by = actor
        feedback.removed_reason = reason
        feedback.save(update_fields=["removed_at", "removed_by", "removed_reason"])
        audit_record(actor=actor, action="stories.feedback_remove", target=feedback, detail={"reason": reason})
    return feedback


def venue_link_create(*, actor: Person, service: Service, label: str, idempotency_key: str = "") -> VenueLink:
    """A new secret link for a tablet at a venue. Anyone with the link can send feedback to the service."""
    label = label.strip()
    if not label:
        raise FeedbackError(_("Say where the tablet will be, for example ‘Reception at the drop-in’."), field="label")
    if len(label) > LABEL_MAX:
        raise FeedbackError(_too_long(_("Where the tablet is"), LABEL_MAX, len(label)), field="label")
    with transaction.atomic():
        if idempotency_key:
            Person.objects.select_for_update().filter(pk=actor.pk).first()
            earlier = audited_with_key(action="stories.venue_link_create", actor=actor, idempotency_key=idempotency_key)
            if earlier is not None:
                return VenueLink.objects.get(pk=earlier.target_id)
        link = VenueLink.objects.create(service=service, label=label, token=secrets.token_urlsafe(32), created_by=actor)
        detail: dict[str, Any] = {"service": service.pk}
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="stories.venue_link_create", target=link, detail=detail)
    return link


def venue_link_stop(*, actor: Person, link: VenueLink) -> VenueLink:
    """Stop a link (a lost tablet, a venue closed). Stopping twice changes nothing."""
    with transaction.atomic():
        link = VenueLink.objects.select_for_update().get(pk=link.pk)
        if link.stopped_at is not None:
            return link
        link.stopped_at = timezone.now()
        link.stopped_by = actor
        link.save(update_fields=["stopped_at", "stopped_by"])
        audit_record(actor=actor, action="stories.venue_link_stop", target=link, detail={"service": link.service_id})
    return link
