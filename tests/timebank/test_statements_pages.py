import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.organisations.models import Role
from coproduce.timebank.models import Category
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person, account_for_service
from coproduce.timebank.views import statements as statement_views
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory
from tests.timebank.statements_helpers import give, group_activity, recorded_on, unlimited

pytestmark = pytest.mark.django_db


class _TableCells(HTMLParser):
    """The text of each body row of the statement table."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_table = self._in_body = self._in_cell = False
        self._hint_depth = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "table" and "cp-statement" in classes:
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._in_cell = True
            self.rows[-1].append("")
        elif self._in_cell and tag == "span" and "govuk-hint" in classes:
            self._hint_depth += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = self._in_body = False
        elif tag == "td":
            self._in_cell = False
        elif tag == "span" and self._hint_depth:
            self._hint_depth -= 1

    def handle_data(self, data):
        if self._in_cell and not self._hint_depth:
            self.rows[-1][-1] = " ".join((self.rows[-1][-1] + " " + data).split())


def screen_rows(response) -> list[list[str]]:
    parser = _TableCells()
    parser.feed(response.content.decode())
    return parser.rows


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def rosa_and_ben(person):
    rosa = account_for_person(person)
    ben = account_for_person(PersonFactory(preferred_name="Ben"))
    return rosa, ben


def test_my_statement_shows_my_balance_and_lines_newest_first(client_for, person, rosa_and_ben):
    rosa, ben = rosa_and_ben
    cooking = Category.objects.get(name="Cooking and food")
    with recorded_on(date(2025, 2, 3)):
        give(rosa, ben, 90, description="Batch cooking", category=cooking)
    with recorded_on(date(2025, 2, 10)):
        give(ben, rosa, 30, description="Fixed the gate", occurred_on=date(2025, 2, 8))

    response = client_for(person).get("/timebank/statement/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your balance is <strong>1h</strong>" in html
    assert screen_rows(response) == [
        ["10 Feb 2025", "Fixed the gate", "–", "Ben", "", "30m", "1h"],
        ["3 Feb 2025", "Batch cooking", "Cooking and food", "Ben", "1h 30m", "", "1h 30m"],
    ]
    assert "Happened on 8 Feb 2025" in html
    assert 'role="region"' in html and 'scope="col"' in html and "<caption" in html


def test_someone_else_sees_only_their_own_statement(client, client_for, rosa_and_ben):
    rosa, ben = rosa_and_ben
    give(rosa, ben, 60, description="Rosa’s secret errand")
    other = PersonFactory(preferred_name="Zed")

    response = client_for(other).get("/timebank/statement/")

    assert response.status_code == 200
    assert "Rosa’s secret errand" not in response.content.decode()
    assert "Nothing yet" in response.content.decode()
    assert client.get("/timebank/statement/").status_code == 302
    assert client.get("/timebank/statement.csv").status_code == 302


def test_the_csv_has_every_line_of_the_period_as_on_screen(client_for, person, rosa_and_ben, monkeypatch):
    rosa, ben = rosa_and_ben
    monkeypatch.setattr(statement_views, "PAGE_SIZE", 3)
    for day in range(1, 8):
        with recorded_on(date(2025, 3, day)):
            give(rosa, ben, 10 * day, description=f"=HYPERLINK(day {day})" if day == 4 else f"Day {day}")
    with recorded_on(date(2025, 3, 20)):
        give(ben, rosa, 15, description="Outside the period")
    client = client_for(person)
    query = "?from=2%2F3%2F2025&to=6+March+2025"

    pages = [screen_rows(client.get(f"/timebank/statement/{query}&page={n}")) for n in (1, 2)]
    response = client.get(f"/timebank/statement.csv{query}")

    assert response["Content-Type"].startswith("text/csv")
    assert "statement-from-2025-03-02-to-2025-03-06.csv" in response["Content-Disposition"]
    heading, *rows = csv_rows(response)
    assert heading[:8] == [
        "Date recorded",
        "When it happened",
        "Description",
        "Category",
        "Other side",
        "In",
        "Out",
        "Balance after",
    ]
    on_screen = pages[0] + pages[1]
    assert len(rows) == len(on_screen) == 5
    for shown, written in zip(on_screen, rows, strict=True):
        assert date.fromisoformat(written[0]).strftime("%-d %b %Y") == shown[0]
        assert [written[2].removeprefix("'"), written[3] or "–", written[4]] == shown[1:4]
        assert written[5:8] == shown[4:7]
    # A description that looks like a spreadsheet formula is written as text.
    assert rows[2][2] == "'=HYPERLINK(day 4)"
    # Minutes too, for sums in a spreadsheet: the oldest line (2 March) and the newest (6 March).
    assert (rows[-1][8], rows[-1][10]) == ("20", str(10 + 20))
    assert (rows[0][8], rows[0][10]) == ("60", str(10 + 20 + 30 + 40 + 50 + 60))


def test_the_pdf_renders_with_the_place_account_period_and_totals(client_for, person, rosa_and_ben):
    rosa, ben = rosa_and_ben
    with recorded_on(date(2025, 1, 15)):
        give(rosa, ben, 75, description="Reading to Ben")

    response = client_for(person).get("/timebank/statement.pdf?from=1/1/2025&to=31/1/2025")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "statement-from-2025-01-01-to-2025-01-31.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-") and len(response.content) > 3000
    try:
        from pypdf import PdfReader
    except ImportError:
        return
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in ("Rosa", "1 January 2025", "Reading to Ben", "1h 15m"):
        assert expected in text


def test_a_pdf_too_long_to_draw_sends_people_to_a_shorter_period(client_for, person, rosa_and_ben, monkeypatch):
    rosa, ben = rosa_and_ben
    monkeypatch.setattr(statement_views, "PDF_MAX_LINES", 2)
    for _ in range(3):
        give(rosa, ben, 10)
    response = client_for(person).get("/timebank/statement.pdf", follow=True)
    assert response.redirect_chain[-1][0] == "/timebank/statement/"
    assert "too many for one PDF" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"from": "31/02/2025"}, "Enter a real date"),
        ({"from": "next tuesday", "to": "1/3/2025"}, "Enter a real date"),
        ({"from": "10/3/2025", "to": "1/3/2025"}, "must be the same as or after"),
        ({"to": "1/1/1999"}, "between the years 2000 and 2099"),
        ({"from": "<script>alert(1)</script>"}, "Enter a real date"),
        ({"to": "9" * 500}, "Enter a real date"),
    ],
)
def test_bad_dates_are_explained_and_what_was_typed_stays(client_for, person, rosa_and_ben, typed, message):
    rosa, ben = rosa_and_ben
    give(rosa, ben, 60, description="Not shown while the dates are wrong")
    for path in ("/timebank/statement/", "/timebank/statement.csv", "/timebank/statement.pdf"):
        response = client_for(person).get(path, typed)
        html = response.content.decode()
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert "There is a problem" in html and message in html
        assert html.count(message) >= 2  # at the top and beside the field
        assert "<title>Error:" in html
        for value in typed.values():
            escaped = value.replace("<", "&lt;").replace(">", "&gt;")
            assert f'value="{escaped}"' in html
        assert "<script>alert" not in html
        assert "Not shown while the dates are wrong" not in html


def test_organisation_statements_are_for_its_staff_admins_facilitators_and_place_admins(
    client, client_for, organisation, facilitator, org_admin, place_admin
):
    account = unlimited(account_for_organisation(organisation))
    give(account, account_for_person(PersonFactory()), 120, description="Room hire for the choir")
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).person
    elsewhere = MembershipFactory(role=Role.FACILITATOR).person
    base = f"/timebank/organisations/{organisation.slug}/statement"

    for allowed in (staff, org_admin, facilitator, place_admin):
        client = client_for(allowed)
        response = client.get(f"{base}/")
        assert response.status_code == 200, allowed
        assert "Room hire for the choir" in response.content.decode()
        assert client.get(f"{base}.csv").status_code == 200
    for refused in (member, elsewhere, PersonFactory()):
        for suffix in ("/", ".csv", ".pdf"):
            assert client_for(refused).get(f"{base}{suffix}").status_code == 403, (refused, suffix)
    assert client_for(place_admin).get("/timebank/organisations/no-such-place/statement/").status_code == 404


def test_my_statement_links_to_the_organisations_i_may_see(client_for, organisation):
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    html = client_for(staff).get("/timebank/statement/").content.decode()
    assert "Other statements you can see" in html
    assert f"/timebank/organisations/{organisation.slug}/statement/" in html
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).person
    assert "Other statements you can see" not in client_for(member).get("/timebank/statement/").content.decode()


def test_a_service_statement_follows_its_organisation(client_for, organisation, org_admin):
    service = ServiceFactory(organisation=organisation, name="Tuesday Lunch Club")
    account = unlimited(account_for_service(service))
    give(account_for_person(PersonFactory(preferred_name="Cook")), account, 180, description="Cooked lunch")
    url = f"/timebank/services/{service.pk}/statement/"

    response = client_for(org_admin).get(url)
    assert response.status_code == 200
    assert "Cooked lunch" in response.content.decode() and "Cook" in response.content.decode()
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).person
    assert client_for(member).get(url).status_code == 403
    assert client_for(org_admin).get("/timebank/services/999999/statement/").status_code == 404


def test_pages_of_fifty_and_an_unknown_page_shows_the_last(client_for, person, rosa_and_ben):
    rosa, ben = rosa_and_ben
    for n in range(51):
        give(rosa, ben, 1 + n % 5)
    client = client_for(person)
    first = client.get("/timebank/statement/")
    assert len(screen_rows(first)) == 50 and "Page 1 of 2" in first.content.decode()
    last = screen_rows(client.get("/timebank/statement/?page=2"))
    assert last == screen_rows(client.get("/timebank/statement/?page=999"))
    assert len(last) == 1 and last[0][-1] == "1m"


def _queries(client, url: str) -> int:
    client.get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_statement_pages_query_count_does_not_grow_with_history(client_for, organisation, org_admin):
    account = unlimited(account_for_organisation(organisation))
    people = [account_for_person(PersonFactory()) for _ in range(6)]
    mine = account_for_person(org_admin)
    client = client_for(org_admin)
    urls = ["/timebank/statement/", f"/timebank/organisations/{organisation.slug}/statement/"]

    give(mine, account, 60)
    group_activity(account, people[:2], 30)
    small = [_queries(client, url) for url in urls]
    for n in range(60):
        give(mine, people[n % 6], 5 + n)
        group_activity(account, [*people, mine], 15)
        give(people[n % 6], account, 20)
    large = [_queries(client, url) for url in urls]

    assert small == large
    assert max(large) <= 20


def test_statement_dates_in_the_address_can_be_bookmarked(client_for, person, rosa_and_ben):
    rosa, ben = rosa_and_ben
    with recorded_on(date(2025, 6, 2)):
        give(rosa, ben, 60, description="June help")
    with recorded_on(date(2025, 7, 2)):
        give(rosa, ben, 60, description="July help")
    html = client_for(person).get("/timebank/statement/?from=1+June+2025&to=30%2F06%2F2025").content.decode()
    assert "June help" in html and "July help" not in html
    assert "From 1 June 2025 to 30 June 2025" in html
    assert re.search(r'href="/timebank/statement\.csv\?from=1\+June\+2025&amp;to=30%2F06%2F2025"', html)
