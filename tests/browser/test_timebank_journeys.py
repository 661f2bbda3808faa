"""The timebank, with the keyboard alone: one person offers something on the board, another answers it, they agree
it, say how long it took and the hours count; and a time broker records an exchange from a paper record.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page a journey passes
through is checked with axe as it goes, and the ledger is checked in the database at the end.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Exchange, Listing
from coproduce.timebank.selectors.ledger_check import ledger_problems
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import add_session_cookie
from tests.browser.keyboard import Focused, choose_option, heading, in_nav, press, tab_to
from tests.factories import MembershipFactory, PersonFactory


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


def replace_text(page: Page, text: str) -> None:
    """With focus in a text box that already holds something: select it all and type over it."""
    press(page, "ControlOrMeta+a")
    page.keyboard.type(text)


def balance(person: Person) -> int:
    return Account.objects.get(kind=Account.Kind.PERSON, person=person).balance_minutes


def test_one_person_offers_help_another_takes_it_and_the_hours_count(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    ana = PersonFactory(preferred_name="Ana")
    ben = PersonFactory(preferred_name="Ben")
    title = "Help with a vegetable patch"
    today = timezone.localdate().strftime("%d/%m/%Y")

    # Ana puts an offer on the board.
    ana_page = signed_in_page(make_context, live_server, ana)
    ana_page.goto("/")
    tab_to(ana_page, in_nav("Timebank"))
    press(ana_page, "Enter", navigates=True)
    arrive(ana_page, "Timebank")
    tab_to(ana_page, "Offer something")
    press(ana_page, "Enter", navigates=True)
    arrive(ana_page, "Put something on the board")
    tab_to(ana_page, "Title")
    ana_page.keyboard.type(title)
    tab_to(ana_page, "More about it (optional)")
    ana_page.keyboard.type("Weeding and planting, most Saturday mornings.")
    tab_to(ana_page, "Kind of help")
    choose_option(ana_page, "Gardening")
    tab_to(ana_page, button("Put it on the board"))
    press(ana_page, "Enter", navigates=True)
    arrive(ana_page, title)
    assert "It is on the board." in main_text(ana_page)
    listing = Listing.objects.get(title=title)
    assert listing.kind == Listing.Kind.OFFER and listing.category.name == "Gardening"

    # Ben, in his own browser, finds it on the board and asks for it.
    ben_page = signed_in_page(make_context, live_server, ben)
    ben_page.goto("/")
    tab_to(ben_page, in_nav("Timebank"))
    press(ben_page, "Enter", navigates=True)
    arrive(ben_page, "Timebank")
    tab_to(ben_page, in_main(title))
    press(ben_page, "Enter", navigates=True)
    arrive(ben_page, title)
    tab_to(ben_page, button("I’d like this"))
    press(ben_page, "Enter", navigates=True)
    arrive(ben_page, title)
    assert "We have let them know." in main_text(ben_page)

    # Ana agrees to it, and afterwards says how long it took.
    tab_to(ana_page, "See my exchanges")
    press(ana_page, "Enter", navigates=True)
    arrive(ana_page, "My exchanges")
    tab_to(ana_page, in_main(title))
    press(ana_page, "Enter", navigates=True)
    arrive(ana_page, title)
    tab_to(ana_page, button("Yes, let’s do it"))
    press(ana_page, "Enter", navigates=True)
    arrive(ana_page, title)
    assert "You have agreed." in main_text(ana_page)
    tab_to(ana_page, "How long did it take?")
    ana_page.keyboard.type("1h30")
    tab_to(ana_page, "When did it happen?")
    replace_text(ana_page, today)
    tab_to(ana_page, button("Save"))
    press(ana_page, "Enter", navigates=True)
    arrive(ana_page, title)
    assert "The hours will count when the other side confirms" in main_text(ana_page)

    # Ben confirms the same time, and the hours count.
    tab_to(ben_page, "My exchanges")
    press(ben_page, "Enter", navigates=True)
    arrive(ben_page, "My exchanges")
    tab_to(ben_page, in_main(title))
    press(ben_page, "Enter", navigates=True)
    arrive(ben_page, title)
    assert "The other side says it took" in main_text(ben_page)
    tab_to(ben_page, button("Confirm"))
    press(ben_page, "Enter", navigates=True)
    arrive(ben_page, title)
    assert "has counted" in main_text(ben_page)

    exchange = Exchange.objects.get(listing=listing)
    assert exchange.minutes == 90 and exchange.transfer is not None
    assert balance(ana) == 90
    assert balance(ben) == -90
    assert list(ledger_problems()) == []


def test_a_time_broker_records_an_exchange_from_a_paper_record(page: Page, live_server: LiveServer) -> None:
    broker = MembershipFactory(role=Role.TIME_BROKER, person__preferred_name="Bea").person
    cora = PersonFactory(preferred_name="Cora")
    dev = PersonFactory(preferred_name="Dev")
    what = "Lift to the memory clinic"
    add_session_cookie(page.context, live_server, broker)
    page.goto("/")

    tab_to(page, in_nav("Timebank"))
    press(page, "Enter", navigates=True)
    arrive(page, "Timebank")
    tab_to(page, in_nav("Record for someone"))
    press(page, "Enter", navigates=True)
    arrive(page, "Record time for someone")
    tab_to(page, "Who gave the time")
    choose_option(page, "Cora")
    tab_to(page, "Who received it")
    choose_option(page, "Dev")
    tab_to(page, "What was it?")
    page.keyboard.type(what)
    tab_to(page, "Kind of help")
    choose_option(page, "Transport and lifts")
    tab_to(page, "How long was it?")
    page.keyboard.type("2 hours")
    tab_to(page, "When did it happen?")
    replace_text(page, timezone.localdate().strftime("%d/%m/%Y"))
    tab_to(page, button("Record it"))
    press(page, "Enter", navigates=True)
    arrive(page, "Record time for someone")
    assert "Recorded: Cora gave Dev 2" in main_text(page)
    assert "It has counted." in main_text(page)

    exchange = Exchange.objects.get(description=what)
    assert exchange.minutes == 120 and exchange.brokered_by == broker and exchange.transfer is not None
    assert balance(cora) == 120
    assert balance(dev) == -120
    assert list(ledger_problems()) == []
