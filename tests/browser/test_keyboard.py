"""Journeys done with the keyboard alone: Tab to move, Enter or Space to act, never the mouse.

Each test opens its first page with `page.goto` and from then on only presses keys. Every element that takes
focus on the way must be visible, on screen, and look different from when it did not have focus.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page

from coproduce.organisations.models import Membership, Organisation, Role
from tests.browser.conftest import add_session_cookie
from tests.browser.keyboard import assert_focus_is_visible, describe, focused, heading, in_nav, press, tab_to
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory

# --- the people and places these journeys need ------------------------------------------------------------


@pytest.fixture
def millbrook(transactional_db: None) -> Organisation:
    organisation = OrganisationFactory(name="Millbrook Carers", kind=Organisation.Kind.CHARITY)
    ServiceFactory(organisation=organisation, name="Carers’ café")
    ServiceFactory(organisation=organisation, name="Peer support line")
    OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.COUNCIL)
    return organisation


# --- the journeys -----------------------------------------------------------------------------------------


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page: Page, live_server) -> None:
    page.goto("/")

    first = tab_to(page, lambda element: True, max_presses=1)
    assert first["name"] == "Skip to main content", describe(first)
    press(page, "Enter")

    assert page.evaluate("() => document.activeElement.id") == "main-content"
    after = tab_to(page, lambda element: True, max_presses=1)
    assert after["inMain"], f"after skipping, Tab went to {describe(after)}, outside the main content"


def test_a_visitor_signs_in_and_finds_an_organisation(page: Page, live_server, millbrook) -> None:
    rosa = MembershipFactory(organisation=millbrook, role=Role.USES_SERVICE, person__preferred_name="Rosa").person
    page.goto("/")

    tab_to(page, lambda element: element["inHeader"] and element["name"] == "Sign in")
    press(page, "Enter", navigates=True)
    assert heading(page) == "Sign in"
    tab_to(page, "Email address")
    page.keyboard.type(rosa.email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    tab_to(page, lambda element: element["tag"] == "button" and element["name"] == "Sign in")
    press(page, "Enter", navigates=True)

    assert page.url == f"{live_server.url}/"
    assert "Rosa" in page.locator("header").inner_text()
    assert page.locator("header").get_by_role("button", name="Sign out").is_visible()
    tab_to(page, lambda element: element["inNav"] and element["name"] == "Organisations")
    press(page, "Enter", navigates=True)
    assert heading(page) == "Organisations"
    tab_to(page, "Millbrook Carers")
    press(page, "Enter", navigates=True)
    assert heading(page) == "Millbrook Carers"


def test_a_visitor_turns_on_larger_text_from_the_header(page: Page, live_server) -> None:
    page.goto("/")
    assert "cp-larger-text" not in (page.locator("html").get_attribute("class") or "")

    tab_to(page, lambda element: element["inHeader"] and element["name"] == "Display settings")
    press(page, "Enter", navigates=True)
    assert heading(page) == "Display settings"
    checkbox = tab_to(page, "Larger text")
    assert checkbox["type"] == "checkbox" and not checkbox["checked"]
    press(page, "Space")
    assert focused(page)["checked"]
    tab_to(page, "Save settings")
    press(page, "Enter", navigates=True)

    assert "cp-larger-text" in (page.locator("html").get_attribute("class") or "").split()
    assert page.get_by_text("Your display settings are saved.").is_visible()


def test_an_org_admin_fixes_a_mistake_in_the_add_role_form_without_losing_what_they_typed(
    page: Page, context: BrowserContext, live_server, millbrook
) -> None:
    olu = MembershipFactory(organisation=millbrook, role=Role.ORG_ADMIN, person__preferred_name="Olu").person
    kemi = PersonFactory(preferred_name="Kemi")
    add_session_cookie(context, live_server, olu)
    page.goto("/")

    tab_to(page, lambda element: element["inNav"] and element["name"] == "Organisations")
    press(page, "Enter", navigates=True)
    tab_to(page, "Millbrook Carers")
    press(page, "Enter", navigates=True)
    tab_to(page, "Manage people and roles")
    press(page, "Enter", navigates=True)
    assert heading(page) == "People and roles"

    # Everything but the email address: a role, a service and a title.
    tab_to(page, "Their email address")
    first_role = tab_to(page, lambda element: element["type"] == "radio")
    assert first_role["name"] == "Member", describe(first_role)
    press(page, "ArrowDown")
    staff = focused(page)
    assert staff is not None and staff["name"] == "Staff" and staff["checked"], describe(staff)
    assert_focus_is_visible(staff)
    tab_to(page, "Service (optional)")
    press(page, "ArrowDown")
    tab_to(page, "Title (optional)")
    page.keyboard.type("Peer mentor")
    tab_to(page, "Add role")
    press(page, "Enter", navigates=True)

    # The error summary takes focus, its link takes the person to the field, and nothing typed is lost.
    assert page.title().startswith("Error: ")
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    error_link = tab_to(page, lambda element: element["inErrorSummary"] and element["tag"] == "a")
    assert error_link["href"] == "#id_email", describe(error_link)
    press(page, "Enter")
    email = focused(page)
    assert email is not None and email["id"] == "id_email", describe(email)
    assert_focus_is_visible(email)
    kept = page.evaluate(
        """() => ({
            role: document.querySelector('input[name=role]:checked')?.value,
            service: document.querySelector('select[name=service]').value,
            title: document.querySelector('input[name=title]').value,
        })"""
    )
    cafe = millbrook.services.get(name="Carers’ café")
    assert kept == {"role": Role.STAFF, "service": str(cafe.pk), "title": "Peer mentor"}

    page.keyboard.type(kemi.email)
    tab_to(page, "Add role")
    press(page, "Enter", navigates=True)

    assert page.get_by_text("Kemi is added.").is_visible()
    assert Membership.objects.filter(
        person=kemi, organisation=millbrook, role=Role.STAFF, service=cafe, title="Peer mentor"
    ).exists()


def test_tab_to_fails_clearly_when_the_target_is_never_reached(page: Page, live_server) -> None:
    page.goto("/no-such-page/")
    with pytest.raises(AssertionError, match="without reaching"):
        tab_to(page, "A link that is not there", max_presses=5)


def test_tab_to_fails_when_focus_cannot_be_seen(page: Page, live_server) -> None:
    """The focus check is only worth something if it catches a link whose focus style has been taken away."""
    page.goto("/no-such-page/")
    # A constructed style sheet, because the Content-Security-Policy rightly blocks inline <style>.
    page.evaluate(
        """() => {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync('#no-focus-style:focus { outline: none; box-shadow: none; background: none; }');
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
            document.body.insertAdjacentHTML('afterbegin', '<a id="no-focus-style" href="/">Home</a>');
        }"""
    )
    with pytest.raises(AssertionError, match="looks the same with and without focus"):
        tab_to(page, "Home", max_presses=1)


def test_in_demo_mode_a_visitor_signs_in_as_a_demo_admin_with_one_key_press(
    page: Page, live_server, millbrook, settings
) -> None:
    """The demo's promise: anyone can explore as anyone, with the keyboard alone, and admins are not asked for a
    code they cannot know."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.COPRODUCE_DEMO_MODE = True
    bernadette = MembershipFactory(
        organisation=millbrook, role=Role.ORG_ADMIN, person__preferred_name="Bernadette", person__is_demo=True
    ).person
    TOTPDevice.objects.create(user=bernadette, name="Demo device", confirmed=True)
    page.goto("/")

    tab_to(page, lambda element: element["inHeader"] and element["name"] == "Sign in")
    press(page, "Enter", navigates=True)
    tab_to(page, "Sign in as Bernadette")
    press(page, "Enter", navigates=True)

    assert page.url == f"{live_server.url}/"
    assert "Bernadette" in page.locator("header").inner_text()
    tab_to(page, in_nav("Organisations"))
    press(page, "Enter", navigates=True)
    assert heading(page) == "Organisations"
