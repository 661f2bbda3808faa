"""Learn, with the keyboard alone: a member of staff sets a learning goal with three baby steps and finishes the
first, saying what it taught her (after first trying without); her facilitator finds the step in the list waiting
for a note and recognises it; she chooses to show the note, and it is on her profile.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page the journey
passes through is checked with axe as it goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from coproduce.learn.competencies import competency_choices
from coproduce.learn.models import BabyStep, LearningGoal, StepRecognition
from coproduce.organisations.models import Role
from tests.browser.keyboard import Focused, choose_option, in_nav, press, tab_to
from tests.browser.test_timebank_journeys import arrive, button, main_text, signed_in_page
from tests.factories import MembershipFactory, OrganisationFactory


def field(field_id: str) -> Callable[[Focused], bool]:
    return lambda element: element["id"] == field_id


def link(pattern: str) -> Callable[[Focused], bool]:
    return lambda element: element["tag"] == "a" and bool(re.search(pattern, element["name"]))


def add_step(page: Page, goal: str, what: str) -> None:
    tab_to(page, field("id_what"))
    page.keyboard.type(what)
    tab_to(page, button("Add the step"))
    press(page, "Enter", navigates=True)
    arrive(page, goal)
    assert "The step is added." in main_text(page)


def test_a_goal_in_baby_steps_recognised_and_shown_on_a_profile(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    house = OrganisationFactory(name="Elm House")
    lena = MembershipFactory(organisation=house, role=Role.STAFF, person__preferred_name="Lena").person
    fran = MembershipFactory(organisation=house, role=Role.FACILITATOR, person__preferred_name="Fran").person
    goal_title = "Chair a meeting so everyone gets a say"
    steps = ["Watch how Sam runs the residents’ meeting", "Plan the next agenda with two residents", "Chair it"]
    competency = competency_choices()[0][1]

    # Lena sets her goal.
    lena_page = signed_in_page(make_context, live_server, lena)
    lena_page.goto("/")
    tab_to(lena_page, in_nav("Learn"))
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, "Learn")
    tab_to(lena_page, "Set a learning goal")
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, "Set a learning goal")
    tab_to(lena_page, field("id_title"))
    lena_page.keyboard.type(goal_title)
    tab_to(lena_page, field("id_competency"))
    choose_option(lena_page, competency)
    tab_to(lena_page, button("Set the goal"))
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, goal_title)
    goal = LearningGoal.objects.get(person=lena)
    assert not goal.shown_on_profile and goal.competency == competency_choices()[0][0]

    # Three baby steps.
    for what in steps:
        add_step(lena_page, goal_title, what)
    assert [step.what for step in goal.steps.all()] == steps

    # She does the first, and tries to mark it done without saying what she learned.
    tab_to(lena_page, link(f"^Mark as done.*{re.escape(steps[0])}"))
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, "What did this step teach you?")
    tab_to(lena_page, button("Mark the step as done"))
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, "What did this step teach you?")
    assert "Say in a line what you learned" in main_text(lena_page)
    tab_to(lena_page, field("id_learned"))
    lena_page.keyboard.type("Sam asks the quietest person first")
    tab_to(lena_page, button("Mark the step as done"))
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, goal_title)
    assert "1 of 3 done." in main_text(lena_page)
    first = BabyStep.objects.get(goal=goal, what=steps[0])
    assert first.done_at is not None and first.learned == "Sam asks the quietest person first"

    # Fran, who facilitates at Elm House, finds it waiting for a note.
    fran_page = signed_in_page(make_context, live_server, fran)
    fran_page.goto("/")
    tab_to(fran_page, in_nav("Learn"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "Learn")
    tab_to(fran_page, "1 step to recognise")
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "Steps to recognise")
    assert "Sam asks the quietest person first" in main_text(fran_page)
    tab_to(fran_page, link("^Recognise.*Lena"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "Recognise a step")
    tab_to(fran_page, field("id_note"))
    fran_page.keyboard.type("Noticing who has not spoken yet is half of chairing well.")
    tab_to(fran_page, button("Send the note"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "Steps to recognise")
    assert "Your note is sent" in main_text(fran_page) and "Nothing waiting" in main_text(fran_page)
    note = StepRecognition.objects.get(step=first)
    assert note.by == fran and not note.shown_on_profile

    # Lena finds the note on her goal and shows it on her profile.
    tab_to(lena_page, "Back to Learn")
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, "Learn")
    tab_to(lena_page, goal_title)
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, goal_title)
    assert "Noticing who has not spoken yet" in main_text(lena_page)
    tab_to(lena_page, button_starting("Show it on my profile"))
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, goal_title)
    note.refresh_from_db()
    assert note.shown_on_profile
    tab_to(lena_page, in_nav("My profile"))
    press(lena_page, "Enter", navigates=True)
    arrive(lena_page, "Lena")
    text = main_text(lena_page)
    assert "Noticing who has not spoken yet is half of chairing well." in text and "Fran" in text
    # The goal itself stays private: she did not choose to show it.
    assert goal_title not in text


def button_starting(name: str) -> Callable[[Focused], bool]:
    return lambda element: element["tag"] == "button" and element["name"].startswith(name)


def test_failures_and_the_other_learn_pages_pass_axe(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """The pages the journey does not pass through, full and with their errors showing, as author, reader and
    facilitator."""
    from coproduce.learn.services.failures import failure_praise, failure_tell, failure_thank
    from coproduce.learn.services.goals import goal_create, recognition_show, step_add, step_done, step_recognise
    from tests.factories import PersonFactory

    house = OrganisationFactory(name="Elm House")
    lena = MembershipFactory(organisation=house, role=Role.STAFF, person__preferred_name="Lena").person
    fran = MembershipFactory(organisation=house, role=Role.FACILITATOR, person__preferred_name="Fran").person
    reader = PersonFactory(preferred_name="Rui")
    goal = goal_create(person=lena, title="Listen first", why="People said so", shown_on_profile=True)
    done, _todo, _later = (step_add(actor=lena, goal=goal, what=what) for what in ("Ask", "Wait", "Try"))
    step_done(actor=lena, step=done, learned="Silence is fine")
    note = step_recognise(actor=fran, step=done, note="Well noticed")
    recognition_show(actor=lena, recognition=note, shown=True)
    story = failure_tell(
        author=lena,
        title="The suggestion box",
        tried="A box",
        happened="Nobody used it",
        learned="Ask in person",
        show_name=False,
        organisation=house,
    )
    failure_thank(person=reader, story=story, learned_from_it=True)
    failure_praise(actor=fran, story=story, note="Brave to try")

    def visit(page: Page, url: str, title: str, submit: str = "") -> None:
        page.goto(url)
        arrive(page, title)
        if submit:
            # Sent empty: the error summary and messages must pass too.
            with page.expect_navigation():
                page.get_by_role("button", name=submit).click()
            arrive(page, title)
            assert page.locator(".govuk-error-summary").count() == 1

    lena_page = signed_in_page(make_context, live_server, lena)
    visit(lena_page, f"/learn/goals/{goal.pk}/edit/", "Change your goal")
    visit(lena_page, f"/learn/goals/{goal.pk}/delete/", "Delete this goal?")
    visit(lena_page, f"/learn/steps/{_todo.pk}/edit/", "Change the step")
    visit(lena_page, f"/learn/goals/{goal.pk}/", "Listen first", submit="Add the step")
    visit(lena_page, "/learn/failures/", "Failures that teach")
    visit(lena_page, "/learn/failures/new/", "Tell a story of something that didn’t work", submit="Tell the story")
    visit(lena_page, f"/learn/failures/{story.pk}/", "The suggestion box")
    visit(lena_page, f"/learn/failures/{story.pk}/edit/", "Change your story")
    visit(lena_page, f"/learn/failures/{story.pk}/withdraw/", "Take your story back?")

    fran_page = signed_in_page(make_context, live_server, fran)
    visit(fran_page, f"/learn/goals/{goal.pk}/", "Listen first")
    visit(fran_page, f"/learn/steps/{done.pk}/recognise/", "Recognise a step")
    visit(fran_page, "/learn/recognise/", "Steps to recognise")
    visit(fran_page, f"/learn/failures/{story.pk}/", "The suggestion box", submit="Add my praise")

    reader_page = signed_in_page(make_context, live_server, reader)
    visit(reader_page, f"/learn/failures/{story.pk}/", "The suggestion box")
    visit(reader_page, f"/people/{lena.pk}/", "Lena")
    assert "Well noticed" in main_text(reader_page) and "Listen first" in main_text(reader_page)
