"""Nominating, awarding with evidence, the recipient's answer, and taking a badge back."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.people.services.closing import person_close
from coproduce.recognition.models import Award, Nomination
from coproduce.recognition.services.awards import (
    AwardError,
    award_accept,
    award_decline,
    award_give,
    award_revoke,
    award_show_on_profile,
    nomination_create,
    nomination_decline,
    nomination_withdraw,
)
from tests.factories import PersonFactory
from tests.recognition.credential_support import make_badge

SITE = "https://place.example"
EVIDENCE = "Sat with three new carers at the café and made sure each was heard."


@pytest.fixture
def badge(db):  # type: ignore[no-untyped-def]
    return make_badge("Listens well")


@pytest.fixture
def rosa(db):  # type: ignore[no-untyped-def]
    return PersonFactory(preferred_name="Rosa", email="rosa@example.org")


@pytest.fixture
def sam(db):  # type: ignore[no-untyped-def]
    return PersonFactory(preferred_name="Sam", email="sam@example.org")


# --- nominating -------------------------------------------------------------------------------------------------


def test_anyone_can_nominate_with_a_reason(badge, rosa, sam):
    nomination = nomination_create(actor=sam, badge=badge, nominee=rosa, reason="  She always makes time.  ")
    assert nomination.status == Nomination.Status.OPEN
    assert nomination.reason == "She always makes time." and nomination.nominated_by == sam
    assert AuditEntry.objects.get(action="recognition.nomination_create").detail == {
        "badge": badge.pk,
        "nominee": rosa.pk,
    }


def test_a_nomination_needs_a_reason_within_the_limit(badge, rosa, sam):
    with pytest.raises(AwardError, match="Say why you are nominating them") as caught:
        nomination_create(actor=sam, badge=badge, nominee=rosa, reason=" ")
    assert caught.value.field == "reason"
    with pytest.raises(AwardError, match=re.escape("Why can be up to 1000 characters. It has 1001")):
        nomination_create(actor=sam, badge=badge, nominee=rosa, reason="x" * 1001)


def test_nominating_twice_or_someone_who_holds_it_is_refused(badge, rosa, sam):
    nomination_create(actor=sam, badge=badge, nominee=rosa, reason="Listens.")
    with pytest.raises(AwardError, match="You have already nominated Rosa for this badge"):
        nomination_create(actor=sam, badge=badge, nominee=rosa, reason="Again.")
    # Someone else may add their voice.
    nomination_create(actor=PersonFactory(), badge=badge, nominee=rosa, reason="Me too.")
    sam_holds = Award.objects.create(badge=badge, recipient=sam, evidence="e", status=Award.Status.ACCEPTED)
    with pytest.raises(AwardError, match=re.escape("Sam already has this badge.")):
        nomination_create(actor=rosa, badge=badge, nominee=sam, reason="Listens.")
    assert sam_holds.pk


def test_a_closed_account_or_a_retired_badge_cannot_be_nominated(badge, rosa, sam):
    person_close(person=rosa)
    rosa.refresh_from_db()
    with pytest.raises(AwardError, match="account is closed, so they cannot be nominated") as caught:
        nomination_create(actor=sam, badge=badge, nominee=rosa, reason="Listens.")
    assert caught.value.field == "nominee"
    badge.retired_at = timezone.now()
    badge.save()
    with pytest.raises(AwardError, match="is no longer given"):
        nomination_create(actor=rosa, badge=badge, nominee=sam, reason="Listens.")


def test_the_nominator_may_withdraw_an_open_nomination_and_nobody_else_may(badge, rosa, sam):
    nomination = nomination_create(actor=sam, badge=badge, nominee=rosa, reason="Listens.")
    with pytest.raises(AwardError, match="Only the person who made a nomination"):
        nomination_withdraw(actor=rosa, nomination=nomination)
    nomination_withdraw(actor=sam, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN
    with pytest.raises(AwardError, match="already been decided"):
        nomination_withdraw(actor=sam, nomination=nomination)


# --- awarding ---------------------------------------------------------------------------------------------------


def test_awarding_a_nomination_offers_the_badge_and_emails_the_recipient_and_the_nominator(
    badge, rosa, sam, facilitator, django_capture_on_commit_callbacks
):
    nomination = nomination_create(actor=sam, badge=badge, nominee=rosa, reason="Listens.")
    other = nomination_create(
        actor=PersonFactory(email="kai@example.org"), badge=badge, nominee=rosa, reason="She listened to me."
    )
    with django_capture_on_commit_callbacks(execute=True):
        award = award_give(actor=facilitator, nomination=nomination, evidence=EVIDENCE, site_url=SITE)

    assert award.status == Award.Status.OFFERED and award.recipient == rosa and award.awarded_by == facilitator
    assert award.evidence == EVIDENCE and award.nomination == nomination and award.revoked_at is None
    nomination.refresh_from_db()
    other.refresh_from_db()
    assert nomination.status == other.status == Nomination.Status.AWARDED
    assert nomination.decided_by == facilitator and nomination.decided_at is not None

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"rosa@example.org", "sam@example.org", "kai@example.org"}
    offered = by_address["rosa@example.org"]
    assert offered.subject == "You have been offered a badge: Listens well"
    assert "Femi would like to give you the badge “Listens well”." in offered.body
    assert EVIDENCE in offered.body and f"{SITE}/badges/awards/{award.pk}/" in offered.body
    decided = by_address["sam@example.org"]
    assert decided.subject == "Your nomination for “Listens well” was accepted"
    assert "The badge has been offered to them." in decided.body and f"{SITE}/badges/mine/" in decided.body
    detail = AuditEntry.objects.get(action="recognition.award_give").detail
    assert detail["recipient"] == rosa.pk and sorted(detail["nominations"]) == sorted([nomination.pk, other.pk])


def test_declining_a_nomination_needs_a_reason_and_tells_the_nominator(
    badge, rosa, sam, facilitator, django_capture_on_commit_callbacks
):
    nomination = nomination_create(actor=sam, badge=badge, nominee=rosa, reason="Listens.")
    with pytest.raises(AwardError, match="Say why the badge is not being awarded") as caught:
        nomination_decline(actor=facilitator, nomination=nomination, note="")
    assert caught.value.field == "note"
    with django_capture_on_commit_callbacks(execute=True):
        nomination_decline(actor=facilitator, nomination=nomination, note="Let’s hear from the carers first.")
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.NOT_AWARDED
    assert nomination.decision_note == "Let’s hear from the carers first."
    assert [message.to for message in mail.outbox] == [["sam@example.org"]]
    assert mail.outbox[0].subject == "Your nomination for “Listens well” was not awarded"
    assert "Let’s hear from the carers first." in mail.outbox[0].body
    with pytest.raises(AwardError, match="already been decided"):
        nomination_decline(actor=facilitator, nomination=nomination, note="Again")


def test_no_email_to_a_nominator_who_decides_their_own_nomination(
    badge, rosa, facilitator, django_capture_on_commit_callbacks
):
    nomination = nomination_create(actor=facilitator, badge=badge, nominee=rosa, reason="Listens.")
    with django_capture_on_commit_callbacks(execute=True):
        award_give(actor=facilitator, nomination=nomination, evidence=EVIDENCE)
    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]


def test_a_badge_can_be_given_directly_with_evidence(badge, rosa, facilitator):
    award = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    assert award.nomination is None and award.status == Award.Status.OFFERED
    with pytest.raises(AwardError, match="Write the evidence") as caught:
        award_give(actor=facilitator, badge=make_badge("Cooks for thirty"), recipient=rosa, evidence="  ")
    assert caught.value.field == "evidence"


def test_nobody_gives_a_badge_to_themselves(badge, facilitator):
    with pytest.raises(AwardError, match="You cannot give a badge to yourself"):
        award_give(actor=facilitator, badge=badge, recipient=facilitator, evidence=EVIDENCE)
    nomination = nomination_create(actor=facilitator, badge=badge, nominee=facilitator, reason="I listen.")
    with pytest.raises(AwardError, match="You cannot give a badge to yourself"):
        award_give(actor=facilitator, nomination=nomination, evidence=EVIDENCE)
    assert not Award.objects.exists()


def test_a_badge_cannot_be_given_to_a_closed_account(badge, rosa, facilitator):
    person_close(person=rosa)
    rosa.refresh_from_db()
    with pytest.raises(AwardError) as caught:
        award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    assert str(caught.value) == f"Former member {rosa.pk}’s account is closed, so badges cannot be given to them."
    assert caught.value.field == "recipient"
    assert not Award.objects.exists()


def test_a_badge_cannot_be_given_to_an_account_that_is_switched_off(badge, rosa, facilitator):
    rosa.is_active = False
    rosa.save()
    with pytest.raises(AwardError, match="Rosa’s account is switched off at the moment"):
        award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)


def test_a_second_live_award_of_the_same_badge_is_refused(badge, rosa, facilitator, org_admin):
    first = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    with pytest.raises(
        AwardError, match=re.escape("Rosa has already been offered this badge and has not answered yet.")
    ):
        award_give(actor=org_admin, badge=badge, recipient=rosa, evidence=EVIDENCE)
    award_accept(actor=rosa, award=first, shown_on_profile=True)
    with pytest.raises(AwardError, match=re.escape("Rosa already has this badge.")):
        award_give(actor=org_admin, badge=badge, recipient=rosa, evidence=EVIDENCE)
    # A different badge is fine.
    award_give(actor=org_admin, badge=make_badge("Cooks for thirty"), recipient=rosa, evidence=EVIDENCE)
    assert Award.objects.filter(recipient=rosa).count() == 2


def test_after_declining_or_taking_back_the_badge_can_be_offered_again(badge, rosa, facilitator):
    first = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    award_decline(actor=rosa, award=first)
    second = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    award_revoke(actor=facilitator, award=second, reason="Wrong Rosa.")
    third = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    assert third.pk not in (first.pk, second.pk)


def test_a_retired_badge_is_not_given(badge, rosa, facilitator):
    badge.retired_at = timezone.now()
    badge.save()
    with pytest.raises(AwardError, match="no longer given"):
        award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)


def test_the_same_award_form_sent_twice_gives_one_award(badge, rosa, facilitator):
    first = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE, idempotency_key="b" * 32)
    again = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE, idempotency_key="b" * 32)
    assert first.pk == again.pk and Award.objects.count() == 1


# --- answering --------------------------------------------------------------------------------------------------


def test_the_recipient_accepts_and_chooses_whether_it_shows(badge, rosa, facilitator):
    award = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    with pytest.raises(AwardError, match="Only the person a badge was given to"):
        award_accept(actor=facilitator, award=award, shown_on_profile=True)
    with pytest.raises(AwardError, match="Accept the badge first"):
        award_show_on_profile(actor=rosa, award=award, shown=True)

    award = award_accept(actor=rosa, award=award, shown_on_profile=False)
    assert award.status == Award.Status.ACCEPTED and award.responded_at is not None and not award.shown_on_profile
    with pytest.raises(AwardError, match="already answered"):
        award_decline(actor=rosa, award=award)

    award = award_show_on_profile(actor=rosa, award=award, shown=True)
    assert award.shown_on_profile
    award_show_on_profile(actor=rosa, award=award, shown=True)
    assert AuditEntry.objects.filter(action="recognition.award_show").count() == 1


def test_declining_leaves_nothing_showing(badge, rosa, facilitator):
    award = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    award = award_decline(actor=rosa, award=award)
    assert award.status == Award.Status.DECLINED and not award.shown_on_profile


# --- taking back ------------------------------------------------------------------------------------------------


def test_taking_a_badge_back_needs_a_reason_keeps_the_row_and_tells_the_recipient(
    badge, rosa, facilitator, django_capture_on_commit_callbacks
):
    award = award_give(actor=facilitator, badge=badge, recipient=rosa, evidence=EVIDENCE)
    award_accept(actor=rosa, award=award, shown_on_profile=True)
    with pytest.raises(AwardError, match="Say why the badge is being taken back") as caught:
        award_revoke(actor=facilitator, award=award, reason="")
    assert caught.value.field == "reason"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        award = award_revoke(actor=facilitator, award=award, reason="Given to the wrong Rosa.", site_url=SITE)
    assert award.revoked_at is not None and award.revoked_by == facilitator
    assert award.revoke_reason == "Given to the wrong Rosa."
    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]
    assert "Given to the wrong Rosa." in mail.outbox[0].body
    with pytest.raises(AwardError, match="already been taken back"):
        award_revoke(actor=facilitator, award=award, reason="Again")
    with pytest.raises(AwardError, match="taken back, so there is nothing to answer"):
        award_show_on_profile(actor=rosa, award=award, shown=False)
