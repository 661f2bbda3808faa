"""Training led by lived experience, with the keyboard alone: a facilitator sets up a session for staff and adds a
person with lived experience as its trainer; the trainer chooses to be named; two staff come; the facilitator marks
it held, which credits the trainer's time through the timebank; the trainer sees the hours; a member of staff says
what they will do differently.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page the journey
passes through is checked with axe as it goes, and the ledger is checked in the database at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import BrowserContext
from pytest_django.live_server_helper import LiveServer

from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.learn.services.sessions import session_sign_up
from coproduce.organisations.models import Role
from coproduce.timebank.selectors.ledger_check import ledger_problems
from tests.browser.keyboard import Focused, choose_option, choose_radio, in_group, press, tab_to
from tests.browser.test_timebank_journeys import arrive, balance, button, in_main, main_text, signed_in_page
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory


def field(field_id: str) -> Callable[[Focused], bool]:
    return lambda element: element["id"] == field_id


def test_a_person_with_lived_experience_trains_staff_and_is_credited_with_hours(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    trust = OrganisationFactory(name="Riverside Trust")
    nia = MembershipFactory(organisation=trust, role=Role.FACILITATOR, person__preferred_name="Nia").person
    jay = MembershipFactory(organisation=trust, role=Role.USES_SERVICE, person__preferred_name="Jay Morgan").person
    sol = MembershipFactory(organisation=trust, role=Role.STAFF, person__preferred_name="Sol").person
    tam = MembershipFactory(organisation=trust, role=Role.STAFF, person__preferred_name="Tam").person
    PersonFactory(preferred_name="Jayden")  # a second name the search also finds
    title = "What helped me, and what did not"
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")

    # Nia sets up the session (it happened yesterday: she is recording it after the event).
    nia_page = signed_in_page(make_context, live_server, nia)
    nia_page.goto("/learn/")
    arrive(nia_page, "Learn")
    tab_to(nia_page, in_main("Training"))
    press(nia_page, "Enter", navigates=True)
    arrive(nia_page, "Training and skills sessions")
    tab_to(nia_page, "New session")
    press(nia_page, "Enter", navigates=True)
    arrive(nia_page, "New session")
    tab_to(nia_page, in_group("id_kind"))
    choose_radio(nia_page, "People who use services and carers train staff")
    tab_to(nia_page, "Title")
    nia_page.keyboard.type(title)
    tab_to(nia_page, "What is it about?")
    nia_page.keyboard.type("Jay talks with the crisis team about the support that made a difference.")
    tab_to(nia_page, "Date")
    nia_page.keyboard.type(yesterday)
    tab_to(nia_page, "Start time")
    nia_page.keyboard.type("2pm")
    tab_to(nia_page, "How long is it?")
    nia_page.keyboard.type("2 hours")
    tab_to(nia_page, button("Make the session"))
    press(nia_page, "Enter", navigates=True)
    arrive(nia_page, title)
    assert "Now add its trainers" in main_text(nia_page)
    session = TrainingSession.objects.get(title=title)
    assert session.organisation == trust and session.minutes == 120

    # She adds Jay as a trainer with lived experience, finding him by name.
    tab_to(nia_page, "Add a trainer")
    press(nia_page, "Enter", navigates=True)
    arrive(nia_page, "Add a trainer")
    tab_to(nia_page, "Search for the trainer by name")
    nia_page.keyboard.type("jay")
    tab_to(nia_page, button("Find the trainer"))
    press(nia_page, "Enter", navigates=True)
    arrive(nia_page, "Add a trainer")
    tab_to(nia_page, "Trainer")
    choose_option(nia_page, "Jay Morgan")
    tab_to(nia_page, button("Add the trainer"))
    press(nia_page, "Enter", navigates=True)
    arrive(nia_page, title)
    assert "Jay Morgan is a trainer at this session" in main_text(nia_page)
    trainer = SessionTrainer.objects.get(session=session)
    assert trainer.person == jay and trainer.lived_experience
    # Until Jay chooses, no one sees his name on the session, Nia included.
    assert "A trainer with lived experience" in nia_page.locator(".govuk-summary-list").inner_text()
    assert "Jay Morgan" not in nia_page.locator(".govuk-summary-list").inner_text()

    # Jay opens the session and chooses to be named.
    jay_page = signed_in_page(make_context, live_server, jay)
    jay_page.goto(f"/learn/sessions/{session.pk}/")
    arrive(jay_page, title)
    assert "A trainer with lived experience (you)" in main_text(jay_page)
    tab_to(jay_page, in_group("id_credit"))
    choose_radio(jay_page, "Name me as a trainer")
    tab_to(jay_page, button("Save how I am credited"))
    press(jay_page, "Enter", navigates=True)
    arrive(jay_page, title)
    assert "you are named as a trainer" in main_text(jay_page)
    assert "Jay Morgan (you)" in main_text(jay_page)

    # Sol signs up from the page; Tam signed up earlier.
    session_sign_up(actor=tam, session=session)
    sol_page = signed_in_page(make_context, live_server, sol)
    sol_page.goto(f"/learn/sessions/{session.pk}/")
    arrive(sol_page, title)
    assert "Jay Morgan" in main_text(sol_page)
    tab_to(sol_page, button("Sign up"))
    press(sol_page, "Enter", navigates=True)
    arrive(sol_page, title)
    assert "You are signed up" in main_text(sol_page)

    # Nia marks it held with both of them there.
    nia_page.reload()
    arrive(nia_page, title)
    tab_to(nia_page, "Mark it held and record who came")
    press(nia_page, "Enter", navigates=True)
    arrive(nia_page, "Mark the session held")
    assert "The trainer gets 2h added to their timebank hours, given by Riverside Trust." in main_text(nia_page)
    for name in ("Sol", "Tam"):
        tab_to(nia_page, lambda element, name=name: element["type"] == "checkbox" and element["name"] == name)
        press(nia_page, "Space")
    tab_to(nia_page, button("Mark it held"))
    press(nia_page, "Enter", navigates=True)
    arrive(nia_page, title)
    assert "The session is marked held. 2 people came." in main_text(nia_page)
    assert set(
        SessionAttendance.objects.filter(session=session, attended=True).values_list("person_id", flat=True)
    ) == {
        sol.pk,
        tam.pk,
    }

    # Jay sees the hours in his timebank.
    jay_page.reload()
    arrive(jay_page, title)
    tab_to(jay_page, "See your timebank hours")
    press(jay_page, "Enter", navigates=True)
    arrive(jay_page, "Your statement")
    assert "Training: " + title in main_text(jay_page)
    assert "2h" in jay_page.locator(".govuk-summary-list").inner_text()
    assert balance(jay) == 120

    # Sol says what he will do differently, tied to a workforce competency.
    competency_key, competency_title = competency_choices()[4]
    sol_page.reload()
    arrive(sol_page, title)
    tab_to(sol_page, "Say what you will do differently")
    press(sol_page, "Enter", navigates=True)
    arrive(sol_page, "What will you do differently?")
    tab_to(sol_page, "What will you do differently?")
    sol_page.keyboard.type("Ask what has helped before, and write it down in their words.")
    tab_to(sol_page, field("id_competency"))
    choose_option(sol_page, competency_title)
    tab_to(sol_page, button("Save"))
    press(sol_page, "Enter", navigates=True)
    arrive(sol_page, title)
    assert "Ask what has helped before" in main_text(sol_page)
    attendance = SessionAttendance.objects.get(session=session, person=sol)
    assert attendance.competency == competency_key

    assert list(ledger_problems()) == []
