"""Journeys done with the keyboard alone: Tab to move, Enter or Space to act, never the mouse.

Each test opens its first page with `page.goto` and from then on only presses keys. Every element that takes
focus on the way must be visible, on screen, and look different from when it did not have focus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from coproduce.organisations.models import Membership, Organisation, Role
from tests.browser.conftest import add_session_cookie
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory

Focused = dict[str, Any]

# The computed styles that can show focus, for the element and, for GOV.UK radios and checkboxes (whose real
# input is transparent), the label's ::before and ::after where the visible circle or box is drawn.
_STYLE_OF = """
const focusStyle = (el) => {
    const props = ['box-shadow', 'background-color', 'color', 'text-decoration-line', 'text-decoration-thickness',
                   'border-color', 'border-width'];
    const parts = [];
    const add = (node, pseudo) => {
        const style = getComputedStyle(node, pseudo);
        // An outline counts only if it can be seen: not 'none', not zero wide, not transparent. (Chromium's own
        // focus ring changes outline-offset even when a page has switched the outline off.)
        const outline = style.outlineStyle === 'none' || style.outlineWidth === '0px'
            || style.outlineColor === 'rgba(0, 0, 0, 0)' ? 'none'
            : [style.outlineStyle, style.outlineWidth, style.outlineColor, style.outlineOffset].join(' ');
        parts.push([outline, ...props.map(p => style.getPropertyValue(p))].join('|'));
    };
    add(el, null);
    for (const label of el.labels || []) { add(label, null); add(label, '::before'); add(label, '::after'); }
    return parts.join('||');
};
"""

# Before each Tab: remember how every focusable element looks while it does not have focus.
_REMEMBER_UNFOCUSED = (
    "() => {"
    + _STYLE_OF
    + """
    window.__unfocused = window.__unfocused || new WeakMap();
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
    for (const el of document.querySelectorAll(selector)) {
        if (el !== document.activeElement && !window.__unfocused.has(el)) {
            window.__unfocused.set(el, focusStyle(el));
        }
    }
}"""
)

# After each Tab: what has focus now, and can a sighted keyboard user see that it does?
_DESCRIBE_FOCUSED = (
    "() => {"
    + _STYLE_OF
    + """
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const clean = (text) => (text || '').replace(/\\s+/g, ' ').trim();
    const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
    const name = clean(el.getAttribute('aria-label') || label || el.innerText || el.value || el.title);
    const rect = el.getBoundingClientRect();
    let visible = rect.width > 0 && rect.height > 0 && el.checkVisibility({visibilityProperty: true});
    if (visible && getComputedStyle(el).opacity === '0') {
        // GOV.UK radios and checkboxes hide the real input and draw it on the label.
        visible = Array.from(el.labels || []).some(l => l.checkVisibility({visibilityProperty: true}));
    }
    const before = window.__unfocused ? window.__unfocused.get(el) : undefined;
    return {
        tag: el.tagName.toLowerCase(), id: el.id, type: el.type || '', name,
        href: el.getAttribute('href') || '', checked: !!el.checked, value: el.value === undefined ? '' : el.value,
        inHeader: !!el.closest('header'), inNav: !!el.closest('nav'), inMain: !!el.closest('main'),
        inErrorSummary: !!el.closest('.govuk-error-summary'),
        visible,
        onScreen: rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth,
        focusVisible: el.matches(':focus-visible'),
        styleChanged: before === undefined ? null : before !== focusStyle(el),
    };
}"""
)


def focused(page: Page) -> Focused | None:
    return page.evaluate(_DESCRIBE_FOCUSED)


def describe(element: Focused | None) -> str:
    if element is None:
        return "(nothing)"
    return f"<{element['tag']}{' #' + element['id'] if element['id'] else ''}> {element['name']!r}"


def assert_focus_is_visible(element: Focused) -> None:
    what = describe(element)
    assert element["visible"], f"{what} has focus but cannot be seen"
    assert element["onScreen"], f"{what} has focus but is off screen"
    assert element["focusVisible"], f"{what} has focus but does not match :focus-visible"
    assert element["styleChanged"] is not None, f"{what} has focus, but how it looked without it is not known"
    assert element["styleChanged"], f"{what} looks the same with and without focus"


def tab_to(page: Page, target: str | re.Pattern[str] | Callable[[Focused], bool], max_presses: int = 80) -> Focused:
    """Press Tab until the focused element matches `target`: its accessible text (an exact string, after
    collapsing spaces, or a regular expression), or a predicate on what `focused` describes.

    Every element focused on the way must show it has focus.
    """
    if isinstance(target, str):

        def matches(element: Focused) -> bool:
            return element["name"] == target
    elif isinstance(target, re.Pattern):

        def matches(element: Focused) -> bool:
            return bool(target.search(element["name"]))
    else:
        matches = target

    path = []
    for _ in range(max_presses):
        page.evaluate(_REMEMBER_UNFOCUSED)
        page.keyboard.press("Tab")
        element = focused(page)
        path.append(describe(element))
        if element is None:  # focus left the document, after its last element; Tab again comes back in
            continue
        assert_focus_is_visible(element)
        if matches(element):
            return element
    raise AssertionError(f"Tabbed {max_presses} times without reaching {target!r}; went through:\n" + "\n".join(path))


def press(page: Page, key: str, *, navigates: bool = False) -> None:
    if navigates:
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def heading(page: Page) -> str:
    return page.locator("h1").inner_text()


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
