"""Every page each kind of person can reach passes axe-core's WCAG 2.2 A and AA rules, in a real browser.

A crawler starts at the home page as each kind of viewer and follows links breadth first, running axe on each
page, then submits every form it found empty and runs axe on the error state that comes back. Problems are
collected and reported together, so one run shows everything there is to fix. Run with `-s` or `-rP` to see the
pages each crawl reached.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core import mail
from django.urls import Resolver404, resolve
from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations import services as organisation_services
from coproduce.organisations.models import Organisation, Role
from coproduce.people.models import Person, Visibility
from coproduce.people.services.pioneers import pioneer_nominate
from tests.browser.axe import Violation, format_violations, run_axe
from tests.browser.conftest import add_session_cookie, sign_in
from tests.browser.profiles import community_group, profile_for
from tests.factories import MembershipFactory, PersonFactory

# Enough for the widest crawl (a place admin's) to run out of new kinds of page before it runs out of pages.
MAX_PAGES = 110
SKIP_PATH_PREFIXES = ("/sign-out/", "/static/", "/media/")
# Files to download, not pages to read: axe has nothing to check in a PDF or a CSV. (The API's JSON schema and
# docs are reached through their HTML page.)
SKIP_PATH_SUFFIXES = (".pdf", ".csv", ".zip", ".ics", ".json", ".yaml", ".atom", ".jwt")
# Forms that end or destroy something are not submitted, even empty: the crawl must not saw off its own branch.
DESTRUCTIVE_ACTION = re.compile(r"sign-out|remove|delete|close|withdraw|cancel|turn-off", re.IGNORECASE)
# How many pages to visit per URL pattern: two, so that a page about the viewer's own organisation and one about
# somebody else's are both seen; and one for links that carry a query string (filters, pages of a list).
PAGES_PER_PATTERN = 2
QUERY_PAGES_PER_PATTERN = 1
DISPLAY_CLASSES = {"cp-easy-read", "cp-larger-text"}


# --- the place the crawler walks through --------------------------------------------------------------------


@pytest.fixture
def viewers(transactional_db: None) -> dict[str, Person | None]:
    """Two organisations with services and people in different roles; one viewer for each kind of person.

    Organisations, services and roles go through the services a place admin would use, so the audit log has
    rows to show.
    """
    pat = PersonFactory(preferred_name="Pat", is_place_admin=True)
    millbrook = organisation_services.organisation_create(
        actor=pat,
        name="Millbrook Carers",
        kind=Organisation.Kind.CHARITY,
        description="Support for unpaid carers in Millbrook: a weekly café, a phone line and short breaks.",
        website="https://millbrook-carers.example.org",
    )
    cafe = organisation_services.service_create(
        actor=pat, organisation=millbrook, name="Carers’ café", description="Tuesdays, 10 to 12, at the library."
    )
    organisation_services.service_create(actor=pat, organisation=millbrook, name="Peer support line")
    riverside = organisation_services.organisation_create(
        actor=pat, name="Riverside Council", kind=Organisation.Kind.COUNCIL
    )
    adult_care = organisation_services.service_create(actor=pat, organisation=riverside, name="Adult social care")
    organisation_services.service_create(actor=pat, organisation=riverside, name="Libraries")

    def member(organisation: Organisation, role: str, name: str, **extra: Any) -> Person:
        person = PersonFactory(preferred_name=name)
        organisation_services.membership_add(actor=pat, person=person, organisation=organisation, role=role, **extra)
        return person

    viewers: dict[str, Person | None] = {
        "visitor": None,
        "uses_service": member(millbrook, Role.USES_SERVICE, "Rosa", service=cafe),
        "staff": member(riverside, Role.STAFF, "Sam", service=adult_care, title="Social worker"),
        "facilitator": member(millbrook, Role.FACILITATOR, "Femi"),
        "org_admin": member(millbrook, Role.ORG_ADMIN, "Olu"),
        "place_admin": pat,
    }
    chidi = member(millbrook, Role.CARER, "Chidi", service=cafe)
    vera = member(riverside, Role.VOLUNTEER, "Vera", title="Peer mentor")
    MembershipFactory(organisation=riverside, person=viewers["facilitator"], role=Role.MEMBER)
    give_everyone_a_profile(viewers, chidi=chidi, vera=vera, millbrook=millbrook)
    plans_to_follow(viewers, millbrook=millbrook)
    rounds_to_answer(viewers, chidi=chidi, millbrook=millbrook)
    return viewers


def give_everyone_a_profile(
    viewers: dict[str, Person | None], *, chidi: Person, vera: Person, millbrook: Organisation
) -> None:
    """Profiles in people's own words, shared at different levels, and community groups, so that profile pages,
    "Who can help?" results and group pages are checked with something in them."""
    rosa, sam, femi, olu, pat = (
        viewers[key] for key in ("uses_service", "staff", "facilitator", "org_admin", "place_admin")
    )
    assert rosa and sam and femi and olu and pat
    profile_for(
        rosa,
        about="I care for my dad, and I bake for the carers’ café on Tuesdays.",
        gifts=["Baking", "Listening"],
        passions=["Gardening"],
        learning=["IT help"],
        hood="Millbrook",
    )
    profile_for(
        sam,
        about="Social worker by day, five-a-side by night.",
        gifts=["Form filling"],
        passions=["Football"],
        hood="Riverside",
        levels={"about_me": Visibility.ORGANISATIONS},
    )
    profile_for(femi, about="I run the Friday lunch club.", gifts=["Cooking", "Facilitation"], hood="Millbrook")
    profile_for(olu, gifts=["Bookkeeping", "Bid writing"], hood="Millbrook", levels={"gifts": Visibility.FACILITATORS})
    profile_for(pat, gifts=["Public speaking"], passions=["Local history"], hood="Riverside")
    profile_for(
        chidi,
        about="Handy with a spanner, happier with a wooden spoon.",
        gifts=["Cooking", "DIY"],
        hood="Millbrook",
        levels={"lived_experience": Visibility.ORGANISATIONS},
    )
    # Vera has not agreed to a visible profile: no one else finds her.
    profile_for(vera, gifts=["Cooking", "Walking"], hood="Riverside", visible=False)
    community_group(
        "Millbrook lunch club",
        offers="A hot two-course lunch and good company, cooked by volunteers.",
        tags=["Cooking"],
        hood="Millbrook",
        organisation=millbrook,
        added_by=femi,
        when="Fridays, 12 to 2",
        where="Millbrook library hall",
        access="Step-free entrance and a hearing loop. Tell us about any diet when you arrive.",
        contact="lunch@millbrook-carers.example.org",
    )
    community_group(
        "Riverside walkers",
        offers="An hour’s gentle walk along the river, then tea.",
        tags=["Walking"],
        hood="Riverside",
        added_by=pat,
        when="Saturdays at 10",
    )
    pioneer_nominate(nominator=rosa, nominee=chidi, reason="He started the repair morning at the café.")


def plans_to_follow(viewers: dict[str, Person | None], *, millbrook: Organisation) -> None:
    """A plan with actions in each state, one overdue and one with an update, so plan and action pages, "My
    actions" and the overdue list are checked with something in them."""
    from datetime import timedelta

    from django.utils import timezone

    from coproduce.plans.models import Action
    from coproduce.plans.services import action_add, action_change, action_update_post, plan_create

    femi, rosa = viewers["facilitator"], viewers["uses_service"]
    assert femi and rosa
    plan = plan_create(actor=femi, title="Evening meetings for carers", summary="Carers asked.", organisation=millbrook)
    soon = timezone.localdate() + timedelta(days=5)
    asked = action_add(
        actor=femi, plan=plan, what="Ask carers which evening suits them", owner_person=rosa, due_on=soon
    )
    action_update_post(actor=rosa, action=asked, text="Thursday is ahead.", status=Action.Status.IN_PROGRESS)
    room = action_add(actor=femi, plan=plan, what="Find a room with a hearing loop", owner_organisation=millbrook)
    action_change(actor=femi, action=room, due_on=timezone.localdate() - timedelta(days=3))


def rounds_to_answer(viewers: dict[str, Person | None], *, chidi: Person, millbrook: Organisation) -> None:
    """An open round Rosa has joined but not answered, with ideas being chosen, and a closed readiness round
    settled on its ideas with the plan still to make: so the round, answer, join and ideas pages are crawled at
    each step, as a participant and as the facilitator, with their forms sent empty."""
    from coproduce.reflect.models import Framework
    from coproduce.reflect.services.ideas import idea_add, ideas_settle, round_choosing_open
    from coproduce.reflect.services.rounds import (
        AnswerInput,
        answers_submit,
        participant_add,
        participant_join,
        round_close,
        round_open,
    )

    femi, rosa = viewers["facilitator"], viewers["uses_service"]
    assert femi and rosa

    def framework(slug: str) -> Framework:
        return Framework.objects.filter(slug=slug).latest("loaded_at")

    open_round = round_open(
        actor=femi, framework=framework("how-are-we-doing"), organisation=millbrook, title="Carers’ café, winter"
    )
    participant_join(round_=open_round, person=rosa, perspective="uses_service")
    answered = participant_join(round_=open_round, person=chidi, perspective="family", anonymous=True)
    answers = [AnswerInput(d.key, value=2, rag="amber") for d in open_round.framework.definition.dimensions]
    answers_submit(actor=chidi, participant=answered, answers=answers, submission_key="chidi")
    participant_add(actor=femi, round_=open_round, name="R.", perspective="staff", channel="paper")
    for text in ("Carers plan the café menu", "A buddy for new carers"):
        idea_add(actor=chidi, round_=open_round, text=text, participant=answered)
    round_choosing_open(actor=femi, round_=open_round)

    readiness = round_open(
        actor=femi,
        framework=framework("readiness"),
        organisation=millbrook,
        title="Ready for the carers’ strategy?",
        subjects=["Commissioners", "Carers"],
    )
    told = participant_join(round_=readiness, person=rosa, perspective="uses_service")
    needs = [
        AnswerInput(d.key, subject=subject, value=2, target=4)
        for subject in readiness.subjects
        for d in readiness.framework.definition.dimensions
    ]
    answers_submit(actor=rosa, participant=told, answers=needs, submission_key="rosa")
    round_close(actor=femi, round_=readiness)
    ideas = [idea_add(actor=femi, round_=readiness, text=text)[0] for text in ("Joint training", "Shared glossary")]
    round_choosing_open(actor=femi, round_=readiness)
    ideas_settle(actor=femi, round_=readiness, idea_ids=[idea.pk for idea in ideas])


def searches_for(person: Person | None) -> list[str]:
    """Pages of "Who can help?" results, which a crawl that only follows links never reaches: it takes someone
    typing what they need into the search box. From the results, the crawl goes on to profiles and groups."""
    return [] if person is None else ["/people/?q=cooking"]


def switch_on_easy_read_and_larger_text(page: Page) -> None:
    page.goto("/settings/")
    page.get_by_label("Easy read").check()
    page.get_by_label("Larger text").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    assert html_classes(page) >= DISPLAY_CLASSES


def html_classes(page: Page) -> set[str]:
    return set((page.locator("html").get_attribute("class") or "").split())


# "visitor_easy_larger" is a visitor who has switched on easy read and larger text first.
VIEWERS = ["visitor", "uses_service", "staff", "facilitator", "org_admin", "place_admin", "visitor_easy_larger"]


# --- the crawler ----------------------------------------------------------------------------------------------


@dataclass
class VisitedPage:
    url: str
    status: int
    title: str


@dataclass
class FoundForm:
    page_url: str
    index: int
    action: str
    fields: list[str]


@dataclass
class Findings:
    """What a crawl saw and everything wrong with it, reported together at the end."""

    pages: list[VisitedPage] = field(default_factory=list)
    forms: list[FoundForm] = field(default_factory=list)
    submitted: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Pages found but not visited because the crawl reached its cap.
    left_unvisited: list[str] = field(default_factory=list)

    def check(self, page: Page, status: int, where: str) -> list[Violation]:
        """Record a server error, or axe's violations, for the page now open."""
        if status >= 500:
            self.problems.append(f"{where}: the server answered {status}")
        violations = run_axe(page)
        if violations:
            self.problems.append(format_violations(violations, where=where))
        return violations

    def summary(self, name: str) -> str:
        lines = [f"{name}: {len(self.pages)} pages, {len(self.submitted)} forms submitted empty"]
        for visited in self.pages:
            parts = urlsplit(visited.url)
            lines.append(
                f"  {visited.status} {parts.path}{'?' + parts.query if parts.query else ''}  ({visited.title})"
            )
        lines.extend(f"  form {line}" for line in self.submitted)
        return "\n".join(lines)

    def assert_none(self, name: str) -> None:
        assert not self.problems, f"{len(self.problems)} problems for {name}:\n\n" + "\n\n".join(self.problems)


def url_pattern(path: str) -> str:
    """The route a path resolves to, so /organisations/a/ and /organisations/b/ count as one kind of page."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route or path


def normalise(url: str, origin: str) -> str | None:
    """The URL to visit for a link, or None to leave it: other sites, fragments, sign-out, static files."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if parts.path.startswith(SKIP_PATH_PREFIXES) or parts.path.endswith(SKIP_PATH_SUFFIXES):
        return None
    if parts.path.startswith("/api/") and not parts.path.endswith("/docs/"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


_LINKS_AND_FORMS = """() => {
    const links = Array.from(document.querySelectorAll('a[href]'))
        .filter(a => !a.getAttribute('href').startsWith('#'))
        .map(a => a.href);
    const forms = Array.from(document.querySelectorAll('form')).map((form, index) => ({
        index,
        method: (form.getAttribute('method') || 'get').toLowerCase(),
        // Not form.action: a field named "action" would stand in its place.
        action: new URL(form.getAttribute('action') || location.href, location.href).href,
        fields: Array.from(form.elements)
            .filter(el => el.name && !['hidden', 'submit', 'button', 'reset'].includes(el.type))
            .map(el => el.name),
    }));
    return {links, forms};
}"""


def visit(page: Page, url: str, findings: Findings, seen_forms: set[tuple[Any, ...]]) -> list[str]:
    """Open `url`, check it, note its forms; return the links on it (none if it is an error page)."""
    response = page.goto(url)
    status = response.status if response is not None else 0
    final = page.url
    where = url if final == url else f"{url} (sent on to {final})"
    findings.check(page, status, where)
    findings.pages.append(VisitedPage(final, status, page.title()))
    if status == 404:
        findings.problems.append(f"{where}: a link leads to a page that is not there (404)")
    if status >= 400:
        return []
    found = page.evaluate(_LINKS_AND_FORMS)
    pattern = url_pattern(urlsplit(final).path)
    for form in found["forms"]:
        key = (pattern, url_pattern(urlsplit(form["action"]).path), tuple(form["fields"]))
        wanted = form["method"] == "post" and form["fields"] and not DESTRUCTIVE_ACTION.search(form["action"])
        if wanted and key not in seen_forms:
            seen_forms.add(key)
            findings.forms.append(FoundForm(final, form["index"], form["action"], form["fields"]))
    return found["links"]


def crawl(page: Page, origin: str, *, also: Iterable[str] = (), max_pages: int = MAX_PAGES) -> Findings:
    """Breadth first from the home page, and from the paths in `also`, checking every page reached."""
    findings = Findings()
    seen_forms: set[tuple[Any, ...]] = set()
    queue: deque[str] = deque()
    queued: set[str] = set()
    per_pattern: Counter[tuple[str, bool]] = Counter()
    for path in ("/", *also):
        start = f"{origin}{path}"
        parts = urlsplit(start)
        per_pattern[(url_pattern(parts.path), bool(parts.query))] += 1
        queue.append(start)
        queued.add(start)
    while queue and len(findings.pages) < max_pages:
        url = queue.popleft()
        links = visit(page, url, findings, seen_forms)
        queued.add(page.url)
        for href in links:
            target = normalise(href, origin)
            if target is None or target in queued:
                continue
            parts = urlsplit(target)
            kind = (url_pattern(parts.path), bool(parts.query))
            if per_pattern[kind] >= (QUERY_PAGES_PER_PATTERN if parts.query else PAGES_PER_PATTERN):
                continue
            per_pattern[kind] += 1
            queued.add(target)
            queue.append(target)
    findings.left_unvisited = list(queue)
    return findings


_SUBMIT_EMPTY = """(index) => {
    const form = document.querySelectorAll('form')[index];
    form.noValidate = true;  // the server's error messages are under test, not the browser's
    for (const el of form.elements) {
        if (['hidden', 'submit', 'button', 'reset'].includes(el.type)) continue;
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
        else if (el.tagName === 'SELECT') {
            const blank = Array.from(el.options).findIndex(o => o.value === '');
            if (blank >= 0) el.selectedIndex = blank;
        } else el.value = '';
    }
    form.requestSubmit(form.querySelector('button[type=submit], input[type=submit], button:not([type])'));
}"""


def submit_forms_empty(page: Page, findings: Findings) -> None:
    """Submit each form found, emptied, and check what comes back: usually the error summary state."""
    for form in findings.forms:
        page.goto(form.page_url)
        with page.expect_navigation() as navigation:
            page.evaluate(_SUBMIT_EMPTY, form.index)
        response = navigation.value
        status = response.status if response is not None else 0
        where = f"{form.page_url} form {form.index} ({', '.join(form.fields)}) submitted empty"
        findings.check(page, status, where)
        findings.submitted.append(f"{urlsplit(form.page_url).path} → {urlsplit(page.url).path} [{status}]")


def watch_for_script_problems(page: Page, findings: Findings) -> None:
    """A CSP violation or an uncaught error means the page someone gets is not the page we meant."""
    page.on("pageerror", lambda error: findings.problems.append(f"{page.url}: script error: {error}"))

    def on_console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            findings.problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


def open_page_as(context: BrowserContext, live_server: LiveServer, person: Person | None, findings: Findings) -> Page:
    if person is not None:
        add_session_cookie(context, live_server, person)
    page = context.new_page()
    watch_for_script_problems(page, findings)
    return page


# --- the tests ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", VIEWERS)
def test_every_page_passes_axe(
    viewer: str, viewers: dict[str, Person | None], live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    script_findings = Findings()
    page = open_page_as(make_context(), live_server, viewers.get(viewer), script_findings)
    if viewer == "visitor_easy_larger":
        switch_on_easy_read_and_larger_text(page)

    findings = crawl(page, live_server.url, also=searches_for(viewers.get(viewer)))
    if viewer == "visitor_easy_larger":
        # Still in that mode after the crawl, so every page above was checked in it.
        assert html_classes(page) >= DISPLAY_CLASSES
        reached = {urlsplit(p.url).path for p in findings.pages}
        assert {"/", "/organisations/", "/sign-in/", "/settings/"} <= reached, reached
    submit_forms_empty(page, findings)

    print("\n" + findings.summary(viewer))
    assert len(findings.pages) >= 5, findings.summary(viewer)
    reached = {url_pattern(urlsplit(visited.url).path) for visited in findings.pages}
    assert "people/assets/<int:asset_id>/" in reached, findings.summary(viewer)
    if viewers.get(viewer) is not None:
        # Search results, someone else's profile and their own, each with something in it.
        assert {"people/", "people/<int:person_id>/", "people/me/"} <= reached, findings.summary(viewer)
    assert not findings.left_unvisited, (
        f"the crawl stopped at {MAX_PAGES} pages, leaving these unchecked (raise MAX_PAGES): {findings.left_unvisited}"
    )
    findings.problems.extend(script_findings.problems)
    findings.assert_none(viewer)


def test_error_pages_pass_axe(
    viewers: dict[str, Person | None], live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    findings = Findings()
    page = open_page_as(make_context(), live_server, None, findings)
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    findings.check(page, response.status, "the 404 page")

    page = open_page_as(make_context(), live_server, viewers["staff"], findings)
    response = page.goto("/place/")
    assert response is not None and response.status == 403
    findings.check(page, response.status, "the 403 page, for a member of staff at /place/")
    findings.assert_none("error pages")


def test_signing_in_with_a_wrong_password_passes_axe(
    viewers: dict[str, Person | None], live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    findings = Findings()
    page = open_page_as(make_context(), live_server, None, findings)
    rosa = viewers["uses_service"]
    assert rosa is not None

    sign_in(page, live_server, rosa, password="not the right password")

    assert page.url.startswith(f"{live_server.url}/sign-in/")
    assert page.locator(".govuk-error-summary").is_visible()
    findings.check(page, 200, "sign-in with a wrong password")
    findings.assert_none("sign-in")


def test_the_second_factor_step_passes_axe(
    viewers: dict[str, Person | None], live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """An organisation admin who signs in with a password is asked for a code from their phone."""
    findings = Findings()
    page = open_page_as(make_context(), live_server, None, findings)
    olu = viewers["org_admin"]
    assert olu is not None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=olu, name="Olu’s phone", confirmed=True)

    sign_in(page, live_server, olu)

    assert urlsplit(page.url).path == "/sign-in/two-factor/", page.url
    visit(page, page.url, findings, set())
    submit_forms_empty(page, findings)
    assert findings.submitted, "the second-factor step has no form to type a code into"
    findings.assert_none("the second-factor step")


def test_pages_opened_from_emails_pass_axe(
    viewers: dict[str, Person | None], live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """Sign-in links, password reset links and invitations: pages nobody reaches by following a link on the site."""
    findings = Findings()
    page = open_page_as(make_context(), live_server, None, findings)
    rosa = viewers["uses_service"]
    assert rosa is not None and rosa.email
    for request_page in ("/sign-in/link/", "/password/reset/"):
        page.goto(request_page)
        page.locator("main input[type=email]").fill(rosa.email)
        with page.expect_navigation() as navigation:
            page.locator("main form:has(input[type=email]) button[type=submit]").click()
        findings.check(page, navigation.value.status if navigation.value else 0, f"{request_page} sent")
    from coproduce.accounts import services as account_services

    account_services.invitation_create(
        inviter=viewers["facilitator"],  # type: ignore[arg-type]
        preferred_name="Ngozi",
        email="ngozi@example.org",
        organisation=Organisation.objects.get(name="Millbrook Carers"),
        role=Role.CARER,
        site_url=live_server.url,
    )

    links = [
        link
        for message in mail.outbox
        for link in re.findall(r"https?://\S+", message.body)
        if link.startswith(live_server.url)
    ]
    assert len(links) == 3, [message.body for message in mail.outbox]
    seen: set[tuple[Any, ...]] = set()
    for link in links:
        visit(page, link, findings, seen)
    submit_forms_empty(page, findings)
    # A link used up or out of date gets its own page: open the sign-in link, continue, then open it again.
    sign_in_link = next(link for link in links if "/sign-in/link/open/" in link)
    page.context.clear_cookies()
    page.goto(sign_in_link)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Continue").click()
    response = page.goto(sign_in_link)
    assert response is not None and response.status == 410
    findings.check(page, response.status, "a sign-in link used twice")

    print("\n" + findings.summary("pages opened from emails"))
    findings.assert_none("pages opened from emails")


def test_demo_mode_sign_in_page_passes_axe(
    viewers: dict[str, Person | None],
    live_server: LiveServer,
    make_context: Callable[..., BrowserContext],
    settings: Any,
) -> None:
    """In demo mode every page has a banner and the sign-in page lists demo people to sign in as."""
    settings.COPRODUCE_DEMO_MODE = True
    for person in viewers.values():
        if person is not None:
            Person.objects.filter(pk=person.pk).update(is_demo=True)
    findings = Findings()
    page = open_page_as(make_context(), live_server, None, findings)
    for path in ("/", "/sign-in/"):
        response = page.goto(path)
        findings.check(page, response.status if response else 0, f"{path} in demo mode")
    assert page.get_by_role("button", name="Sign in as Rosa").is_visible()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in as Olu").click()
    status = navigation.value.status if navigation.value else 0
    findings.check(page, status, f"{page.url} after signing in as a demo org admin")
    findings.assert_none("demo mode")


def test_axe_finds_and_reports_problems_readably(page: Page, live_server: LiveServer) -> None:
    """The checks above mean something only if axe runs and would say so: a page with known faults."""
    page.goto("/no-such-page/")
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
            '<img src="/static/x.png"><input type="text" name="nameless">')"""
    )

    violations = run_axe(page)

    assert {"image-alt", "label"} <= {violation["id"] for violation in violations}
    report = format_violations(violations, where="a page with faults")
    assert "[image-alt] (critical) Images must have alternative text" in report
    assert '<input type="text" name="nameless">' in report


def test_framework_pages_in_their_other_states_pass_axe(
    viewers: dict[str, Person | None], live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """A framework file refused with a problem on each of several lines; a framework in easy read; a retired one."""
    from coproduce.reflect.models import Framework
    from coproduce.reflect.services.framework_retirement import framework_retire

    pat = viewers["place_admin"]
    assert pat is not None
    findings = Findings()
    page = open_page_as(make_context(), live_server, pat, findings)
    page.goto("/reflect/frameworks/load/")
    page.get_by_label("Or paste the text of the file").fill(
        "format: coproduce-framework/1\nslug: Not A Slug\nversion: 1.0\nkind: stars\ncolour: red\n"
    )
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Check and load").click()
    assert page.locator(".govuk-error-summary li").count() >= 5
    findings.check(page, navigation.value.status if navigation.value else 0, "a framework file with problems")

    ladder = Framework.objects.get(slug="ladder")
    framework_retire(actor=pat, framework=ladder)
    Person.objects.filter(pk=pat.pk).update(easy_read=True)
    for framework in (Framework.objects.get(slug="how-are-we-doing"), ladder):
        response = page.goto(framework.get_absolute_url())
        findings.check(page, response.status if response else 0, f"{framework.slug} in easy read")
    findings.assert_none("framework pages")


def test_reflection_results_pass_axe(
    viewers: dict[str, Person | None], live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """Results of each kind of framework (every chart: perspectives side by side, the RAG grid, distance
    travelled, the star chart, the readiness heatmap, the ladder), a round nobody has answered, and the overview."""
    from coproduce.reflect.models import Framework
    from coproduce.reflect.services.rounds import AnswerInput, answers_submit, participant_add, round_close, round_open

    femi = viewers["facilitator"]
    assert femi is not None
    millbrook = Organisation.objects.get(name="Millbrook Carers")

    def answered_round(slug: str, values: list[int], *, subjects: tuple[str, ...] = (), close: bool = False) -> Any:
        framework = Framework.objects.filter(slug=slug).latest("loaded_at")
        definition = framework.definition
        round_ = round_open(
            actor=femi,
            framework=framework,
            organisation=millbrook,
            title=f"{definition.title} round",
            subjects=subjects,
        )
        for n, (perspective, value) in enumerate(zip(["staff", "uses_service", "family"], values, strict=True)):
            someone = participant_add(
                actor=femi,
                round_=round_,
                name=f"Person {n}",
                perspective=perspective,
                channel="screen",
                anonymous=n == 1,
            )
            answers = [
                AnswerInput(
                    dimension=dimension.key,
                    subject=subject,
                    value=value,
                    target=min(definition.highest, value + 2) if definition.asks_target else None,
                    rag=("red", "amber", "green")[min(value, 3) - 1] if definition.rag else "",
                    evidence="We <em>ask</em>, then nothing changes." if n == 1 else "",
                )
                for dimension in definition.dimensions
                for subject in (subjects or ("",))
            ]
            answers_submit(actor=femi, participant=someone, answers=answers, submission_key=f"{slug}-{n}-{value}")
        if close:
            round_close(actor=femi, round_=round_)
        return round_

    rounds = [
        answered_round("how-are-we-doing", [4, 1, 2], close=True),
        answered_round("workforce-competencies", [2, 2, 3], close=True),
        answered_round("workforce-competencies", [4, 3, 5]),
        answered_round("readiness", [2, 1, 3], subjects=("Commissioners", "Carers")),
        answered_round("ladder", [3, 6, 5], subjects=("Carers' forum", "Budget consultation")),
        round_open(
            actor=femi,
            framework=Framework.objects.get(slug="ladder"),
            organisation=millbrook,
            title="Empty",
            subjects=["Forum"],
        ),
    ]
    findings = Findings()
    page = open_page_as(make_context(), live_server, femi, findings)
    for round_ in rounds:
        response = page.goto(f"/reflect/rounds/{round_.pk}/results/")
        findings.check(page, response.status if response else 0, f"results of {round_.title}")
        if round_.title != "Empty":
            assert page.locator('svg[role="img"]').count() >= 2
    response = page.goto("/reflect/overview/")
    findings.check(page, response.status if response else 0, "the overview")
    findings.assert_none("reflection results")


def test_a_rounds_link_and_answers_in_easy_read_pass_axe(
    viewers: dict[str, Person | None], live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """The page a round's shared link opens (first time, with nothing chosen, and once the round has closed), and the
    answer form in easy read with its errors: pages reached from an email or a screen, not by a link on the site."""
    from coproduce.reflect.models import ReflectionRound
    from coproduce.reflect.services.rounds import round_close

    sam = viewers["staff"]
    femi = viewers["facilitator"]
    assert sam is not None and femi is not None
    open_round = ReflectionRound.objects.get(title="Carers’ café, winter")
    findings = Findings()
    page = open_page_as(make_context(), live_server, sam, findings)
    response = page.goto(f"/reflect/join/{open_round.join_token}/")
    findings.check(page, response.status if response else 0, "a round's link")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Start answering").click()
    assert page.locator(".govuk-error-summary").count() == 1
    findings.check(page, navigation.value.status if navigation.value else 0, "a round's link, nothing chosen")
    page.get_by_label("Staff or volunteer").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Start answering").click()
    response = page.goto(page.url + "?easy=1")
    findings.check(page, response.status if response else 0, "answers in easy read")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save my answers").click()
    assert page.locator(".govuk-error-summary li").count() >= 4
    findings.check(page, navigation.value.status if navigation.value else 0, "answers in easy read with errors")
    round_close(actor=femi, round_=open_round)
    response = page.goto(f"/reflect/join/{open_round.join_token}/")
    findings.check(page, response.status if response else 0, "a closed round's link")
    findings.assert_none("a round's link and answers")


def test_the_badge_verification_page_passes_axe_in_each_state(
    transactional_db: None, live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """Checking a badge file: genuine, tampered, withdrawn, and nothing pasted. (recognition: views/verify.py)"""
    from coproduce.recognition.services.credentials import credential_jwt
    from tests.recognition.credential_support import make_award, make_badge, revoke

    genuine = credential_jwt(make_award(shown_on_profile=True), site_url=live_server.url)
    withdrawn_award = make_award(badge=make_badge("Cooks for thirty"))
    withdrawn = credential_jwt(withdrawn_award, site_url=live_server.url)
    revoke(withdrawn_award, reason="Given by mistake.")
    header, _payload, signature = genuine.split(".")
    tampered = f"{header}.{withdrawn.split('.')[1]}.{signature}"

    findings = Findings()
    page = open_page_as(make_context(), live_server, None, findings)
    response = page.goto("/badges/verify/")
    findings.check(page, response.status if response else 0, "the badge check page")
    for token, expected, what in (
        (genuine, "This badge is genuine", "a genuine badge"),
        (tampered, "This badge cannot be relied on", "a tampered badge"),
        (withdrawn, "This badge cannot be relied on", "a withdrawn badge"),
        ("", "There is a problem", "nothing pasted"),
    ):
        page.get_by_label("Paste the badge file’s contents").fill(token)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Check the badge").click()
        assert page.get_by_text(expected).first.is_visible(), what
        findings.check(page, navigation.value.status if navigation.value else 0, f"the badge check page: {what}")
    findings.assert_none("the badge check page")


def test_training_sessions_and_the_learning_record_pass_axe_in_each_state(
    transactional_db: None, live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """Sessions as the organiser (to come, started, held), as a trainer and as someone who came; the forms with their
    errors (a balance-limit refusal among them); the learning record with something in every section.
    (learn: views/sessions.py, views/record.py)"""
    from django.utils import timezone

    from coproduce.learn.models import BabyStep, LearningGoal
    from coproduce.learn.services.sessions import session_mark_held
    from coproduce.timebank.models import Account
    from coproduce.timebank.services.accounts import account_for_organisation
    from tests.factories import OrganisationFactory
    from tests.learn.sessions_support import add_attendee, add_trainer, make_session
    from tests.recognition.credential_support import make_award

    trust = OrganisationFactory(name="Riverside Trust")
    nia = MembershipFactory(organisation=trust, role=Role.ORG_ADMIN, person__preferred_name="Nia").person
    jay, sol = PersonFactory(preferred_name="Jay"), PersonFactory(preferred_name="Sol")
    coming = make_session(organisation=trust, days=6, title="Carers teach staff")
    add_trainer(coming, jay)
    add_attendee(coming, sol)
    started = make_session(organisation=trust, title="Storytelling", kind="skills")
    add_trainer(started, jay, credit="named", lived_experience=False)
    add_attendee(started, sol)
    Account.objects.filter(pk=account_for_organisation(trust).pk).update(min_balance_minutes=0)
    held = make_session(organisation=trust, days=-3, title="Prototyping the new leaflet", kind="prototyping")
    add_attendee(held, sol)
    session_mark_held(actor=nia, session=held, attended=[sol])
    goal = LearningGoal.objects.create(person=sol, title="Chair a meeting")
    BabyStep.objects.create(goal=goal, what="Watch how Nia does it", done_at=timezone.now(), learned="Breathe")
    make_award(recipient=sol)

    findings = Findings()
    for person, visits in (
        (
            nia,
            [coming, started, held, f"/learn/sessions/{coming.pk}/trainers/add/", f"/learn/sessions/{held.pk}/held/"],
        ),
        (jay, [coming, started]),
        (sol, ["/learn/sessions/", held, f"/learn/sessions/{held.pk}/differently/", "/learn/record/"]),
    ):
        page = open_page_as(make_context(), live_server, person, findings)
        for visit in visits:
            url = visit if isinstance(visit, str) else f"/learn/sessions/{visit.pk}/"
            response = page.goto(url)
            findings.check(page, response.status if response else 0, f"{url} as {person.preferred_name}")
        if person == nia:
            page.goto(f"/learn/sessions/{started.pk}/held/")
            page.get_by_label("Sol").check()
            with page.expect_navigation() as navigation:
                page.get_by_role("button", name="Mark it held").click()
            assert "Nothing was saved" in page.locator(".govuk-error-summary").inner_text()
            findings.check(page, navigation.value.status if navigation.value else 0, "marking held, refused")
            page.goto(f"/learn/sessions/{coming.pk}/trainers/add/")
            with page.expect_navigation() as navigation:
                page.get_by_role("button", name="Add the trainer").click()
            findings.check(page, navigation.value.status if navigation.value else 0, "adding a trainer, nobody chosen")
            page.goto("/learn/sessions/new/")
            with page.expect_navigation() as navigation:
                page.get_by_role("button", name="Make the session").click()
            findings.check(page, navigation.value.status if navigation.value else 0, "a new session, empty")
        if person == sol:
            page.goto(f"/learn/sessions/{held.pk}/differently/")
            with page.expect_navigation() as navigation:
                page.get_by_role("button", name="Save").click()
            findings.check(
                page, navigation.value.status if navigation.value else 0, "what I will do differently, empty"
            )
    findings.assert_none("training sessions and the learning record")


def test_the_badge_pages_pass_axe_in_each_state(
    transactional_db: None, live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """Badges as a facilitator (making one, with a bad picture; the queue and deciding; giving directly; taking one
    back; suggestions), as a member nominating, and as the recipient answering and seeing it on their profile; each
    form also sent empty. (recognition: views/badges.py, views/awards.py, views/suggestions.py)"""
    from coproduce.people.models import ConsentTopic
    from coproduce.people.services.consent import consent_give
    from coproduce.recognition.models import Award, Badge, Nomination
    from tests.factories import OrganisationFactory
    from tests.recognition.credential_support import make_award, make_badge

    carers = OrganisationFactory(name="Millbrook Carers")
    femi = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    sam, rosa = PersonFactory(preferred_name="Sam"), PersonFactory(preferred_name="Rosa")
    consent_give(person=rosa, topic=ConsentTopic.VISIBLE_PROFILE)
    listens = make_badge("Listens well")
    make_badge("Has trained staff", suggest_for=Badge.SuggestFor.SESSIONS_TRAINED, suggest_at=1)
    make_badge("Story gatherer", suggest_for=Badge.SuggestFor.STORIES_GATHERED, suggest_at=5)
    nomination = Nomination.objects.create(badge=listens, nominee=sam, nominated_by=rosa, reason="Sam listens.")
    offered = make_award(badge=make_badge("Cooks for thirty"), recipient=rosa, status=Award.Status.OFFERED)
    held = make_award(badge=listens, recipient=rosa, awarded_by=femi, shown_on_profile=True)

    findings = Findings()

    def visit(page: Page, url: str, what: str) -> None:
        response = page.goto(url)
        findings.check(page, response.status if response else 0, what)

    def send(page: Page, button_name: str, what: str) -> None:
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button_name).first.click()
        findings.check(page, navigation.value.status if navigation.value else 0, what)

    page = open_page_as(make_context(), live_server, femi, findings)
    for url, what in (
        ("/badges/", "the badges"),
        (f"/badges/{listens.slug}/", "a badge, as a facilitator"),
        ("/badges/nominations/", "nominations to decide"),
        ("/badges/suggestions/", "suggestions"),
        (f"/badges/{listens.slug}/edit/", "changing a badge"),
        (f"/badges/{listens.slug}/award/", "giving a badge directly"),
        (f"/badges/awards/{held.pk}/", "an award, as a facilitator"),
    ):
        visit(page, url, what)
    visit(page, "/badges/new/", "making a badge")
    send(page, "Make the badge", "making a badge, empty")
    page.set_input_files(
        "#id_image", files=[{"name": "a.svg", "mimeType": "image/svg+xml", "buffer": b"<svg><script/></svg>"}]
    )
    send(page, "Make the badge", "making a badge, with a bad picture")
    visit(page, f"/badges/nominations/{nomination.pk}/", "deciding a nomination")
    send(page, "Offer the badge", "deciding a nomination, no evidence")
    visit(page, f"/badges/{listens.slug}/award/", "giving a badge directly")
    send(page, "Offer the badge", "giving a badge directly, empty")
    visit(page, f"/badges/awards/{held.pk}/revoke/", "taking a badge back")
    send(page, "Take the badge back", "taking a badge back, no reason")

    page = open_page_as(make_context(), live_server, sam, findings)
    visit(page, f"/badges/{listens.slug}/", "a badge, as a member")
    visit(page, f"/badges/{listens.slug}/nominate/", "nominating")
    send(page, "Send the nomination", "nominating, empty")
    visit(page, f"/people/{rosa.pk}/", "someone's profile with a badge")

    page = open_page_as(make_context(), live_server, rosa, findings)
    visit(page, "/badges/mine/", "my badges, one offered")
    send(page, "Send my answer", "answering with nothing chosen")
    visit(page, f"/badges/awards/{offered.pk}/", "a badge offered to me")
    visit(page, f"/badges/awards/{held.pk}/", "a badge I hold")
    visit(page, "/people/me/", "my profile with badges")
    findings.assert_none("the badge pages")


def test_the_story_moderation_pages_pass_axe_in_each_state(
    transactional_db: None, live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """Moderation (stories: views/moderation.py) as a facilitator: the queue with marked details, sent with nothing
    ticked and with a summary; checking a story with each form sent empty; a suggestion waiting; the history; and
    the answer page as a teller and as a gatherer answering for a teller without an account, each sent empty."""
    from django.utils import timezone

    from coproduce.stories.models import Story
    from coproduce.stories.services.moderation import identifying_details_find, story_edit_propose
    from tests.factories import OrganisationFactory, ServiceFactory, StoryFactory

    carers = OrganisationFactory(name="Millbrook Carers")
    drop_in = ServiceFactory(organisation=carers, name="Carers’ Drop-in")
    femi = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    amira = MembershipFactory(organisation=carers, role=Role.STORY_GATHERER, person__preferred_name="Amira").person
    tess = PersonFactory(preferred_name="Tess")

    def waiting(**fields: Any) -> Any:
        story = StoryFactory(
            status=Story.Status.WAITING, submitted_at=timezone.now(), published_at=None, services=[drop_in], **fields
        )
        identifying_details_find(story)
        return story

    flagged = waiting(teller=tess, title="Ring me", body="Ring Mrs Patel on 07700 900123 at 12 Acacia Road, BF2 7QT.")
    told = waiting(teller=tess, title="Told", body="Call me on 0113 496 0000.")
    story_edit_propose(actor=femi, story=told, title="Told", body="Call me.", reason="So you are safe")
    gathered = waiting(
        teller=None, teller_name="Doris", gathered_by=amira, title="Gathered", body="Email doris@example.org"
    )
    story_edit_propose(actor=femi, story=gathered, title="Gathered", body="Email me", reason="So you are safe")

    findings = Findings()

    def visit(page: Page, url: str, what: str) -> None:
        response = page.goto(url)
        findings.check(page, response.status if response else 0, what)

    def send(page: Page, button_name: str, what: str) -> None:
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button_name).first.click()
        findings.check(page, navigation.value.status if navigation.value else 0, what)

    page = open_page_as(make_context(), live_server, femi, findings)
    visit(page, "/stories/moderation/", "stories to check")
    send(page, "Do not publish the ticked stories", "stories to check, nothing ticked")
    visit(page, f"/stories/moderation/{flagged.pk}/", "checking a story with marked details")
    send(page, "Mark as fine to keep", "keeping, empty")
    visit(page, f"/stories/moderation/{flagged.pk}/", "checking a story")
    page.fill("#id_suggest-body", "")
    send(page, "Suggest these words", "suggesting, empty")
    visit(page, f"/stories/moderation/{flagged.pk}/", "checking a story")
    send(page, "Do not publish it", "not publishing, no reason")
    visit(page, f"/stories/moderation/{told.pk}/", "a suggestion waiting for the teller")
    visit(page, f"/stories/{told.pk}/revisions/", "every change to the words")
    visit(page, "/stories/moderation/", "stories to check")
    page.get_by_label("Told").check()
    send(page, "Publish the ticked stories", "the summary after publishing")

    page = open_page_as(make_context(), live_server, tess, findings)
    visit(page, f"/stories/{told.pk}/suggested-change/", "a suggested change to my story")
    send(page, "Send the answer", "answering with nothing chosen")
    visit(page, "/stories/mine/", "my stories with a suggestion waiting")

    page = open_page_as(make_context(), live_server, amira, findings)
    visit(page, f"/stories/{gathered.pk}/suggested-change/", "answering for a teller without an account")
    page.get_by_label("Yes, they agreed to the suggested words").check()
    send(page, "Send the answer", "answering for them, without the tick")
    findings.assert_none("the moderation pages")


def test_the_story_telling_pages_pass_axe_in_each_state(
    transactional_db: None, live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """Telling and reading stories (stories: views/stories.py, views/telling.py): the list signed out and filtered,
    telling with each way of failing (empty, too long, too many themes), a draft, gathering with no consent, a
    story as its teller, changing who reads it sent wrong, withdrawing, My stories, and a withdrawn story's 410."""
    from coproduce.stories.models import Story, Theme
    from tests.factories import OrganisationFactory, ServiceFactory, StoryFactory

    carers = OrganisationFactory(name="Millbrook Carers")
    drop_in = ServiceFactory(organisation=carers, name="Carers’ Drop-in")
    amira = MembershipFactory(organisation=carers, role=Role.STORY_GATHERER, person__preferred_name="Amira").person
    rosa = PersonFactory(preferred_name="Rosa")
    theme = Theme.objects.create(name="phone lines", slug="phone-lines")
    told = StoryFactory(teller=rosa, gathered_by=amira, reach="public", services=[drop_in], identity="named")
    told.themes.add(theme)
    draft = StoryFactory(teller=rosa, status=Story.Status.DRAFT, title="Half done", published_at=None)
    gone = StoryFactory(teller=rosa, status=Story.Status.WITHDRAWN)
    findings = Findings()

    def visit(page: Page, url: str, what: str) -> None:
        response = page.goto(url)
        findings.check(page, response.status if response else 0, what)

    def send(page: Page, button_name: str, what: str) -> None:
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button_name).first.click()
        findings.check(page, navigation.value.status if navigation.value else 0, what)

    page = open_page_as(make_context(), live_server, None, findings)
    visit(page, "/stories/", "the stories, signed out")
    visit(page, f"/stories/?service={drop_in.pk}&theme=phone-lines", "the stories, filtered")
    visit(page, told.get_absolute_url(), "a public story, signed out")
    visit(page, gone.get_absolute_url(), "a withdrawn story")

    page = open_page_as(make_context(), live_server, rosa, findings)
    visit(page, "/stories/tell/", "telling a story")
    send(page, "Send my story", "telling a story, empty")
    page.fill("#id_body", "x" * 20_001)
    page.fill("#id_new_themes", ", ".join(f"theme {i}" for i in range(12)))
    send(page, "Send my story", "telling a story, too long and too many themes")
    visit(page, f"/stories/{draft.pk}/edit/", "a draft")
    visit(page, told.get_absolute_url(), "my story")
    visit(page, f"/stories/{told.pk}/sharing/", "who may read it")
    page.get_by_label("A name I choose").check()
    send(page, "Save", "who may read it, a chosen name left empty")
    visit(page, f"/stories/{told.pk}/withdraw/", "withdrawing")
    visit(page, "/stories/mine/", "my stories")

    page = open_page_as(make_context(), live_server, amira, findings)
    visit(page, "/stories/gather/", "gathering a story")
    send(page, "Send their story", "gathering a story, empty")
    findings.assert_none("the story telling pages")


def test_the_story_search_and_themes_pages_pass_axe_in_each_state(
    transactional_db: None, live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    """Search and themes (stories: views/search.py, views/themes.py): search with results and marked words, with no
    story having every word, with nothing found, too long; the themes page before any run, with themes, with a run
    waiting, after a failed run, its form sent wrong; a theme's page as a manager (feedback shown) and as a
    facilitator of another organisation (counted only)."""
    from coproduce.stories.models import Feedback, Story, ThemeRun
    from coproduce.stories.search import story_search_index
    from coproduce.stories.services.themes import theme_run_now
    from tests.factories import OrganisationFactory, ServiceFactory, StoryFactory
    from tests.stories.test_themes import generated

    carers = OrganisationFactory(name="Millbrook Carers")
    drop_in = ServiceFactory(organisation=carers, name="Carers’ Drop-in")
    femi = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    olu = MembershipFactory(role=Role.FACILITATOR, person__preferred_name="Olu").person
    findings = Findings()

    def visit(page: Page, url: str, what: str) -> None:
        response = page.goto(url)
        findings.check(page, response.status if response else 0, what)

    def send(page: Page, button_name: str, what: str) -> None:
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button_name).first.click()
        findings.check(page, navigation.value.status if navigation.value else 0, what)

    page = open_page_as(make_context(), live_server, femi, findings)
    visit(page, "/stories/themes/", "themes, none found yet")
    for n, (topic, text) in enumerate(generated(36)):
        if n % 4 == 3:
            Feedback.objects.create(service=drop_in, body=text)
        else:
            story_search_index(StoryFactory(title=f"About {topic}", body=text, services=[drop_in], reach="public"))
    run = theme_run_now(actor=None, seed=0, theme_count=3)
    theme = run.themes.order_by("position").first()
    assert theme is not None

    visit(page, "/stories/search/?q=bus+ramp", "search results with words marked")
    visit(page, "/stories/search/?q=bus+zebra", "search results with only some words")
    visit(page, "/stories/search/?q=zebra", "search, nothing found")
    visit(page, "/stories/search/?q=" + "ramp+" * 60, "search, too long")
    visit(page, "/stories/themes/", "themes")
    visit(page, f"/stories/themes/{theme.pk}/", "a theme, as its service's manager")
    page.goto("/stories/themes/")
    page.fill("#id_themes", "99")
    send(page, "Find the themes again", "themes, asked for too many")
    ThemeRun.objects.create(status=ThemeRun.Status.FAILED, error="boom")
    visit(page, "/stories/themes/", "themes after a failed run")
    ThemeRun.objects.create(status=ThemeRun.Status.QUEUED)
    visit(page, "/stories/themes/", "themes with a run waiting")
    assert Story.objects.filter(status="published").exists()

    page = open_page_as(make_context(), live_server, olu, findings)
    visit(page, f"/stories/themes/{theme.pk}/", "a theme, as a facilitator elsewhere")
    page = open_page_as(make_context(), live_server, None, findings)
    visit(page, "/stories/search/?q=ramp", "search, signed out")
    findings.assert_none("the story search and themes pages")
