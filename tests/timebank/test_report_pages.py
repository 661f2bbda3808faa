import io
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.timebank.models import Category, HoursGivenCheckpoint, TimebankSettings
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.ledger import timebank_settings
from coproduce.timebank.views import report as report_views
from tests.factories import MembershipFactory, PersonFactory
from tests.timebank.statements_helpers import give, group_activity, recorded_on, unlimited

pytestmark = pytest.mark.django_db


def _some_hours(n: int = 1) -> None:
    uses = PersonFactory()
    MembershipFactory(person=uses, role=Role.USES_SERVICE)
    a, b = account_for_person(uses), unlimited(account_for_person(PersonFactory()))
    garden = Category.objects.get(name="Gardening")
    today = timezone.localdate()
    for i in range(n):
        give(a, b, 60 + i, category=garden, occurred_on=today - timedelta(days=31 * (i % 12)))
        give(b, a, 30, occurred_on=today)


def test_the_report_is_for_facilitators_org_admins_and_place_admins(
    client, client_for, facilitator, org_admin, place_admin, organisation
):
    _some_hours()
    for allowed in (facilitator, org_admin, place_admin):
        assert client_for(allowed).get("/timebank/report/").status_code == 200
    plain = PersonFactory()
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    broker = MembershipFactory(organisation=organisation, role=Role.TIME_BROKER).person
    for refused in (plain, staff, broker):
        assert client_for(refused).get("/timebank/report/").status_code == 403
        assert client_for(refused).get("/timebank/report.pdf").status_code == 403
    assert client.get("/timebank/report/").status_code == 302


def test_the_chart_is_accessible_and_never_alone(client_for, facilitator):
    _some_hours(3)
    html = client_for(facilitator).get("/timebank/report/").content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="hours-chart-title hours-chart-desc"' in svg
    assert '<title id="hours-chart-title">Hours given each month</title>' in svg
    assert re.search(r'<desc id="hours-chart-desc">A bar for each month from .+ The same figures are in the table', svg)
    assert svg.count("<rect") == 12
    # The data table sits right after the chart, one row per month and a total.
    after = html[html.index("</svg>") :]
    table = after[: after.index("</table>")]
    assert "The figures in the chart" in table and table.count('<th scope="row"') == 13
    assert "People who use services gave" in html
    assert "timebank/statements.css" in html


def test_the_estimate_appears_only_when_a_rate_is_set_and_says_it_is_an_estimate(client_for, place_admin):
    _some_hours()
    client = client_for(place_admin)
    html = client.get("/timebank/report/").content.decode()
    assert "Estimated value" not in html and "£" not in html
    assert "No rate is set" in html

    settings = timebank_settings()
    settings.value_pence_per_hour = 1260
    settings.save()
    html = client.get("/timebank/report/").content.decode()
    # 60 + 30 minutes given: at £12.60 an hour, £18.90, shown to the pound.
    assert "Estimated value (an estimate: hours × £12.60 an hour, the rate the place chose)" in html
    assert ">£19</span>" in html


def test_the_report_pdf_renders_with_its_chart(client_for, facilitator):
    _some_hours(2)
    response = client_for(facilitator).get("/timebank/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 5000
    try:
        from pypdf import PdfReader
    except ImportError:
        return
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Hours given each month" in text and "Gardening" in text


def test_the_report_prints_without_menus():
    from pathlib import Path

    import coproduce.timebank

    css = (Path(coproduce.timebank.__file__).parent / "static/timebank/statements.css").read_text()
    assert "@media print" in css and ".govuk-service-navigation" in css


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_report_query_count_does_not_grow_with_the_ledger(client_for, place_admin):
    client = client_for(place_admin)
    _some_hours(1)
    small = _queries(client, "/timebank/report/")
    _some_hours(40)
    organisation = unlimited(account_for_organisation(MembershipFactory().organisation))
    group_activity(organisation, [account_for_person(PersonFactory()) for _ in range(15)], 60)
    large = _queries(client, "/timebank/report/")
    assert small == large <= 20


def test_a_long_live_tail_is_rolled_into_the_stored_totals(client_for, facilitator, monkeypatch):
    monkeypatch.setattr(report_views, "ROLL_FORWARD_AFTER", 1)
    cache.clear()
    with recorded_on(timezone.localdate() - timedelta(days=2)):
        _some_hours(3)
    before = client_for(facilitator).get("/timebank/report/").content.decode()
    assert HoursGivenCheckpoint.objects.get().entries_through_id > 0  # the task ran (at once, in tests)
    after = client_for(facilitator).get("/timebank/report/").content.decode()
    table = re.compile(r"<table.*?</table>", re.S)
    assert table.findall(before) == table.findall(after)


def test_place_admins_set_the_limit_and_the_rate_and_it_is_audited(client_for, place_admin, facilitator):
    assert client_for(facilitator).get("/timebank/settings/").status_code == 403
    assert client_for(facilitator).post("/timebank/settings/", {"limit_hours": "1"}).status_code == 403
    client = client_for(place_admin)
    form = client.get("/timebank/settings/").content.decode()
    assert 'value="10"' in form  # the starting limit, −10 hours

    response = client.post("/timebank/settings/", {"limit_hours": "7.5", "value_pounds_per_hour": "12.60"})

    assert response.status_code == 302 and response["Location"] == "/timebank/report/"
    saved = TimebankSettings.objects.get()
    assert (saved.min_balance_minutes, saved.value_pence_per_hour) == (-450, 1260)
    audit = AuditEntry.objects.get(action="timebank.settings_update")
    assert audit.actor == place_admin and audit.detail["after"]["value_pence_per_hour"] == 1260
    form = client.get("/timebank/settings/").content.decode()
    assert 'value="7.50"' in form and 'value="12.60"' in form

    client.post("/timebank/settings/", {"limit_hours": "10", "value_pounds_per_hour": ""})
    assert TimebankSettings.objects.get().value_pence_per_hour is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"limit_hours": "", "value_pounds_per_hour": "12"}, "Enter a number of hours"),
        ({"limit_hours": "ten", "value_pounds_per_hour": ""}, "Enter a number of hours"),
        ({"limit_hours": "-5", "value_pounds_per_hour": ""}, "of 0 or more"),
        ({"limit_hours": "10", "value_pounds_per_hour": "<b>£12</b>"}, "Enter an amount in pounds"),
        ({"limit_hours": "10", "value_pounds_per_hour": "12.555"}, "pounds and pence"),
        ({"limit_hours": "10", "value_pounds_per_hour": "0"}, "at least 1p"),
        ({"limit_hours": "1" * 300, "value_pounds_per_hour": ""}, "1,000 hours or fewer"),
    ],
)
def test_bad_settings_are_explained_and_keep_what_was_typed(client_for, place_admin, typed, message):
    response = client_for(place_admin).post("/timebank/settings/", typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    for value in typed.values():
        if value:
            assert f'value="{value.replace("<", "&lt;").replace(">", "&gt;")}"' in html
    assert "<b>£12</b>" not in html
    assert TimebankSettings.objects.get().min_balance_minutes == -600
    assert not AuditEntry.objects.filter(action="timebank.settings_update").exists()


def test_report_links_to_settings_only_for_place_admins(client_for, place_admin, facilitator):
    assert "/timebank/settings/" in client_for(place_admin).get("/timebank/report/").content.decode()
    assert "/timebank/settings/" not in client_for(facilitator).get("/timebank/report/").content.decode()


def test_the_report_uses_the_places_months(client_for, facilitator):
    html = client_for(facilitator).get("/timebank/report/").content.decode()
    today = timezone.localdate()
    assert today.strftime("%B %Y") in html
    first = date(today.year - (1 if today.month < 12 else 0), today.month % 12 + 1, 1)
    assert first.strftime("%B %Y") in html
