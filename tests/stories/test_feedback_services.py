"""Feedback to managers: sent unedited, hidden identity really not stored, managers emailed on commit, acknowledged
once, removed with a trace, and venue links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Organisation, Role, Service
from coproduce.stories.models import Feedback, VenueLink
from coproduce.stories.selectors.feedback import feedback_inbox, feedback_mine, inbox_counts, venue_link_for_token
from coproduce.stories.services.feedback import (
    BODY_MAX,
    CONTACT_MAX,
    FeedbackError,
    feedback_acknowledge,
    feedback_remove,
    feedback_send,
    venue_link_create,
    venue_link_stop,
)
from tests.factories import MembershipFactory, ServiceFactory


@pytest.fixture
def service(organisation: Organisation) -> Service:
    return ServiceFactory(organisation=organisation, name="Drop-in")


def test_feedback_reaches_the_managers_unedited_by_email_once_committed(
    django_capture_on_commit_callbacks, facilitator, org_admin, person, service, organisation
):
    MembershipFactory(organisation=organisation, role=Role.STAFF, person__email="staff@example.org")
    facilitator.email, org_admin.email = "femi@example.org", "olu@example.org"
    facilitator.save()
    org_admin.save()
    words = "The  toilets were <b>locked</b> again.\n\nPlease sort it."
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_send(sender=person, service=service, body=f"  {words}  ", site_url="https://place.example")
    assert feedback.body == words and feedback.teller == person and not feedback.hide_identity
    assert sorted(m.to[0] for m in mail.outbox) == ["femi@example.org", "olu@example.org"]
    message = mail.outbox[0]
    assert words in message.body and "From: Rosa" in message.body
    assert f"https://place.example/stories/feedback/{feedback.pk}/" in message.body
    assert AuditEntry.objects.get(action="stories.feedback_send").actor == person


def test_hiding_who_you_are_stores_nothing_about_you(django_capture_on_commit_callbacks, facilitator, person, service):
    facilitator.email = "femi@example.org"
    facilitator.save()
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_send(
            sender=person, service=service, body="Staff were rude.", hide_identity=True, idempotency_key="k" * 32
        )
    feedback.refresh_from_db()
    assert feedback.teller is None and feedback.hide_identity and feedback.teller_contact == ""
    entry = AuditEntry.objects.get(action="stories.feedback_send")
    assert entry.actor is None and entry.actor_label == ""
    assert str(person.pk) not in str(entry.detail) and person.preferred_name not in str(entry.detail)
    # Nothing anywhere in the audit log points at the sender.
    assert not AuditEntry.objects.filter(actor=person).exists()
    assert person.preferred_name not in mail.outbox[0].body and "chose not to say who they are" in mail.outbox[0].body
    assert list(feedback_mine(person)) == []


def test_a_way_to_reach_you_is_kept_when_you_choose_to_leave_one(person, service):
    feedback = feedback_send(
        sender=person, service=service, body="Call me", hide_identity=True, contact=" 07700 900123 "
    )
    assert feedback.teller is None and feedback.teller_contact == "07700 900123"


@pytest.mark.parametrize(
    ("body", "contact", "field", "message"),
    [
        ("", "", "body", "Write what you want the manager to know."),
        (" \n\t ", "", "body", "Write what you want the manager to know."),
        ("x" * (BODY_MAX + 1), "", "body", "up to 5,000 characters. It has 5,001"),
        ("Fine", "y" * (CONTACT_MAX + 1), "contact", "up to 200 characters"),
    ],
)
def test_bad_input_is_refused(person, service, body, contact, field, message):
    with pytest.raises(FeedbackError, match=message) as caught:
        feedback_send(sender=person, service=service, body=body, contact=contact)
    assert caught.value.field == field and not Feedback.objects.exists()


def test_the_same_form_sent_twice_is_kept_once(person, service):
    first = feedback_send(sender=person, service=service, body="Once", idempotency_key="a" * 32)
    again = feedback_send(sender=person, service=service, body="Once", idempotency_key="a" * 32)
    hidden = feedback_send(sender=person, service=service, body="Twice", hide_identity=True, idempotency_key="b" * 32)
    hidden_again = feedback_send(
        sender=person, service=service, body="Twice", hide_identity=True, idempotency_key="b" * 32
    )
    assert first.pk == again.pk and hidden.pk == hidden_again.pk and Feedback.objects.count() == 2


def test_nothing_is_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks, facilitator, person, service
):
    facilitator.email = "femi@example.org"
    facilitator.save()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        feedback_send(sender=person, service=service, body="Hello")
        raise RuntimeError
    assert mail.outbox == [] and not Feedback.objects.exists()


def test_acknowledging_once_with_a_note_tells_a_named_teller(
    django_capture_on_commit_callbacks, facilitator, person, service
):
    person.email = "rosa@example.org"
    person.save()
    feedback = feedback_send(sender=person, service=service, body="Thanks for the help")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = feedback_acknowledge(actor=facilitator, feedback=feedback, note="We passed it to the team.")
    assert done.acknowledged_by == facilitator and done.acknowledged_at is not None
    assert done.acknowledgement == "We passed it to the team."
    assert mail.outbox[0].to == ["rosa@example.org"] and "We passed it to the team." in mail.outbox[0].body
    with pytest.raises(FeedbackError, match="already been acknowledged"):
        feedback_acknowledge(actor=facilitator, feedback=feedback, note="Again")
    assert AuditEntry.objects.filter(action="stories.feedback_acknowledge").count() == 1
    with pytest.raises(FeedbackError, match="up to 3,000"):
        feedback_acknowledge(
            actor=facilitator, feedback=feedback_send(sender=None, service=service, body="x"), note="n" * 3001
        )


def test_removing_keeps_everything_with_who_and_why(facilitator, person, service):
    feedback = feedback_send(sender=person, service=service, body="Abuse")
    with pytest.raises(FeedbackError, match="Say why") as caught:
        feedback_remove(actor=facilitator, feedback=feedback, reason="  ")
    assert caught.value.field == "reason"
    removed = feedback_remove(actor=facilitator, feedback=feedback, reason="Threatens a member of staff")
    assert Feedback.objects.filter(pk=feedback.pk).exists()
    assert removed.body == "Abuse" and removed.removed_by == facilitator and removed.removed_at is not None
    assert removed.removed_reason == "Threatens a member of staff"
    entry = AuditEntry.objects.get(action="stories.feedback_remove")
    assert entry.actor == facilitator and entry.detail == {"reason": "Threatens a member of staff"}
    with pytest.raises(FeedbackError, match="already been removed"):
        feedback_remove(actor=facilitator, feedback=feedback, reason="Again")
    assert list(feedback_inbox(facilitator)) == [removed]


def test_the_inbox_lists_waiting_first_then_newest_and_counts_overdue(facilitator, person, service, organisation):
    old = feedback_send(sender=person, service=service, body="Old and waiting")
    Feedback.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    done = feedback_send(sender=person, service=service, body="Newest but done")
    feedback_acknowledge(actor=facilitator, feedback=done)
    new = feedback_send(sender=person, service=service, body="New and waiting")
    Feedback.objects.filter(pk=done.pk).update(created_at=timezone.now() + timedelta(minutes=1))
    feedback_send(sender=person, service=ServiceFactory(), body="Someone else’s")
    assert [f.body for f in feedback_inbox(facilitator)] == ["New and waiting", "Old and waiting", "Newest but done"]
    assert [f.pk for f in feedback_inbox(facilitator, waiting_only=True)] == [new.pk, old.pk]
    counts = inbox_counts(facilitator)
    assert (counts.waiting, counts.overdue) == (2, 1)
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    assert list(feedback_inbox(staff)) == []


def test_venue_links_at_a_venue_never_keep_who_is_signed_in(facilitator, person, service):
    link = venue_link_create(actor=facilitator, service=service, label="Reception", idempotency_key="c" * 32)
    assert venue_link_create(actor=facilitator, service=service, label="Reception", idempotency_key="c" * 32) == link
    assert len(link.token) >= 40 and venue_link_for_token(link.token) == link
    feedback = feedback_send(sender=person, service=service, body="Nice cafe", venue_link=link)
    assert feedback.teller is None and feedback.at_venue and feedback.venue_link == link
    assert AuditEntry.objects.get(action="stories.feedback_send").actor is None
    venue_link_stop(actor=facilitator, link=link)
    venue_link_stop(actor=facilitator, link=link)
    assert AuditEntry.objects.filter(action="stories.venue_link_stop").count() == 1
    link.refresh_from_db()
    assert venue_link_for_token(link.token) is None and VenueLink.objects.filter(pk=link.pk).exists()
    with pytest.raises(FeedbackError, match="stopped"):
        feedback_send(sender=None, service=service, body="Too late", venue_link=link)
    with pytest.raises(FeedbackError, match="Say where"):
        venue_link_create(actor=facilitator, service=service, label=" ")
    assert venue_link_for_token("") is None and venue_link_for_token("x" * 100) is None
