"""Moving through pages with the keyboard alone, and checking that a sighted keyboard user can see where they are.

Shared by every keyboard journey: `tab_to` presses Tab until it reaches what it is asked for, checking on the way
that each element that takes focus is visible, on screen, and looks different from when it did not have focus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

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


def in_group(field_id: str) -> Callable[[Focused], bool]:
    """A `tab_to` target: any radio or checkbox of the field whose inputs' ids start `field_id`, as Django and
    the GOV.UK templates number them (id_about_me_visibility_0, _1, ...). Tab stops once in a radio group."""
    return lambda element: element["type"] in ("radio", "checkbox") and element["id"].startswith(f"{field_id}_")


def choose_radio(page: Page, label: str, *, max_presses: int = 10) -> Focused:
    """With focus in a radio group, press the arrow keys until the radio labelled `label` is chosen, then Space.

    Arrow keys move round the group, choosing as they go, as they do for anyone using a keyboard; Space chooses the
    radio that has focus, which matters when it already did when the person tabbed in.
    """
    element = focused(page)
    for _ in range(max_presses):
        assert element is not None and element["type"] == "radio", f"focus is on {describe(element)}, not a radio"
        if element["name"] == label:
            break
        page.keyboard.press("ArrowDown")
        element = focused(page)
    else:
        raise AssertionError(f"Pressed the down arrow {max_presses} times without reaching the radio {label!r}")
    page.keyboard.press("Space")
    element = focused(page)
    assert element is not None and element["name"] == label and element["checked"], describe(element)
    assert_focus_is_visible(element)
    return element


def choose_option(page: Page, text: str, *, max_presses: int = 30) -> None:
    """With focus on a closed <select>, press the down arrow until the option shown is `text` (the select stays
    closed: Chromium changes a closed select's choice with the arrow keys, as other browsers do)."""
    chosen = ""
    for _ in range(max_presses):
        chosen = page.evaluate("() => document.activeElement.selectedOptions[0]?.text ?? ''")
        if chosen == text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"Pressed the down arrow {max_presses} times without choosing {text!r}; ended on {chosen!r}")


def fill_in_sign_in_form(page: Page, email: str, password: str) -> None:
    """On the sign-in page: type the email address and password and press the Sign in button."""
    tab_to(page, "Email address")
    page.keyboard.type(email)
    tab_to(page, "Password")
    page.keyboard.type(password)
    tab_to(page, lambda element: element["tag"] == "button" and element["name"] == "Sign in")
    press(page, "Enter", navigates=True)


def in_header(name: str | re.Pattern[str]) -> Callable[[Focused], bool]:
    """A `tab_to` target: the link or button in the page header with this text."""
    if isinstance(name, str):
        return lambda element: element["inHeader"] and element["name"] == name
    return lambda element: element["inHeader"] and bool(name.search(element["name"]))


def in_nav(name: str) -> Callable[[Focused], bool]:
    """A `tab_to` target: the link in the main menu with this text."""
    return lambda element: element["inNav"] and element["name"] == name
