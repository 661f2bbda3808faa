"""The demo place's community assets, and "finds people who can help with cooking near them" as a demo person."""

from __future__ import annotations

import pytest

from coproduce.core.models import AuditEntry
from coproduce.demo.assets import BRACKENFOLD_ASSETS, demo_assets_ensure
from coproduce.demo.services import demo_place_load
from coproduce.people.models import CommunityAsset, Neighbourhood, Person
from coproduce.people.selectors.search import SearchFilters, who_can_help
from coproduce.people.visibility import viewer_scope

pytestmark = pytest.mark.django_db


def test_demo_assets_load_once_with_their_tags_and_neighbourhoods():
    assert demo_assets_ensure() == len(BRACKENFOLD_ASSETS) == 12
    audits = AuditEntry.objects.filter(action="community_asset.create").count()
    assert demo_assets_ensure() == 0
    assert CommunityAsset.objects.count() == 12
    assert AuditEntry.objects.filter(action="community_asset.create").count() == audits
    assert set(Neighbourhood.objects.values_list("name", flat=True)) >= {a.neighbourhood for a in BRACKENFOLD_ASSETS}
    garden = CommunityAsset.objects.get(name="Hollybank Community Garden")
    assert "Gardening" in {t.name for t in garden.tags.all()}
    assert garden.organisation is None  # its organisation is only there once the demo place is loaded


def test_demo_assets_are_found_by_the_same_search():
    demo_assets_ensure()
    scope = viewer_scope(None)
    names = [r.name for r in who_can_help(scope=scope, text="knitting").results]
    assert names[0] == "Thursday Knit and Natter"
    names = [r.name for r in who_can_help(scope=scope, text="wheelchair allotment").results]
    assert set(names[:2]) == {"Tanners Wharf Accessible Allotment", "Hollybank Community Garden"}
    names = [r.name for r in who_can_help(scope=scope, text="men's shed").results]
    assert "Ashgrove Men’s Shed" in names


def test_a_demo_person_finds_people_who_can_help_with_cooking_near_them(client_for):
    counts = demo_place_load()
    assert counts.assets_added == 12
    assert demo_place_load().assets_added == 0
    fiona = Person.objects.get(preferred_name="Fiona MacLeod")
    hood = fiona.profile.neighbourhood
    assert hood is not None and hood.name == "Old Town"
    page = who_can_help(scope=viewer_scope(fiona), text="cooking", filters=SearchFilters(neighbourhood=hood.pk))
    html = client_for(fiona).get("/people/", {"q": "cooking", "neighbourhood": hood.pk}).content.decode()
    # Whatever the demo's profiles hold, the page and the query agree, and everyone found is in that neighbourhood.
    for result in page.results:
        assert result.name in html
        if result.kind == "person":
            assert Person.objects.get(pk=result.id).profile.neighbourhood == hood
    assert {"Neil Sharma", "Harjit Kaur Gill"} <= {r.name for r in page.results}
    assert "No one matched" not in html
