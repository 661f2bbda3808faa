"""The "Who can help?" query. These run on SQLite (`make pytest`) and again on PostgreSQL (`make pytest-postgres`)
against the same written-down expectations, so the two databases must agree on every name, order and score."""

from __future__ import annotations

import os

import pytest

from coproduce.organisations.models import Role
from coproduce.people.models import ConsentTopic, Visibility
from coproduce.people.selectors.search import SearchFilters, SearchPage, SearchTextTooLong, who_can_help
from coproduce.people.services.consent import consent_give, consent_withdraw
from coproduce.people.visibility import viewer_scope
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.people.search_helpers import asset, language, neighbourhood, someone, tag

pytestmark = pytest.mark.django_db

V = Visibility


def ranked(page: SearchPage) -> list[tuple[str, int]]:
    return [(r.name, r.score) for r in page.results]


@pytest.fixture
def place():
    """A small place. Hal and Pip belong to "Millbrook Kitchen"; Sam belongs to "Elsewhere Trust", where Femi
    facilitates. Mo has no profile and no organisation: an ordinary member of the place."""
    kitchen = OrganisationFactory(name="Millbrook Kitchen")
    elsewhere = OrganisationFactory(name="Elsewhere Trust")
    tag("Cooking", related=["Baking"], synonyms=["cook"])
    tag("Gardening", synonyms=["garden"])
    tag("IT help", synonyms=["computer help"])
    people = {
        "ada": someone("Ada", gifts=["Cooking", "Gardening"], hood="Millbrook", languages=["Polish"]),
        "ben": someone("Ben", gifts=["Baking"], hood="Old Town"),
        "cal": someone("Cal", passions=["Cooking"], hood="Millbrook"),
        "dee": someone(
            "Dee",
            about_me="I love to cook for friends on a Sunday.",
            hood="Millbrook",
            neighbourhood_visibility=V.FACILITATORS,
        ),
        "eve": someone("Eve", learning=["Cooking"], hood="Millbrook"),
        "fay": someone("Fay", gifts=["Cooking"], gifts_visibility=V.FACILITATORS),
        "gus": someone("Gus", gifts=["Cooking"], gifts_visibility=V.ONLY_ME),
        "hal": someone("Hal", gifts=["Cooking"], gifts_visibility=V.ORGANISATIONS, organisations=[kitchen]),
        "ivy": someone("Ivy", gifts=["Cooking"], consent=False),
        "jo": someone("Jo", gifts=["IT help"], about_me="Happy to help anyone with anything."),
        "kim": someone(
            "Kim",
            about_me="I grow vegetables.",
            lived_experience="Cooking got me through a hard time.",
            lived_experience_visibility=V.EVERYONE,
        ),
    }
    asset("Shared Table", offers="A free hot meal every Friday.", tags=["Cooking"], hood="Tanners Wharf")
    asset("Millbrook Garden", offers="Growing food together.", tags=["Gardening"], hood="Millbrook")
    people["member"] = PersonFactory(preferred_name="Mo")
    people["peer"] = someone("Pip", organisations=[kitchen])
    people["stranger_org"] = someone("Sam", organisations=[elsewhere])
    people["facilitator"] = MembershipFactory(
        organisation=elsewhere, role=Role.FACILITATOR, person__preferred_name="Femi"
    ).person
    return people


def search(viewer, text="", **filters) -> SearchPage:
    return who_can_help(scope=viewer_scope(viewer), text=text, filters=SearchFilters(**filters))


def test_cook_finds_cooking_then_related_baking_then_passion_then_words(place):
    page = search(place["member"], "cook")
    assert ranked(page) == [("Ada", 5), ("Shared Table", 5), ("Ben", 3), ("Cal", 2), ("Dee", 1), ("Kim", 1)]
    assert page.total == 6
    assert [r.kind for r in page.results] == ["person", "asset", "person", "person", "person", "person"]
    assert page.tags_understood == ("Cooking",)
    assert "Baking" in page.tags_related


def test_the_tag_name_and_its_inflections_find_the_same(place):
    expected = [("Ada", 5), ("Shared Table", 5), ("Ben", 3), ("Cal", 2), ("Dee", 1), ("Kim", 1)]
    assert ranked(search(place["member"], "Cooking")) == expected
    assert ranked(search(place["member"], "I need help with cooking please")) == expected


def test_two_things_asked_for_add_up(place):
    page = search(place["member"], "cooking and gardening")
    assert ranked(page) == [
        ("Ada", 10),
        ("Millbrook Garden", 5),
        ("Shared Table", 5),
        ("Ben", 3),
        ("Cal", 2),
        ("Dee", 1),
        ("Kim", 1),
    ]


def test_why_each_came_up_names_only_visible_fields(place):
    page = search(place["member"], "cook")
    why = {r.name: [(m.field, m.values) for m in r.matched] for r in page.results}
    assert why["Ada"] == [("gifts", ("Cooking",))]
    assert why["Ben"] == [("gifts", ("Baking",))]
    assert why["Cal"] == [("passions", ("Cooking",))]
    assert why["Dee"] == [("about_me", ())]
    assert why["Kim"] == [("lived_experience", ())]
    assert why["Shared Table"] == [("tags", ("Cooking",))]


def test_neighbourhood_filter_is_required_and_adds_nothing_to_the_score(place):
    millbrook = neighbourhood("Millbrook").pk
    assert ranked(search(place["member"], "cook", neighbourhood=millbrook)) == [("Ada", 5), ("Cal", 2)]
    # Dee shares her neighbourhood with facilitators only: a facilitator finds her by it, a member does not.
    assert ranked(search(place["facilitator"], "cook", neighbourhood=millbrook)) == [
        ("Ada", 5),
        ("Cal", 2),
        ("Dee", 1),
    ]


def test_filters_alone_list_everyone_who_matches_them_by_name(place):
    millbrook = neighbourhood("Millbrook").pk
    page = search(place["member"], neighbourhood=millbrook)
    assert ranked(page) == [("Ada", 0), ("Cal", 0), ("Eve", 0), ("Millbrook Garden", 0)]
    page = search(place["member"], neighbourhood=millbrook, subjects="people")
    assert ranked(page) == [("Ada", 0), ("Cal", 0), ("Eve", 0)]
    page = search(place["member"], "cook", subjects="assets")
    assert ranked(page) == [("Shared Table", 5)]


def test_filters_combine(place):
    cooking, millbrook, polish = tag("Cooking").pk, neighbourhood("Millbrook").pk, language("Polish").pk
    assert ranked(search(place["member"], gift=cooking)) == [("Ada", 0), ("Shared Table", 0)]
    assert ranked(search(place["member"], gift=cooking, neighbourhood=millbrook)) == [("Ada", 0)]
    assert ranked(search(place["member"], gift=cooking, language=polish)) == [("Ada", 0)]
    assert ranked(search(place["member"], interest=cooking, neighbourhood=millbrook)) == [("Cal", 0)]
    assert ranked(search(place["member"], "garden", language=polish)) == [("Ada", 5)]
    # Asking for baking finds Ada through Cooking, its related tag.
    assert ranked(search(place["member"], "baking", gift=cooking, neighbourhood=millbrook)) == [("Ada", 3)]


def test_field_shared_with_facilitators_is_found_only_by_facilitators(place):
    assert "Fay" not in dict(ranked(search(place["member"], "cook")))
    assert "Fay" not in dict(ranked(search(place["peer"], "cook")))
    assert ranked(search(place["facilitator"], "cook")) == [
        ("Ada", 5),
        ("Fay", 5),
        ("Hal", 5),
        ("Shared Table", 5),
        ("Ben", 3),
        ("Cal", 2),
        ("Dee", 1),
        ("Kim", 1),
    ]


def test_field_shared_with_organisations_is_found_by_peers_and_facilitators_only(place):
    assert ranked(search(place["peer"], "cook")) == [
        ("Ada", 5),
        ("Hal", 5),
        ("Shared Table", 5),
        ("Ben", 3),
        ("Cal", 2),
        ("Dee", 1),
        ("Kim", 1),
    ]
    assert "Hal" not in dict(ranked(search(place["stranger_org"], "cook")))
    assert "Hal" not in dict(ranked(search(place["member"], "cook")))


def test_only_me_and_no_consent_are_never_found(place):
    for viewer in ("member", "peer", "facilitator"):
        names = dict(ranked(search(place[viewer], "cook")))
        assert "Gus" not in names and "Ivy" not in names and "Eve" not in names


def test_withdrawing_consent_removes_the_person_at_once_and_giving_it_back_returns_them(place):
    consent_withdraw(person=place["ada"], topic=ConsentTopic.VISIBLE_PROFILE)
    assert "Ada" not in dict(ranked(search(place["member"], "cook")))
    assert ranked(search(place["member"], "Ada")) == []
    consent_give(person=place["ada"], topic=ConsentTopic.VISIBLE_PROFILE)
    assert ranked(search(place["member"], "Ada")) == [("Ada", 1)]


def test_people_do_not_find_themselves(place):
    assert "Ada" not in dict(ranked(search(place["ada"], "cook")))


def test_visitors_who_have_not_signed_in_find_only_community_assets(place):
    from django.contrib.auth.models import AnonymousUser

    assert ranked(search(AnonymousUser(), "cook")) == [("Shared Table", 5)]


def test_a_multi_word_tag_is_one_thing_and_not_a_request_for_help(place):
    # "help" alone says nothing about what with, and "it" is a stop word: only the tag finds Jo.
    assert ranked(search(place["member"], "IT help")) == [("Jo", 5)]
    assert ranked(search(place["member"], "computer help")) == [("Jo", 5)]
    page = search(place["member"], "help")
    assert not page.searched and page.results == []


def test_unapproved_tags_are_not_recognised(place):
    tag("Jam making", status="pending", synonyms=["jam"])
    page = search(place["member"], "jam")
    assert page.tags_understood == ()


def test_pages_of_twenty_with_a_total_and_a_stable_order():
    for n in range(45):
        someone(f"Baker {n:02d}", gifts=["Baking"])
    viewer = PersonFactory(preferred_name="Viewer")
    first = search(viewer, "baking")
    assert first.total == 45 and len(first.results) == 20 and first.num_pages == 3
    assert [r.name for r in first.results] == [f"Baker {n:02d}" for n in range(20)]
    third = who_can_help(scope=viewer_scope(viewer), text="baking", page=3)
    assert [r.name for r in third.results] == [f"Baker {n:02d}" for n in range(40, 45)]
    past_the_end = who_can_help(scope=viewer_scope(viewer), text="baking", page=99)
    assert past_the_end.number == 3 and len(past_the_end.results) == 5


def test_ties_order_by_name_in_byte_order_then_people_before_assets():
    someone("anna", gifts=["Baking"])
    someone("Zed", gifts=["Baking"])
    someone("Émile", gifts=["Baking"])
    asset("Bakehouse", tags=["Baking"])
    someone("Bakehouse", gifts=["Baking"])
    page = search(PersonFactory(), "baking")
    assert [(r.name, r.kind) for r in page.results] == [
        ("Bakehouse", "person"),
        ("Bakehouse", "asset"),
        ("Zed", "person"),
        ("anna", "person"),
        ("Émile", "person"),
    ]


def test_over_long_text_is_refused():
    with pytest.raises(SearchTextTooLong):
        who_can_help(scope=viewer_scope(PersonFactory()), text="x" * 201)


def test_punctuation_and_markup_are_only_words(place):
    assert ranked(search(place["member"], '<script>alert("cook")</script> OR " AND * cook')) == ranked(
        search(place["member"], "cook script alert")
    )


def test_a_tag_named_only_by_little_words_counts_only_on_its_own(place):
    tag("IT help", synonyms=["it"])
    assert ranked(search(place["member"], "IT")) == [("Jo", 5)]
    assert search(place["member"], "can anyone fix it").tags_understood == ()


@pytest.mark.skipif(os.environ.get("COPRODUCE_TEST_DATABASE") != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_answers_each_match_from_the_full_text_index(place):
    from django.db import connection

    from coproduce.people.selectors.search import _plan, _search_sql

    sql, params = _search_sql(_plan("cooking", SearchFilters()), viewer_scope(place["member"]), "both", 20, 0)
    with connection.cursor() as cursor:
        # The tables are tiny, so let the planner choose only between the index and nothing: if the query's
        # expression did not match the index's, the plan would fall back to a scan anyway.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "people_searchentry_document_fts" in plan
