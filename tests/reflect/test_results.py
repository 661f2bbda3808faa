"""round_results and maturity_overview: every perspective kept apart, differences named, a fixed number of queries.

These tests load small framework files of their own, one of each kind, so they do not move when the bundled
frameworks are reworded.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from coproduce.reflect.charts import round_charts
from coproduce.reflect.models import Answer, Idea, Participant, ReflectionRound
from coproduce.reflect.selectors.results import (
    HISTORY_SHOWN,
    Spread,
    maturity_overview,
    median_of,
    overview_frameworks,
    round_results,
)
from coproduce.reflect.services.frameworks import framework_load
from tests.factories import OrganisationFactory, PersonFactory, ServiceFactory

pytestmark = pytest.mark.django_db

_HEAD = """format: coproduce-framework/1
slug: {slug}
version: "1"
title: {title}
summary: A small framework for tests.
credit: Written for the tests.
kind: {kind}
"""


def _dimension(key: str, title: str, training: str = "") -> str:
    text = f"  - key: {key}\n    title: {title}\n    question: How is it?\n    easy_read: How is it?\n"
    return text + (f"    training: {training}\n" if training else "")


def _scale(labels: list[str]) -> str:
    return "scale:\n" + "".join(f"  - value: {n}\n    label: {label}\n" for n, label in enumerate(labels, 1))


STAGES = (
    _HEAD.format(slug="test-stages", title="Test stages", kind="stages")
    + "rag: true\n"
    + _scale(["Not yet", "Basics", "Getting there", "Really well"])
    + "dimensions:\n"
    + _dimension("assets", "People as assets")
    + _dimension("reciprocity", "Give and get")
)
RATING = (
    _HEAD.format(slug="test-rating", title="Test competencies", kind="rating")
    + _scale(["Rarely", "Sometimes", "Often", "Usually", "Always"])
    + "dimensions:\n"
    + _dimension("connecting", "Connecting")
    + _dimension("honest", "Open and honest")
    + _dimension("creative", "Creative")
)
READINESS = (
    _HEAD.format(slug="test-readiness", title="Test readiness", kind="readiness")
    + "subjects:\n  label: Groups\n  easy_read: Groups\n"
    + _scale(["Not ready", "A little", "Partly", "Mostly", "Fully"])
    + "dimensions:\n"
    + _dimension("knowledge", "Knowledge", training="Plain introductions to co-production.")
    + _dimension("attitude", "Attitude", training="Time with people who use services.")
)
LADDER = (
    _HEAD.format(slug="test-ladder", title="Test ladder", kind="ladder")
    + "subjects:\n  label: Activities\n  easy_read: Things we did\n"
    + _scale(["Coercion", "Educating", "Informing", "Consulting", "Engaging", "Co-design", "Co-production"])
    + "dimensions:\n"
    + _dimension("rung", "Rung")
)
FRAMEWORKS = {"stages": STAGES, "rating": RATING, "readiness": READINESS, "ladder": LADDER}
_when = count()


def framework(kind: str):  # type: ignore[no-untyped-def]
    return framework_load(actor=None, text=FRAMEWORKS[kind])


def make_round(kind: str = "stages", *, organisation=None, service=None, closed: bool = False, subjects=(), **kw):  # type: ignore[no-untyped-def]
    """A round opened a little later than the one before, so "earlier" is never a tie."""
    organisation = organisation or (service.organisation if service else OrganisationFactory())
    opened = timezone.now() - timedelta(days=400) + timedelta(days=next(_when))
    round_ = ReflectionRound.objects.create(
        framework=framework(kind),
        organisation=organisation,
        service=service,
        title=kw.pop("title", f"Round {opened:%d %b}"),
        subjects=list(subjects),
        opened_by=PersonFactory(),
        **kw,
    )
    ReflectionRound.objects.filter(pk=round_.pk).update(
        opened_at=opened, closed_at=opened + timedelta(days=5) if closed else None
    )
    round_.refresh_from_db()
    return round_


def give(round_, perspective: str, answers: dict, *, name: str = "", anonymous: bool = False, person=None):  # type: ignore[no-untyped-def]
    """One participant's answers: {dimension or (dimension, subject): value or (value, target, rag, evidence)}."""
    participant = Participant.objects.create(
        round=round_,
        person=person,
        name=name,
        perspective=perspective,
        anonymous=anonymous,
        channel=Participant.Channel.SCREEN,
        submitted_at=timezone.now(),
    )
    rows = []
    for where, given in answers.items():
        dimension, subject = where if isinstance(where, tuple) else (where, "")
        value, target, rag, evidence = given if isinstance(given, tuple) else (given, None, "", "")
        rows.append(
            Answer(
                participant=participant,
                dimension=dimension,
                subject=subject,
                value=value,
                target=target,
                rag=rag,
                evidence=evidence,
            )
        )
    Answer.objects.bulk_create(rows)
    return participant


def test_median_of_counts():
    assert median_of({}) is None
    assert median_of({3: 1}) == 3
    assert median_of({1: 1, 4: 1}) == 2.5
    assert median_of({1: 2, 2: 1, 4: 4}) == 4
    assert median_of({1: 2, 2: 2}) == 1.5
    assert Spread.of([3, None, 1, 4]).values == (1, 3, 4)
    assert Spread.of([3, None, 1, 4]).dont_know == 1
    assert Spread.of([3, None, 1, 4]).median_text == "3"
    assert Spread.of([]).median_text == "–"


def test_each_perspective_kept_apart_with_its_median_spread_and_dont_knows():
    round_ = make_round()
    give(round_, "staff", {"assets": (4, None, "green", ""), "reciprocity": 3})
    give(round_, "staff", {"assets": (3, None, "green", ""), "reciprocity": 3})
    give(round_, "uses_service", {"assets": (1, None, "red", "Nobody asks us"), "reciprocity": 3})
    give(round_, "uses_service", {"assets": (None, None, "", ""), "reciprocity": 2})

    results = round_results(round_)

    assert [label for _value, label in results.perspectives] == ["Uses the service", "Staff or volunteer"]
    assets = results.cell("assets")
    uses, staff = assets.perspectives
    assert (uses.now.values, uses.now.dont_know, uses.now.median) == ((1,), 1, 1)
    assert (staff.now.values, staff.now.median) == ((3, 4), 3.5)
    assert (assets.everyone.values, assets.everyone.lowest, assets.everyone.highest) == ((1, 3, 4), 1, 4)
    assert assets.everyone.dont_know == 1
    assert (assets.rag.red, assets.rag.amber, assets.rag.green) == (1, 0, 2)
    assert (staff.rag.green, uses.rag.red) == (2, 1)
    # Three points apart, and both RED and GREEN: both reasons are named.
    assert assets.differs and len(assets.differences) == 2
    assert "3 points apart" in assets.differences[0] and "1 – Not yet" in assets.differences[0]
    # One point apart is close enough.
    assert not results.cell("reciprocity").differs
    assert results.differing == [assets]
    assert results.answered == 4 and results.has_answers


def test_quotes_carry_each_label_and_never_an_anonymous_name():
    round_ = make_round()
    give(round_, "staff", {"assets": (2, None, "amber", "We ask, then forget")}, name="Dora Named")
    give(round_, "family", {"assets": (2, None, "", "Mum is never asked")}, name="Secret Sam", anonymous=True)
    signed_in = PersonFactory(preferred_name="Hidden Hana")
    give(round_, "manager", {"assets": (3, None, "", "Improving")}, person=signed_in, anonymous=True)

    quotes = round_results(round_).cell("assets").quotes

    labels = [quote.label for quote in quotes]
    assert labels == ["Someone (family or carer)", "Dora Named", "Someone (manager or commissioner)"]
    assert [quote.text for quote in quotes] == ["Mum is never asked", "We ask, then forget", "Improving"]
    assert quotes[1].answer == "2 – Basics" and quotes[1].rag == "amber"


def test_a_round_with_no_answers_says_so_and_draws_nothing():
    round_ = make_round()
    Participant.objects.create(round=round_, name="Invited", perspective="staff")
    results = round_results(round_)
    assert not results.has_answers and results.invited == 1 and results.answered == 0
    charts = round_charts(results)
    assert charts.dots == {} and charts.rag is None and charts.distance is None


def test_distance_travelled_compares_earlier_closed_rounds_of_the_same_service_and_framework():
    service = ServiceFactory()
    first = make_round(service=service, closed=True, title="First")
    give(first, "staff", {"assets": 1, "reciprocity": 2})
    give(first, "staff", {"assets": 2, "reciprocity": 2})
    # Not part of the journey: still open, another service of the same organisation, the organisation as a whole,
    # and another framework.
    give(make_round(service=service), "staff", {"assets": 4})
    give(make_round(service=ServiceFactory(organisation=service.organisation), closed=True), "staff", {"assets": 4})
    give(make_round(organisation=service.organisation, closed=True), "staff", {"assets": 4})
    give(make_round("rating", service=service, closed=True), "staff", {"connecting": 5})
    middle = make_round(service=service, closed=True, title="Middle")
    give(middle, "staff", {"assets": 3, "reciprocity": 2})
    now = make_round(service=service, title="Now")
    give(now, "staff", {"assets": 4, "reciprocity": 1})
    give(now, "family", {"assets": 3, "reciprocity": 1})
    later = make_round(service=service, closed=True)
    give(later, "staff", {"assets": 1})

    history = round_results(now).history

    assert [past.title for past in history.rounds] == ["First", "Middle", "Now"]
    assert history.has_earlier and history.earlier_total == 2 and history.skipped == 0
    assets, reciprocity = history.rows
    assert assets.medians == [1.5, 3, 3.5] and assets.change == 2
    assert reciprocity.medians == [2, 2, 1] and reciprocity.change_text == "-1"


def test_distance_travelled_keeps_the_first_round_when_there_are_many():
    organisation = OrganisationFactory()
    rounds = [make_round(organisation=organisation, closed=True, title=f"R{n}") for n in range(HISTORY_SHOWN + 3)]
    for n, round_ in enumerate(rounds):
        give(round_, "staff", {"assets": 1 + n % 4})
    history = round_results(rounds[-1]).history
    assert len(history.rounds) == HISTORY_SHOWN
    assert history.rounds[0].title == "R0" and history.rounds[-1].is_this
    assert history.skipped == len(rounds) - HISTORY_SHOWN


def test_rating_radar_overlays_the_first_round_on_this_one():
    organisation = OrganisationFactory()
    first = make_round("rating", organisation=organisation, closed=True)
    give(first, "staff", {"connecting": 1, "honest": 2, "creative": 2})
    now = make_round("rating", organisation=organisation)
    give(now, "staff", {"connecting": 4, "honest": 2, "creative": None})
    results = round_results(now)
    charts = round_charts(results)
    assert results.shows_radar and charts.radar is not None and charts.radar.first is not None
    assert [row.first for row in results.history.rows] == [1, 2, 2]
    assert [row.now for row in results.history.rows] == [4, 2, None]
    assert len(charts.radar.latest.corners) == 3 and len(charts.radar.rings) == 5
    # The first round of all has nothing to overlay.
    assert round_charts(round_results(first)).radar.first is None


def test_readiness_heatmap_and_the_training_it_implies():
    round_ = make_round("readiness", subjects=["Commissioners", "Carers"])
    give(
        round_,
        "staff",
        {
            ("knowledge", "Commissioners"): (2, 5, "", ""),
            ("attitude", "Commissioners"): (3, 4, "", ""),
            ("knowledge", "Carers"): (4, 4, "", ""),
            ("attitude", "Carers"): (2, 4, "", ""),
        },
    )
    give(
        round_, "uses_service", {("knowledge", "Commissioners"): (1, 5, "", ""), ("attitude", "Carers"): (3, 4, "", "")}
    )

    results = round_results(round_)

    knowing = results.cell("knowledge", "Commissioners")
    assert (knowing.everyone.median, knowing.need.median, knowing.gap) == (1.5, 5, 3.5)
    assert results.cell("knowledge", "Carers").gap == 0
    needs = [(need.subject, need.dimension.key, need.gap) for need in results.training_needs]
    assert needs == [("Commissioners", "knowledge", 3.5), ("Carers", "attitude", 1.5), ("Commissioners", "attitude", 1)]
    assert results.training_needs[0].dimension.training == "Plain introductions to co-production."
    heat = round_charts(results).heatmap
    assert heat is not None and len(heat.cells) == 4
    assert heat.cells[0].text.lines == ("now 1.5, need 5", "gap +3.5")


def test_ladder_gives_each_activity_its_median_rung_and_range():
    round_ = make_round("ladder", subjects=["Forum", "Consultation", "Not answered"])
    give(round_, "staff", {("rung", "Forum"): 6, ("rung", "Consultation"): 4})
    give(round_, "uses_service", {("rung", "Forum"): 3, ("rung", "Consultation"): 4})
    give(round_, "family", {("rung", "Forum"): 5})
    results = round_results(round_)
    assert results.subjects == ["Forum", "Consultation", "Not answered"]
    forum = results.cell("rung", "Forum").everyone
    assert (forum.median, forum.lowest, forum.highest) == (5, 3, 6)
    ladder = round_charts(results).ladder
    assert ladder is not None and [row.note.lines for row in ladder.rows] == [("Engaging",), ("Consulting",), ("–",)]
    assert ladder.rows[2].median_x is None


def test_chosen_ideas_are_listed():
    round_ = make_round()
    Idea.objects.create(round=round_, text="Pay people for their time", text_key="pay", chosen=True)
    Idea.objects.create(round=round_, text="A newsletter", text_key="news", chosen=False)
    assert round_results(round_).chosen_ideas == ["Pay people for their time"]


def _grow(round_, people: int) -> None:
    perspectives = ["staff", "uses_service", "family", "manager", "partner", "community"]
    for n in range(people):
        give(round_, perspectives[n % 6], {"assets": (1 + n % 4, None, "red", f"Said {n}"), "reciprocity": 2})


def test_round_results_reads_the_same_number_of_queries_however_big(django_assert_num_queries):
    organisation = OrganisationFactory()
    first = make_round(organisation=organisation, closed=True)
    _grow(first, 2)
    for _n in range(5):
        _grow(make_round(organisation=organisation, closed=True), 8)
    big = make_round(organisation=organisation)
    _grow(big, 30)
    first = ReflectionRound.objects.select_related("framework").get(pk=first.pk)
    big = ReflectionRound.objects.select_related("framework").get(pk=big.pk)
    # Participants, answers, chosen ideas, earlier rounds; and the earlier rounds' answers only when there are some.
    with django_assert_num_queries(4):
        assert round_results(first).answered == 2
    with django_assert_num_queries(5):
        results = round_results(big)
    assert results.history.earlier_total == 6 and results.answered == 30


def test_maturity_overview_shows_each_services_latest_closed_round():
    service = ServiceFactory(name="Day centre")
    old = make_round(service=service, closed=True)
    give(old, "staff", {"assets": 1})
    latest = make_round(service=service, closed=True, title="Latest")
    give(latest, "staff", {"assets": 2, "reciprocity": None})
    give(latest, "family", {"assets": 4, "reciprocity": 3})
    give(make_round(service=service), "staff", {"assets": 4})  # still open: not yet counted
    whole = make_round(organisation=service.organisation, closed=True, title="Whole organisation")
    give(whole, "staff", {"assets": 3})
    rating = make_round("rating", service=service, closed=True, title="Rated")
    give(rating, "staff", {"connecting": 5})

    tables = {table.slug: table for table in maturity_overview()}

    assert set(tables) == {"test-stages", "test-rating"}
    rows = tables["test-stages"].rows
    # The organisation as a whole comes before its services.
    assert [(row.round_title, row.service) for row in rows] == [("Whole organisation", ""), ("Latest", "Day centre")]
    assets, reciprocity = rows[1].spreads
    assert (assets.median, assets.lowest, assets.highest, rows[1].people) == (3, 2, 4, 2)
    assert reciprocity.values == (3,)
    assert [row.round_title for row in tables["test-rating"].rows] == ["Rated"]
    assert [table.slug for table in maturity_overview(framework_slug="test-rating")] == ["test-rating"]
    assert ("test-stages", "Test stages") in overview_frameworks()


def test_maturity_overview_reads_four_queries_however_big(django_assert_num_queries):
    def place(services: int) -> None:
        for _n in range(services):
            service = ServiceFactory()
            for closed in (True, True, False):
                _grow(make_round(service=service, closed=closed), 3)

    place(2)
    with django_assert_num_queries(4):
        assert len(maturity_overview()[0].rows) == 2
    place(10)
    with django_assert_num_queries(4):
        assert len(maturity_overview()[0].rows) == 12
    assert maturity_overview(framework_slug="nothing-like-it") == []
