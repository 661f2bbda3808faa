"""The results page, the PDF report and the overview: who may see them, what they show, and their query counts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coproduce.organisations.models import Role
from coproduce.reflect import views
from coproduce.reflect.models import Idea
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory
from tests.reflect.test_results import give, make_round

pytestmark = pytest.mark.django_db


def _results_url(round_) -> str:  # type: ignore[no-untyped-def]
    return reverse("reflect:results", kwargs={"round_id": round_.pk})


def _pdf_url(round_) -> str:  # type: ignore[no-untyped-def]
    return reverse("reflect:report-pdf", kwargs={"round_id": round_.pk})


@pytest.fixture
def answered(organisation, facilitator):  # type: ignore[no-untyped-def]
    round_ = make_round(organisation=organisation, title="Spring look")
    give(round_, "staff", {"assets": (4, None, "green", "We pay people to train us"), "reciprocity": 3}, name="Dora")
    give(
        round_,
        "uses_service",
        {"assets": (1, None, "red", "<script>alert('x')</script> nobody asks"), "reciprocity": 2},
        name="Zebedee Quill",
        anonymous=True,
    )
    return round_


def test_the_facilitator_sees_every_perspective_and_where_people_differ(client_for, facilitator, answered):
    response = client_for(facilitator).get(_results_url(answered))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Spring look</h1>' in html
    assert "Where people see things differently" in html
    assert "People see this differently." in html and "3 points apart" in html
    # Charts are images with a text alternative, each followed by its data table.
    assert html.count('role="img"') == 3  # the RAG grid and a dot plot for each of the two areas
    assert 'aria-labelledby="dots-1-title dots-1-desc"' in html and '<desc id="dots-1-desc">' in html
    assert "RED, AMBER and GREEN given, by area and perspective" in html
    assert "Mostly green" not in html and "All green" in html and "1 red, 0 amber, 1 green" in html
    assert '<th scope="row" class="govuk-table__header">Uses the service</th>' in html
    # Evidence is shown as text, never as markup.
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; nobody asks" in html and "<script>alert" not in html
    assert "Dora" in html


def test_anonymous_names_never_appear_on_the_page_or_in_the_pdf(client_for, facilitator, answered, monkeypatch):
    client = client_for(facilitator)
    html = client.get(_results_url(answered)).content.decode()
    assert "Zebedee" not in html and "Someone (uses the service)" in html

    drawn = {}
    real = views.results.report_pdf_response

    def keep_html(request, context, *, filename):  # type: ignore[no-untyped-def]
        from coproduce.reflect.pdf import report_html

        drawn["html"] = report_html(request, context)
        return real(request, context, filename=filename)

    monkeypatch.setattr(views.results, "report_pdf_response", keep_html)
    response = client.get(_pdf_url(answered))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"Zebedee" not in response.content
    assert "reflection-spring-look-" in response["Content-Disposition"]
    assert "Zebedee" not in drawn["html"] and "Someone (uses the service)" in drawn["html"]
    assert "Reflection report: Spring look" in drawn["html"] and 'role="img"' in drawn["html"]


def test_the_pdf_lists_the_chosen_ideas_and_where_the_plan_lives(client_for, facilitator, answered, monkeypatch):
    Idea.objects.create(round=answered, text="Pay people for their time", text_key="pay", chosen=True)
    captured = {}
    monkeypatch.setattr(
        views.results,
        "report_pdf_response",
        lambda request, context, *, filename: captured.update(context) or views.results.HttpResponse(b"%PDF-"),
    )
    client_for(facilitator).get(_pdf_url(answered))
    from coproduce.reflect.pdf import report_html

    html = report_html(None, captured)  # type: ignore[arg-type]
    assert "Pay people for their time" in html and "lives in Plans" in html
    assert "Who took part" in html and "Each area in detail" in html


def test_a_participant_sees_the_results_and_a_stranger_does_not(client_for, answered, person):
    participant = PersonFactory()
    give(answered, "family", {"assets": 2}, person=participant)
    assert client_for(participant).get(_results_url(answered)).status_code == 200
    assert client_for(participant).get(_pdf_url(answered)).status_code == 200
    assert client_for(person).get(_results_url(answered)).status_code == 403
    assert client_for(person).get(_pdf_url(answered)).status_code == 403
    staff_elsewhere = MembershipFactory(role=Role.FACILITATOR).person
    assert client_for(staff_elsewhere).get(_results_url(answered)).status_code == 403


def test_visitors_are_sent_to_sign_in_and_missing_rounds_are_not_found(client, client_for, facilitator, answered):
    response = client.get(_results_url(answered))
    assert response.status_code == 302 and "sign-in" in response["Location"]
    missing = reverse("reflect:results", kwargs={"round_id": answered.pk + 1000})
    assert client_for(facilitator).get(missing).status_code == 404


def test_a_round_with_no_answers_says_so_plainly(client_for, facilitator, organisation):
    round_ = make_round(organisation=organisation)
    html = client_for(facilitator).get(_results_url(round_)).content.decode()
    assert "No one has answered yet" in html
    assert "<svg" not in html and "Download these results" not in html


def test_each_kind_draws_its_own_chart(client_for, facilitator, organisation):
    client = client_for(facilitator)
    readiness = make_round("readiness", organisation=organisation, subjects=["Commissioners"])
    give(
        readiness,
        "staff",
        {("knowledge", "Commissioners"): (2, 5, "", ""), ("attitude", "Commissioners"): (4, 4, "", "")},
    )
    html = client.get(_results_url(readiness)).content.decode()
    assert 'id="heatmap-title"' in html and "The training these gaps point to" in html
    assert "Plain introductions to co-production." in html and "Time with people who use services." not in html

    ladder = make_round("ladder", organisation=organisation, subjects=["Forum <b>x</b>"])
    give(ladder, "staff", {("rung", "Forum <b>x</b>"): 6})
    html = client.get(_results_url(ladder)).content.decode()
    assert 'id="ladder-title"' in html and "Co-design" in html
    # Names people typed are text in the charts too, never markup.
    assert ">Forum &lt;b&gt;x&lt;/b&gt;</tspan>" in html and "<b>x</b>" not in html

    first = make_round("rating", organisation=organisation, closed=True)
    give(first, "staff", {"connecting": 1, "honest": 2, "creative": 3})
    rating = make_round("rating", organisation=organisation)
    give(rating, "staff", {"connecting": 3, "honest": 2, "creative": 5})
    html = client.get(_results_url(rating)).content.decode()
    assert 'id="radar-title"' in html and 'id="distance-title"' in html
    assert "The first round and this one" in html and 'stroke-dasharray="8 5"' in html


def test_the_results_page_reads_the_same_number_of_queries_however_big(
    client_for, facilitator, organisation, django_assert_max_num_queries
):
    client = client_for(facilitator)
    small = make_round(organisation=organisation, closed=True)
    give(small, "staff", {"assets": 2})
    client.get(_results_url(small))  # warm up: content types, the signed-in person's roles
    with django_assert_max_num_queries(14) as captured:
        assert client.get(_results_url(small)).status_code == 200
    small_count = len(captured.captured_queries)

    big = make_round(organisation=organisation)
    perspectives = ["staff", "uses_service", "family", "manager", "partner", "community"]
    for n in range(36):
        give(big, perspectives[n % 6], {"assets": (1 + n % 4, None, "amber", f"Said {n}"), "reciprocity": 1 + n % 3})
    for _n in range(4):
        give(make_round(organisation=organisation, closed=True), "staff", {"assets": 3})
    big = type(big).objects.get(pk=big.pk)
    with django_assert_max_num_queries(small_count + 1) as captured:  # + the earlier rounds' answers
        html = client.get(_results_url(big)).content.decode()
    assert "Said 35" in html


def test_the_overview_is_for_facilitators_and_admins(client_for, facilitator, place_admin, person):
    assert client_for(person).get(reverse("reflect:overview")).status_code == 403
    assert client_for(facilitator).get(reverse("reflect:overview")).status_code == 200
    assert client_for(place_admin).get(reverse("reflect:overview")).status_code == 200


def test_the_overview_links_only_to_results_the_viewer_may_open(client_for, facilitator, organisation, place_admin):
    ours = make_round(organisation=organisation, closed=True, title="Ours")
    give(ours, "staff", {"assets": 2})
    theirs = make_round(service=ServiceFactory(name="Their lunch club"), closed=True, title="Theirs")
    give(theirs, "staff", {"assets": 3})
    give(theirs, "family", {"assets": 1})

    html = client_for(facilitator).get(reverse("reflect:overview")).content.decode()
    assert f'href="{_results_url(ours)}"' in html and f'href="{_results_url(theirs)}"' not in html
    assert "Their lunch club" in html and "<strong>2</strong> (1 to 3)" in html
    admin_html = client_for(place_admin).get(reverse("reflect:overview")).content.decode()
    assert f'href="{_results_url(theirs)}"' in admin_html

    filtered = client_for(place_admin).get(reverse("reflect:overview"), {"framework": "test-rating"})
    assert "No round with this framework has closed yet." not in filtered.content.decode()  # unknown filter: all
    assert "Their lunch club" in filtered.content.decode()


def test_the_overview_reads_the_same_number_of_queries_however_big(
    client_for, place_admin, django_assert_max_num_queries
):
    client = client_for(place_admin)

    def place(services: int) -> None:
        for _n in range(services):
            service = ServiceFactory()
            for closed in (True, True, False):
                give(make_round(service=service, closed=closed), "staff", {"assets": 2, "reciprocity": 3})

    place(2)
    client.get(reverse("reflect:overview"))
    with django_assert_max_num_queries(14) as captured:
        client.get(reverse("reflect:overview"))
    small_count = len(captured.captured_queries)
    place(15)
    with django_assert_max_num_queries(small_count) as captured:
        html = client.get(reverse("reflect:overview")).content.decode()
    assert len(re.findall(r'<th scope="row"', html)) == 17
