"""Headless Chromium against pytest-django's live server: one browser per worker, a fresh context per test.

Each pytest-xdist worker has its own in-memory SQLite test database and its own live server on a free port,
so two workers never see each other's rows or sessions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from tests.factories import PASSWORD

# The server thread binds IPv4; "localhost" would make Chromium try ::1 first on every connection.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Fail in seconds, not after Playwright's default 30: every page here is served by a local thread.
TIMEOUT_MS = 10_000

# Roughly how long a test takes compared with a one-page test (about 2 s), to balance the workers' shares.
_COST = {"test_every_page_passes_axe": 4, "test_pages_opened_from_emails_pass_axe": 3}


def _cost(item: pytest.Item) -> int:
    return _COST.get(getattr(item, "originalname", item.name), 1)


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook applies `-m browser` / `-m "not browser"`
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every browser test, and split them between the xdist workers in balanced groups.

    Under `--dist loadgroup` a group runs on one worker. One group per worker, filled heaviest test first,
    gives each worker's Chromium a similar share, while the unit tests fill in around them. Every worker
    collects the same tests in the same order, so every worker computes the same groups.

    With pytest 9.2 and pytest-xdist 3.8 the groups are silently ignored (pytest-xdist#1386: xdist still renames
    `item._nodeid`, which pytest 9.2 no longer reads) and the tests spread one at a time instead. Nothing here
    depends on which worker a test runs on, so that is only a little less tidy, not wrong.
    """
    browser_items = [item for item in items if BROWSER_DIR in Path(str(item.path)).parents]
    loads = [0] * max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    for item in sorted(browser_items, key=_cost, reverse=True):
        bucket = loads.index(min(loads))
        loads[bucket] += _cost(item)
        item.add_marker(pytest.mark.browser)
        # live_server needs real commits, since the server thread must see the rows a test creates. Committed rows
        # are flushed after each test, which would take the rows data migrations made (consent wordings, starter
        # tags) with them; serialized_rollback puts those back before every browser test.
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        item.add_marker(pytest.mark.xdist_group(f"browser-{bucket}"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API leaves an asyncio event loop running in this thread, after which Django refuses
    # ORM calls from it (factories, sessions), in this test and in every later test on this worker. Set here,
    # not at import, so a run that starts no browser (`-m "not browser"`) keeps Django's check.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    sync_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # That running loop also makes asgiref keep Django's connections per async context rather than per thread,
        # so this thread would quietly get fresh connection objects without the test database's serialized
        # contents, and serialized_rollback (below) would silently do nothing. Keep the objects we had.
        for alias, connection in sync_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_context(browser: Browser, live_server: LiveServer, **options) -> BrowserContext:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    context = new_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def make_context(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., BrowserContext]]:
    """For tests that need several contexts (several people at once) or their own context options."""
    made: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        context = new_context(browser, live_server, **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def sign_in(page: Page, live_server: LiveServer, person: Person, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in form. An admin lands on the second-factor step, not home."""
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill(person.email or "")
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()


def needs_second_factor(person: Person) -> bool:
    return person.is_place_admin or Membership.objects.filter(person=person, role=Role.ORG_ADMIN).exists()


def add_session_cookie(context: BrowserContext, live_server: LiveServer, person: Person) -> None:
    """Sign `person` in without the form: a server-side session made by the test client, its cookie copied in.

    Organisation and place admins also get a confirmed TOTP device recorded as used in this session, as if they
    had typed a code, so the second-factor middleware lets them through.
    """
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    if needs_second_factor(person):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=person, confirmed=True).first() or TOTPDevice.objects.create(
            user=person, name="Test phone", confirmed=True
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
