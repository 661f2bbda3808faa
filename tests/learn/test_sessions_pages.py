"""The training session pages: who may do what, how unnamed trainers appear everywhere, marking held from the page,
forms that keep what was typed, query counts that stay put, and training notes in competency reflections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.learn.services.sessions import session_mark_held
from coproduce.organisations.models import Role
from coproduce.reflect.services.rounds import participant_join, round_open
from coproduce.timebank.models import Account, Transfer
from coproduce.timebank.selectors.ledger_check import ledger_problems
from coproduce.timebank.services.accounts import account_for_organisation
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, bundled_framework
from tests.learn.sessions_support import add_attendee, add_trainer, balance, key, make_session

pytestmark = pytest.mark.django_db


def session_url(session: TrainingSession, name: str = "session") -> str:
    return reverse(f"learn:{name}", args=[session.pk])


def new_session_form(organisation, **overrides: object) -> dict[str, object]:
    when = timezone.localdate() + timedelta(days=10)
    data: dict[str, object] = {
        "idempotency_key": key(),
        "organisation": organisation.pk,
        "kind": TrainingSession.Kind.SKILLS,
        "title": "Telling your story so it is heard",
        "description": "A storytelling session run by the carers’ group.",
        "starts_on": when.strftime("%d/%m/%Y"),
        "starts_time": "2pm",
        "minutes": "1h30",
        "where": "The library",
    }
    data.update(overrides)
    return data


# --- who gets in ----------------------------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client):
    session = make_session()
    for url in (reverse("learn:sessions"), reverse("learn:session-new"), session_url(session), reverse("learn:record")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


def test_only_facilitators_and_org_admins_make_sessions(client_for, person, facilitator, org_admin, organisation):
    assert client_for(person).get(reverse("learn:session-new")).status_code == 403
    assert client_for(person).post(reverse("learn:session-new"), new_session_form(organisation)).status_code == 403
    assert "New session" not in client_for(person).get(reverse("learn:sessions")).content.decode()
    assert not TrainingSession.objects.exists()
    assert client_for(org_admin).get(reverse("learn:session-new")).status_code == 200
    response = client_for(facilitator).post(reverse("learn:session-new"), new_session_form(organisation))
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session_url(session)
    assert session.minutes == 90 and timezone.localtime(session.starts_at).hour == 14
    assert session.organised_by == facilitator and session.kind == TrainingSession.Kind.SKILLS


def test_a_facilitator_cannot_make_a_session_for_an_organisation_they_do_not_run(client_for, facilitator):
    elsewhere = OrganisationFactory()
    response = client_for(facilitator).post(reverse("learn:session-new"), new_session_form(elsewhere))
    assert response.status_code == 400 and "Choose one of the organisations you help run" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_session_form_with_problems_keeps_everything_typed_and_says_what_to_fix(
    client_for, facilitator, organisation
):
    data = new_session_form(
        organisation,
        title="<script>alert(1)</script>" + "x" * 200,
        starts_time="teatime",
        minutes="11 hours",
        where="Upstairs at the Crown",
    )
    response = client_for(facilitator).post(reverse("learn:session-new"), data)
    page = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in page and not TrainingSession.objects.exists()
    assert "can be up to 200 characters. It has 225" in page
    assert "Write the time like 14:00 or 2pm" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Upstairs at the Crown" in page and "teatime" in page


def test_a_session_too_long_is_refused_beside_its_field(client_for, facilitator, organisation):
    response = client_for(facilitator).post(reverse("learn:session-new"), new_session_form(organisation, minutes="11h"))
    assert response.status_code == 400 and "from 15 minutes to 10 hours" in response.content.decode()


# --- trainers and how they are shown --------------------------------------------------------------------------


def test_an_unnamed_trainer_is_never_named_even_to_the_organiser(client_for, facilitator, organisation, person):
    session = make_session(organisation=organisation, days=5, title="Listening first")
    add_trainer(session, PersonFactory(preferred_name="Zebedee"), lived_experience=True)
    add_trainer(session, PersonFactory(preferred_name="Quentin"), lived_experience=False)
    for viewer in (person, facilitator):
        for url in (reverse("learn:sessions"), session_url(session)):
            page = client_for(viewer).get(url).content.decode()
            assert "Zebedee" not in page and "Quentin" not in page
            assert "A trainer with lived experience" in page and "A trainer<" in page


def test_a_named_trainer_is_named_and_the_trainer_sees_it_is_them(client_for, organisation, person):
    session = make_session(organisation=organisation, days=5)
    jay = add_trainer(session, PersonFactory(preferred_name="Jay Morgan"), credit=SessionTrainer.Credit.NAMED).person
    assert "Jay Morgan" in client_for(person).get(reverse("learn:sessions")).content.decode()
    own = client_for(jay).get(session_url(session)).content.decode()
    assert "Jay Morgan (you)" in own and "How would you like to be credited?" in own
    assert "Sign up" not in own


def test_only_the_organiser_adds_a_trainer(client_for, facilitator, organisation, person):
    session = make_session(organisation=organisation, days=5)
    jay = PersonFactory(preferred_name="Jay")
    data = {"idempotency_key": key(), "search": "", "person": jay.pk, "lived_experience": "on"}
    assert client_for(person).get(session_url(session, "session-trainer-add")).status_code == 403
    assert client_for(person).post(session_url(session, "session-trainer-add"), data).status_code == 403
    assert not SessionTrainer.objects.exists()
    response = client_for(facilitator).post(session_url(session, "session-trainer-add"), data)
    assert response.status_code == 302
    trainer = SessionTrainer.objects.get()
    assert trainer.person == jay and trainer.lived_experience and trainer.credit == SessionTrainer.Credit.UNNAMED


def test_finding_a_trainer_by_name_keeps_the_form_and_adding_them_twice_says_so(client_for, facilitator, organisation):
    session = make_session(organisation=organisation, days=5)
    jay = PersonFactory(preferred_name="Jay Morgan")
    client = client_for(facilitator)
    found = client.post(
        session_url(session, "session-trainer-add"),
        {"idempotency_key": key(), "search": "morg", "find": "person", "person": ""},
    )
    assert found.status_code == 200 and f'value="{jay.pk}">Jay Morgan<' in found.content.decode()
    assert "govuk-error-summary" not in found.content.decode()
    add_trainer(session, jay)
    again = client.post(
        session_url(session, "session-trainer-add"),
        {"idempotency_key": key(), "search": "", "person": jay.pk, "lived_experience": "on"},
    )
    assert again.status_code == 400 and "already a trainer at this session" in again.content.decode()


def test_only_the_organiser_removes_a_trainer(client_for, facilitator, organisation, person):
    session = make_session(organisation=organisation, days=5)
    trainer = add_trainer(session)
    url = reverse("learn:session-trainer-remove", args=[session.pk, trainer.pk])
    assert client_for(person).post(url).status_code == 403
    assert client_for(trainer.person).post(url).status_code == 403
    assert SessionTrainer.objects.exists()
    assert client_for(facilitator).post(url).status_code == 302
    assert not SessionTrainer.objects.exists()


def test_only_the_trainer_chooses_their_credit_not_the_organiser(client_for, facilitator, organisation, person):
    session = make_session(organisation=organisation, days=5)
    trainer = add_trainer(session, PersonFactory(preferred_name="Jay"))
    url = session_url(session, "session-credit")
    assert client_for(facilitator).post(url, {"credit": "named"}).status_code == 403
    assert client_for(person).post(url, {"credit": "named"}).status_code == 403
    trainer.refresh_from_db()
    assert trainer.credit == SessionTrainer.Credit.UNNAMED
    bad = client_for(trainer.person).post(url, {"credit": "<b>loud</b>"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    assert client_for(trainer.person).post(url, {"credit": "named"}).status_code == 302
    trainer.refresh_from_db()
    assert trainer.credit == SessionTrainer.Credit.NAMED


# --- signing up -----------------------------------------------------------------------------------------------


def test_anyone_signed_in_signs_up_and_cancels(client_for, person, organisation):
    session = make_session(organisation=organisation, days=5)
    client = client_for(person)
    assert "Sign up" in client.get(session_url(session)).content.decode()
    assert client.post(session_url(session, "session-sign-up")).status_code == 302
    assert SessionAttendance.objects.filter(session=session, person=person).exists()
    page = client.get(session_url(session)).content.decode()
    assert "You are signed up" in page and "Cancel my place" in page
    assert client.post(session_url(session, "session-cancel")).status_code == 302
    assert not SessionAttendance.objects.exists()
    assert client.get(session_url(session, "session-sign-up")).status_code == 405


def test_signing_up_to_a_held_session_says_it_is_too_late(client_for, person, organisation):
    session = make_session(organisation=organisation, held_at=timezone.now())
    response = client_for(person).post(session_url(session, "session-sign-up"), follow=True)
    assert "too late to sign up" in response.content.decode() and not SessionAttendance.objects.exists()


# --- marking held ---------------------------------------------------------------------------------------------


def test_only_the_organiser_marks_a_session_held(client_for, person, organisation):
    session = make_session(organisation=organisation)
    add_trainer(session)
    other_facilitator = MembershipFactory(role=Role.FACILITATOR).person
    for someone in (person, other_facilitator, session.trainers.get().person):
        assert client_for(someone).get(session_url(session, "session-held")).status_code == 403
        assert (
            client_for(someone).post(session_url(session, "session-held"), {"idempotency_key": key()}).status_code
            == 403
        )
    session.refresh_from_db()
    assert session.held_at is None and not Transfer.objects.exists()


def test_marking_held_from_the_page_credits_the_trainer_once(client_for, facilitator, organisation):
    session = make_session(organisation=organisation, minutes=120)
    jay = add_trainer(session).person
    ada = add_attendee(session, PersonFactory(preferred_name="Ada")).person
    bo = add_attendee(session, PersonFactory(preferred_name="Bo")).person
    walk_in = PersonFactory(preferred_name="Walker")
    client = client_for(facilitator)

    page = client.get(session_url(session, "session-held")).content.decode()
    assert ">Ada<" in page and ">Bo<" in page and "gets 2h added to their timebank hours" in page
    found = client.post(
        session_url(session, "session-held"),
        {"idempotency_key": key(), "attended": [ada.pk], "search": "walk", "find": "people"},
    )
    html = found.content.decode()
    assert found.status_code == 200 and "Walker" in html and "(did not sign up)" in html
    assert f'value="{ada.pk}" checked' in html

    data = {"idempotency_key": key(), "attended": [ada.pk, walk_in.pk], "search": ""}
    response = client.post(session_url(session, "session-held"), data, follow=True)
    assert "The session is marked held. 2 people came." in response.content.decode()
    assert balance(jay) == 120
    assert set(SessionAttendance.objects.filter(attended=True).values_list("person_id", flat=True)) == {
        ada.pk,
        walk_in.pk,
    }
    assert not SessionAttendance.objects.get(person=bo).attended

    again = client.post(session_url(session, "session-held"), {**data, "idempotency_key": key()}, follow=True)
    assert "nothing was added again" in again.content.decode()
    assert balance(jay) == 120 and Transfer.objects.count() == 1
    assert list(ledger_problems()) == []


def test_a_balance_limit_refusal_is_shown_and_nothing_is_saved(client_for, org_admin, organisation):
    session = make_session(organisation=organisation)
    jay = add_trainer(session).person
    ada = add_attendee(session).person
    account = account_for_organisation(organisation)
    Account.objects.filter(pk=account.pk).update(min_balance_minutes=0)
    response = client_for(org_admin).post(
        session_url(session, "session-held"), {"idempotency_key": key(), "attended": [ada.pk], "search": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert "Nothing was saved." in page and "A facilitator needs to approve it" in page
    assert f'value="{ada.pk}" checked' in page
    session.refresh_from_db()
    assert session.held_at is None and balance(jay) == 0 and not SessionAttendance.objects.filter(attended=True)


def test_a_facilitator_may_approve_going_below_the_limit(client_for, facilitator, organisation):
    session = make_session(organisation=organisation)
    jay = add_trainer(session).person
    Account.objects.filter(pk=account_for_organisation(organisation).pk).update(min_balance_minutes=0)
    response = client_for(facilitator).post(
        session_url(session, "session-held"), {"idempotency_key": key(), "search": "", "approve": "on"}
    )
    assert response.status_code == 302 and balance(jay) == 120


def test_a_session_not_started_cannot_be_marked_held_from_the_page(client_for, facilitator, organisation):
    session = make_session(organisation=organisation, days=2)
    page = client_for(facilitator).get(session_url(session)).content.decode()
    assert "Once the session has started" in page and "Mark it held and record who came" not in page
    response = client_for(facilitator).post(session_url(session, "session-held"), {"idempotency_key": key()})
    assert response.status_code == 400 and "has not started yet" in response.content.decode()


# --- what attendees will do differently -----------------------------------------------------------------------


def test_only_people_who_came_say_what_they_will_do_differently(client_for, facilitator, organisation, person):
    session = make_session(organisation=organisation)
    came = add_attendee(session).person
    missed = add_attendee(session).person
    session_mark_held(actor=facilitator, session=session, attended=[came])
    url = session_url(session, "session-differently")
    for someone in (person, missed, facilitator):
        assert client_for(someone).get(url).status_code == 403
        assert client_for(someone).post(url, {"text": "Mine"}).status_code == 403
    competency = competency_choices()[2][0]
    assert "Say what you will do differently" in client_for(came).get(session_url(session)).content.decode()
    response = client_for(came).post(url, {"text": "Ask before I write anything down", "competency": competency})
    assert response.status_code == 302
    saved = SessionAttendance.objects.get(person=came)
    assert saved.will_do_differently == "Ask before I write anything down" and saved.competency == competency
    page = client_for(came).get(session_url(session)).content.decode()
    assert "Ask before I write anything down" in page and competency_choices()[2][1] in page
    # The organiser sees who came, not what they wrote.
    assert "Ask before I write anything down" not in client_for(facilitator).get(session_url(session)).content.decode()


def test_what_they_will_do_differently_keeps_what_was_typed_when_it_is_refused(client_for, facilitator, organisation):
    session = make_session(organisation=organisation, held_at=timezone.now())
    came = add_attendee(session, attended=True).person
    text = "<script>alert(1)</script>" + "z" * 2000
    response = client_for(came).post(session_url(session, "session-differently"), {"text": text, "competency": "nope"})
    page = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert "can be up to 2000 characters. It has 2025" in page and "Choose one of the competencies listed" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert SessionAttendance.objects.get(person=came).will_do_differently == ""


# --- lists and filters ----------------------------------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_and_filters_by_kind(client_for, person, organisation):
    make_session(organisation=organisation, days=3, title="Coming skills", kind=TrainingSession.Kind.SKILLS)
    make_session(organisation=organisation, days=6, title="Coming staff training")
    make_session(organisation=organisation, days=-3, title="Gone prototype", kind=TrainingSession.Kind.PROTOTYPING)
    client = client_for(person)
    page = client.get(reverse("learn:sessions")).content.decode()
    assert page.index("Coming skills") < page.index("Coming staff training") < page.index("Past sessions")
    assert page.index("Past sessions") < page.index("Gone prototype")
    skills = client.get(reverse("learn:sessions"), {"kind": "skills"}).content.decode()
    assert "Coming skills" in skills and "Coming staff training" not in skills and "Gone prototype" not in skills
    bad = client.get(reverse("learn:sessions"), {"kind": "<script>"})
    assert bad.status_code == 200 and "<script>" not in bad.content.decode().split("<main", 1)[1].split("</main>")[0]


def test_pages_do_not_ask_more_of_the_database_as_sessions_grow(
    client_for, facilitator, organisation, django_assert_max_num_queries
):
    client = client_for(facilitator)
    client.get(reverse("learn:sessions"))
    first = make_session(organisation=organisation)
    counts = []
    for n in (1, 8):
        for _ in range(n):
            upcoming = make_session(organisation=organisation, days=4)
            add_trainer(upcoming)
            add_attendee(upcoming)
            past = make_session(organisation=organisation, days=-4, held_at=timezone.now())
            add_trainer(past, credit=SessionTrainer.Credit.NAMED)
            add_trainer(first)
            add_attendee(first)
        for url in (reverse("learn:sessions"), session_url(first), session_url(first, "session-held")):
            with django_assert_max_num_queries(30) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
    assert counts[:3] == counts[3:]


# --- training notes as evidence in competency reflections ------------------------------------------------------


def test_notes_show_under_their_competency_and_fill_an_empty_evidence_box(
    client_for, facilitator, organisation, person
):
    keys = [key_ for key_, _title in competency_choices()]
    session = make_session(organisation=organisation, title="Carers teach", held_at=timezone.now())
    add_attendee(
        session, person, attended=True, will_do_differently="Sit beside, not across a desk", competency=keys[1]
    )
    round_ = round_open(
        actor=facilitator,
        framework=bundled_framework("workforce-competencies"),
        organisation=organisation,
        title="Team look",
    )
    participant = participant_join(round_=round_, person=person, perspective="staff")
    page = client_for(person).get(reverse("reflect:answer", args=[participant.pk])).content.decode()
    assert "From training: what you said you will do differently" in page and "(Carers teach)" in page
    assert '<textarea name="a1-evidence"' in page
    box = page.split('name="a1-evidence"', 1)[1].split("</textarea>", 1)[0]
    assert "Sit beside, not across a desk" in box
    other = page.split('name="a0-evidence"', 1)[1].split("</textarea>", 1)[0]
    assert "Sit beside" not in other

    # Nobody else's notes are shown: not to the facilitator answering for themselves, nor in another framework.
    own = participant_join(round_=round_, person=facilitator, perspective="manager")
    assert "Sit beside" not in client_for(facilitator).get(reverse("reflect:answer", args=[own.pk])).content.decode()
    other_round = round_open(
        actor=facilitator, framework=bundled_framework("how-are-we-doing"), organisation=organisation, title="Other"
    )
    elsewhere = participant_join(round_=other_round, person=person, perspective="staff")
    assert "Sit beside" not in client_for(person).get(reverse("reflect:answer", args=[elsewhere.pk])).content.decode()
