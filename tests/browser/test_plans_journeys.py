"""Plans, with the keyboard alone: a facilitator makes a plan and gives an action to someone with a date, and that
person says it is done.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page a journey passes
through is checked with axe as it goes, and the plan is checked in the database at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.plans.models import Action, ActionUpdate, Plan
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import add_session_cookie
from tests.browser.keyboard import Focused, choose_option, choose_radio, heading, in_group, in_nav, press, tab_to
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory


def arrive(page: Page, title: str) -> None:
    """The page now open is the one expected (by its <h1>), and it passes axe."""
    assert heading(page) == title, f"expected the page {title!r}, got {heading(page)!r} at {page.url}"
    assert_no_violations(page, where=f"{page.url} ({title})")


def main_text(page: Page) -> str:
    return page.locator("main").inner_text()


def button(name: str) -> Callable[[Focused], bool]:
    return lambda element: element["tag"] == "button" and element["name"] == name


def in_main(name: str) -> Callable[[Focused], bool]:
    return lambda element: element["inMain"] and element["name"] == name


def signed_in_page(make_context: Callable[..., BrowserContext], live_server: LiveServer, person: Person) -> Page:
    context = make_context()
    add_session_cookie(context, live_server, person)
    return context.new_page()


def test_a_plan_is_made_an_action_given_with_a_date_and_its_owner_marks_it_done(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    carers = OrganisationFactory(name="Millbrook Carers")
    femi = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    rosa = PersonFactory(preferred_name="Rosa")
    PersonFactory(preferred_name="Rob")
    title = "Evening meetings for carers"
    what = "Ask carers which evening suits them"
    due = timezone.localdate() + timedelta(days=21)

    # Femi makes the plan.
    femi_page = signed_in_page(make_context, live_server, femi)
    femi_page.goto("/")
    tab_to(femi_page, in_nav("Plans"))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, "Plans")
    tab_to(femi_page, in_main("Make a plan"))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, "Make a plan")
    tab_to(femi_page, "Title")
    femi_page.keyboard.type(title)
    tab_to(femi_page, "Organisation (optional)")
    choose_option(femi_page, "Millbrook Carers")
    tab_to(femi_page, button("Make the plan"))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, title)
    assert "Your plan is made." in main_text(femi_page)

    # She adds an action: she finds Rosa by name (Enter in the search box finds), then gives it a date.
    tab_to(femi_page, "What will be done")
    femi_page.keyboard.type(what)
    tab_to(femi_page, "Search for the person who will do it (optional)")
    femi_page.keyboard.type("Ros")
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, title)
    assert "Showing people whose name includes “Ros”." in main_text(femi_page)
    tab_to(femi_page, "Who will do it (optional)")
    choose_option(femi_page, "Rosa")
    tab_to(femi_page, "By when (optional)")
    femi_page.keyboard.type(due.strftime("%d/%m/%Y"))
    tab_to(femi_page, button("Add the action"))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, title)
    assert f"Added: “{what}”." in main_text(femi_page)
    action = Action.objects.get(what=what)
    assert action.owner_person == rosa and action.due_on == due and action.plan.title == title

    # Rosa finds it under My actions and says it is done.
    rosa_page = signed_in_page(make_context, live_server, rosa)
    rosa_page.goto("/")
    tab_to(rosa_page, in_nav("Plans"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "Plans")
    tab_to(rosa_page, in_main("My actions"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "My actions")
    tab_to(rosa_page, in_main(what))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, what)
    tab_to(rosa_page, "What has happened (optional)")
    rosa_page.keyboard.type("Twelve carers answered: Thursday evenings it is.")
    tab_to(rosa_page, in_group("id_status"))
    choose_radio(rosa_page, "Done")
    tab_to(rosa_page, button("Post the update"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, what)
    assert "the action is now “Done”" in main_text(rosa_page)
    assert "Thursday evenings it is." in main_text(rosa_page)

    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.completed_at is not None
    update = ActionUpdate.objects.get(action=action)
    assert update.author == rosa and update.status_after == Action.Status.DONE
    assert Plan.objects.get().created_by == femi
