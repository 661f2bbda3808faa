"""Training sessions: making them, trainers and how they are credited, signing up, marking held (which credits the
trainers' hours once, through the timebank, or changes nothing at all), and what attendees will do differently."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.learn.selectors.sessions import trainer_label, training_notes_by_competency
from coproduce.learn.services.sessions import (
    DIFFERENTLY_MAX,
    SessionError,
    session_differently_record,
    session_mark_held,
    session_sign_up,
    session_sign_up_cancel,
    session_trainer_add,
    session_trainer_credit_set,
    session_trainer_remove,
    session_transfer_key,
    training_session_create,
)
from coproduce.timebank.models import Account, Transfer
from coproduce.timebank.selectors.ledger_check import ledger_problems
from coproduce.timebank.services.accounts import account_for_organisation
from coproduce.timebank.services.ledger import BalanceLimitError, LedgerError
from tests.factories import PersonFactory
from tests.learn.sessions_support import (
    add_attendee,
    add_trainer,
    balance,
    key,
    make_session,
    organisation_balance,
)

pytestmark = pytest.mark.django_db


def create(facilitator, organisation, **overrides):
    values = {
        "actor": facilitator,
        "organisation": organisation,
        "kind": TrainingSession.Kind.ALTERNATIVE,
        "title": "Listening first",
        "description": "Three carers on what helped them most.",
        "starts_at": timezone.now() + timedelta(days=7),
        "minutes": 90,
        "where": "Library, room 2",
    }
    values.update(overrides)
    return training_session_create(**values)


# --- making a session -------------------------------------------------------------------------------------------


def test_a_facilitator_makes_a_session_and_it_is_audited(facilitator, organisation):
    session = create(facilitator, organisation, idempotency_key=key())
    assert session.organised_by == facilitator and session.organisation == organisation and session.minutes == 90
    assert AuditEntry.objects.filter(action="learn.session_create", target_id=str(session.pk)).exists()


def test_the_same_form_sent_twice_makes_one_session(facilitator, organisation):
    same = key()
    first = create(facilitator, organisation, idempotency_key=same)
    again = create(facilitator, organisation, idempotency_key=same)
    assert first.pk == again.pk and TrainingSession.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"kind": "lecture"}, "kind", "Choose the kind"),
        ({"title": "   "}, "title", "Write the title"),
        ({"title": "x" * 201}, "title", "up to 200 characters. It has 201"),
        ({"description": "y" * 3001}, "description", "up to 3000 characters"),
        ({"minutes": 5}, "minutes", "from 15 minutes to 10 hours"),
        ({"minutes": 11 * 60}, "minutes", "from 15 minutes to 10 hours"),
        ({"where": "z" * 301}, "where", "up to 300 characters"),
    ],
)
def test_a_session_with_bad_details_is_refused_with_a_clear_message(facilitator, organisation, overrides, field, words):
    with pytest.raises(SessionError) as caught:
        create(facilitator, organisation, **overrides)
    assert caught.value.field == field and words in str(caught.value)
    assert not TrainingSession.objects.exists()


# --- trainers -------------------------------------------------------------------------------------------------


def test_a_trainer_is_added_unnamed_until_they_choose_and_is_told_by_email(
    facilitator, organisation, django_capture_on_commit_callbacks
):
    session = make_session(organisation=organisation, days=3)
    jay = PersonFactory(preferred_name="Jay", email="jay@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        trainer = session_trainer_add(
            actor=facilitator, session=session, person=jay, lived_experience=True, site_url="https://x.example"
        )
    assert trainer.credit == SessionTrainer.Credit.UNNAMED and trainer.lived_experience
    assert trainer_label(trainer) == "A trainer with lived experience"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jay@example.org"]
    assert f"https://x.example/learn/sessions/{session.pk}/" in mail.outbox[0].body


def test_a_trainer_cannot_be_added_twice_or_with_a_closed_account_or_after_the_session_is_held(
    facilitator, organisation
):
    session = make_session(organisation=organisation)
    jay = PersonFactory()
    session_trainer_add(actor=facilitator, session=session, person=jay, lived_experience=True)
    with pytest.raises(SessionError, match="already a trainer"):
        session_trainer_add(actor=facilitator, session=session, person=jay, lived_experience=True)
    closed = PersonFactory(closed_at=timezone.now())
    with pytest.raises(SessionError, match="account is closed"):
        session_trainer_add(actor=facilitator, session=session, person=closed, lived_experience=False)
    session_mark_held(actor=facilitator, session=session, attended=[])
    with pytest.raises(SessionError, match="has been held"):
        session_trainer_add(actor=facilitator, session=session, person=PersonFactory(), lived_experience=True)
    with pytest.raises(SessionError, match="has been held"):
        session_trainer_remove(actor=facilitator, trainer=SessionTrainer.objects.get(person=jay))
    assert SessionTrainer.objects.filter(session=session).count() == 1


def test_someone_signed_up_who_becomes_a_trainer_is_no_longer_an_attendee(facilitator, organisation):
    session = make_session(organisation=organisation, days=2)
    ada = PersonFactory()
    session_sign_up(actor=ada, session=session)
    session_trainer_add(actor=facilitator, session=session, person=ada, lived_experience=True)
    assert not SessionAttendance.objects.filter(session=session, person=ada).exists()


def test_only_the_trainer_chooses_how_they_are_credited(facilitator, organisation):
    session = make_session(organisation=organisation)
    jay = PersonFactory(preferred_name="Jay")
    trainer = add_trainer(session, jay, lived_experience=False)
    with pytest.raises(SessionError, match="Only the trainer"):
        session_trainer_credit_set(actor=facilitator, trainer=trainer, credit=SessionTrainer.Credit.NAMED)
    with pytest.raises(SessionError, match="Choose whether"):
        session_trainer_credit_set(actor=jay, trainer=trainer, credit="famous")
    assert trainer_label(SessionTrainer.objects.get(pk=trainer.pk)) == "A trainer"
    session_trainer_credit_set(actor=jay, trainer=trainer, credit=SessionTrainer.Credit.NAMED)
    assert SessionTrainer.objects.get(pk=trainer.pk).credit == SessionTrainer.Credit.NAMED
    assert trainer_label(SessionTrainer.objects.get(pk=trainer.pk)) == "Jay"


# --- signing up -----------------------------------------------------------------------------------------------


def test_signing_up_twice_is_one_place_and_cancelling_gives_it_back(organisation):
    session = make_session(organisation=organisation, days=4)
    ada = PersonFactory()
    session_sign_up(actor=ada, session=session)
    session_sign_up(actor=ada, session=session)
    assert SessionAttendance.objects.filter(session=session, person=ada).count() == 1
    session_sign_up_cancel(actor=ada, session=session)
    assert not SessionAttendance.objects.filter(session=session).exists()


def test_a_trainer_does_not_sign_up_and_no_one_signs_up_once_it_is_held(facilitator, organisation):
    session = make_session(organisation=organisation)
    jay = add_trainer(session).person
    with pytest.raises(SessionError, match="You are training"):
        session_sign_up(actor=jay, session=session)
    ada = PersonFactory()
    session_sign_up(actor=ada, session=session)
    session_mark_held(actor=facilitator, session=session, attended=[ada])
    with pytest.raises(SessionError, match="too late"):
        session_sign_up(actor=PersonFactory(), session=session)
    with pytest.raises(SessionError, match="can no longer be cancelled"):
        session_sign_up_cancel(actor=ada, session=session)


# --- marking held and crediting the trainers ------------------------------------------------------------------


def test_marking_held_credits_each_trainer_once_from_the_organisations_account(facilitator, organisation):
    session = make_session(organisation=organisation, minutes=150)
    jay, kim = PersonFactory(), PersonFactory()
    add_trainer(session, jay)
    add_trainer(session, kim, lived_experience=False)
    signed_up, missed, walked_in = PersonFactory(), PersonFactory(), PersonFactory()
    add_attendee(session, signed_up)
    add_attendee(session, missed)

    held = session_mark_held(actor=facilitator, session=session, attended=[signed_up, walked_in])

    assert held.first_time and held.attended == 2 and held.transfer is not None
    assert balance(jay) == 150 and balance(kim) == 150 and organisation_balance(organisation) == -300
    trainers = SessionTrainer.objects.filter(session=session)
    assert {trainer.hours_credited_id for trainer in trainers} == {held.transfer.pk}
    assert held.transfer.idempotency_key == session_transfer_key(session)
    assert held.transfer.category is not None and held.transfer.category.name == "Training staff"
    assert held.transfer.occurred_on == timezone.localdate(session.starts_at)
    came = dict(SessionAttendance.objects.filter(session=session).values_list("person_id", "attended"))
    assert came == {signed_up.pk: True, missed.pk: False, walked_in.pk: True}
    session.refresh_from_db()
    assert session.held_at is not None
    assert list(ledger_problems()) == []

    # Marked held again, with a different list of who came: attendance changes, no one is paid twice.
    again = session_mark_held(actor=facilitator, session=session, attended=[missed])
    assert not again.first_time and again.transfer is not None and again.transfer.pk == held.transfer.pk
    assert balance(jay) == 150 and balance(kim) == 150 and organisation_balance(organisation) == -300
    assert Transfer.objects.count() == 1
    came = dict(SessionAttendance.objects.filter(session=session).values_list("person_id", "attended"))
    assert came == {signed_up.pk: False, missed.pk: True, walked_in.pk: False}
    assert list(ledger_problems()) == []


def test_a_session_without_trainers_is_held_with_no_hours_moved(facilitator, organisation):
    session = make_session(organisation=organisation)
    held = session_mark_held(actor=facilitator, session=session, attended=[])
    assert held.transfer is None and not Transfer.objects.exists()


def test_a_session_that_has_not_started_cannot_be_marked_held(facilitator, organisation):
    session = make_session(organisation=organisation, days=1)
    add_trainer(session)
    with pytest.raises(SessionError, match="has not started"):
        session_mark_held(actor=facilitator, session=session, attended=[])
    session.refresh_from_db()
    assert session.held_at is None and not Transfer.objects.exists()


def test_a_balance_limit_refusal_saves_nothing_and_a_facilitator_can_approve_it(facilitator, organisation):
    session = make_session(organisation=organisation)
    jay = add_trainer(session).person
    ada = add_attendee(session).person
    account = account_for_organisation(organisation)
    Account.objects.filter(pk=account.pk).update(min_balance_minutes=0)

    with pytest.raises(BalanceLimitError, match="below"):
        session_mark_held(actor=facilitator, session=session, attended=[ada, PersonFactory()])

    session.refresh_from_db()
    assert session.held_at is None
    assert not SessionAttendance.objects.filter(session=session, attended=True).exists()
    assert SessionAttendance.objects.filter(session=session).count() == 1
    assert SessionTrainer.objects.get(session=session).hours_credited_id is None
    assert balance(jay) == 0 and not Transfer.objects.exists()

    held = session_mark_held(actor=facilitator, session=session, attended=[ada], approved_by=facilitator)
    assert held.transfer is not None and held.transfer.approved_by == facilitator and balance(jay) == 120
    assert list(ledger_problems()) == []


def test_a_trainer_whose_account_closed_stops_the_session_being_held_until_they_are_removed(facilitator, organisation):
    session = make_session(organisation=organisation)
    gone = add_trainer(session)
    from coproduce.timebank.services.accounts import account_for_person

    Account.objects.filter(pk=account_for_person(gone.person).pk).update(closed_at=timezone.now())
    with pytest.raises(LedgerError, match="closed"):
        session_mark_held(actor=facilitator, session=session, attended=[])
    session.refresh_from_db()
    assert session.held_at is None
    session_trainer_remove(actor=facilitator, trainer=gone)
    assert session_mark_held(actor=facilitator, session=session, attended=[]).transfer is None


def test_trainers_and_closed_accounts_are_not_listed_as_people_who_came(facilitator, organisation):
    session = make_session(organisation=organisation)
    jay = add_trainer(session).person
    with pytest.raises(SessionError, match="Trainers are credited"):
        session_mark_held(actor=facilitator, session=session, attended=[jay])
    with pytest.raises(SessionError, match="account is closed"):
        session_mark_held(actor=facilitator, session=session, attended=[PersonFactory(closed_at=timezone.now())])
    ada = PersonFactory()
    with pytest.raises(SessionError, match="only once"):
        session_mark_held(actor=facilitator, session=session, attended=[ada, ada])
    assert not Transfer.objects.exists()


# --- what attendees will do differently -----------------------------------------------------------------------


def test_only_someone_who_came_to_a_held_session_says_what_they_will_do_differently(facilitator, organisation):
    session = make_session(organisation=organisation)
    ada, bea = PersonFactory(), PersonFactory()
    add_attendee(session, ada)
    add_attendee(session, bea)
    ada_attendance = SessionAttendance.objects.get(person=ada)
    with pytest.raises(SessionError, match="once the session is held"):
        session_differently_record(actor=ada, attendance=ada_attendance, text="Ask first")
    session_mark_held(actor=facilitator, session=session, attended=[ada])
    ada_attendance = SessionAttendance.objects.select_related("session").get(person=ada)
    bea_attendance = SessionAttendance.objects.select_related("session").get(person=bea)
    with pytest.raises(SessionError, match="Only the person who came"):
        session_differently_record(actor=bea, attendance=ada_attendance, text="Ask first")
    with pytest.raises(SessionError, match="once the session is held and you were there"):
        session_differently_record(actor=bea, attendance=bea_attendance, text="Ask first")

    key_ = competency_choices()[0][0]
    session_differently_record(actor=ada, attendance=ada_attendance, text="  Ask people first.  ", competency=key_)
    saved = SessionAttendance.objects.get(person=ada)
    assert saved.will_do_differently == "Ask people first." and saved.competency == key_


@pytest.mark.parametrize(
    ("text", "competency", "words"),
    [
        ("", "", "Write what you will do differently"),
        ("x" * (DIFFERENTLY_MAX + 1), "", f"up to {DIFFERENTLY_MAX} characters"),
        ("Ask first", "not-a-competency", "Choose one of the competencies"),
    ],
)
def test_what_attendees_will_do_differently_is_checked(facilitator, organisation, text, competency, words):
    session = make_session(organisation=organisation, held_at=timezone.now())
    attendance = add_attendee(session, attended=True)
    with pytest.raises(SessionError, match=words):
        session_differently_record(actor=attendance.person, attendance=attendance, text=text, competency=competency)
    assert SessionAttendance.objects.get(pk=attendance.pk).will_do_differently == ""


def test_notes_tied_to_a_competency_are_offered_by_competency_and_only_the_persons_own(organisation):
    first, second = competency_choices()[0][0], competency_choices()[1][0]
    ada = PersonFactory()
    earlier = make_session(organisation=organisation, title="Earlier", days=-20, held_at=timezone.now())
    later = make_session(organisation=organisation, title="Later", days=-2, held_at=timezone.now())
    add_attendee(earlier, ada, attended=True, will_do_differently="Sit beside, not opposite", competency=first)
    add_attendee(later, ada, attended=True, will_do_differently="Ask what works", competency=first)
    add_attendee(make_session(organisation=organisation), ada, attended=True, will_do_differently="Untied")
    add_attendee(
        make_session(organisation=organisation), ada, attended=False, will_do_differently="x", competency=second
    )
    add_attendee(later, attended=True, will_do_differently="Someone else's", competency=first)

    notes = training_notes_by_competency(ada)

    assert list(notes) == [first]
    assert [(note.text, note.session_title) for note in notes[first]] == [
        ("Sit beside, not opposite", "Earlier"),
        ("Ask what works", "Later"),
    ]
