"""The "Who can help?" page at /people/."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from coproduce.people.models import Visibility
from tests.factories import MembershipFactory, PersonFactory
from tests.people.search_helpers import asset, language, neighbourhood, someone, tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client_for):
    person = PersonFactory(preferred_name="Mo")
    return client_for(person)


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/people/?q=cook")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_page_is_in_the_navigation_for_people_who_signed_in(viewer, client):
    assert 'href="/people/"' in viewer.get("/").content.decode()
    assert 'href="/people/"' not in client.get("/").content.decode()


def test_empty_page_asks_the_question_and_shows_no_results(viewer):
    html = viewer.get("/people/").content.decode()
    assert "What do you need help with?" in html
    assert 'id="id_subjects_0" name="subjects" type="radio" value="both" checked' in html
    assert "No one matched" not in html and "result" not in html.split("</form>")[1].split("<footer")[0]


def test_cooking_near_millbrook_finds_the_right_people_and_says_why(viewer):
    tag("Cooking", related=["Baking"], synonyms=["cook"])
    someone("Ada", gifts=["Cooking"], hood="Millbrook", about_me="I run a lunch club.")
    someone("Ben", gifts=["Baking"], hood="Millbrook")
    someone("Cal", gifts=["Cooking"], hood="Old Town")
    someone("Dee", gifts=["Cooking"], hood="Millbrook", gifts_visibility=Visibility.FACILITATORS)
    millbrook = neighbourhood("Millbrook").pk
    response = viewer.get("/people/", {"q": "cooking", "neighbourhood": millbrook, "subjects": "people"})
    html = response.content.decode().split("cp-search-results")[1]
    assert response.status_code == 200
    assert "2 results" in response.content.decode()
    assert html.index("Ada") < html.index("Ben")
    assert "Cal" not in html and "Dee" not in html
    assert "Gifts and skills: Cooking" in html and "Gifts and skills: Baking" in html
    assert "Neighbourhood: Millbrook" in html
    assert "I run a lunch club." in html
    assert "We looked for: Cooking." in response.content.decode()
    try:
        profile_url = reverse("people:profile", args=[1])
    except NoReverseMatch:
        profile_url = None
    if profile_url is not None:
        ada = html.split("Ada</a>")[0].rsplit('href="', 1)[1]
        assert ada.startswith("/people/")


def test_assets_link_to_their_page(viewer):
    table = asset("Shared Table", tags=["Cooking"])
    html = viewer.get("/people/", {"q": "cooking"}).content.decode()
    assert f'href="/people/assets/{table.pk}/"' in html
    assert "Community group or place" in html


def test_no_one_matched_says_so_and_suggests_what_to_try(viewer):
    html = viewer.get("/people/", {"q": "underwater basket weaving"}).content.decode()
    assert "No one matched" in html
    assert "use fewer or different words" in html
    assert 'href="/people/assets/"' in html


def test_only_request_words_asks_for_a_little_more(viewer):
    html = viewer.get("/people/", {"q": "I need help please"}).content.decode()
    assert "Tell us a little more" in html and "No one matched" not in html


def test_over_long_text_is_refused_plainly_and_kept_in_the_box(viewer):
    typed = "cooking " * 30
    response = viewer.get("/people/", {"q": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "can be up to 200 characters. It has 239" in html
    assert "There is a problem" in html
    assert f'value="{typed.strip()}' in html or f'value="{typed}' in html
    assert "maxlength" not in html


@pytest.mark.parametrize("field", ["gift", "interest", "language", "neighbourhood"])
@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1.5"])
def test_unknown_filters_get_a_clear_message_not_an_error_page(viewer, field, value):
    response = viewer.get("/people/", {"q": "cooking", field: value})
    assert response.status_code == 200
    assert "We could not find that" in response.content.decode()


def test_unknown_show_choice_gets_a_clear_message(viewer):
    response = viewer.get("/people/", {"q": "cooking", "subjects": "robots"})
    assert response.status_code == 200
    assert "Choose whether to show people" in response.content.decode()


def test_markup_in_the_query_is_shown_as_text(viewer):
    html = viewer.get("/people/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_bad_page_numbers_fall_back(viewer):
    someone("Ada", gifts=["Cooking"])
    for page in ("abc", "-3", "0", "99999999999999999999"):
        response = viewer.get("/people/", {"q": "cooking", "page": page})
        assert response.status_code == 200
        assert "Ada" in response.content.decode()


def test_results_come_in_pages_that_keep_the_search(viewer):
    for n in range(23):
        someone(f"Baker {n:02d}", gifts=["Baking"])
    html = viewer.get("/people/", {"q": "baking"}).content.decode()
    assert "23 results" in html and "Page 1 of 2" in html
    assert "Baker 19" in html and "Baker 20" not in html
    assert 'href="?q=baking&amp;subjects=both&amp;page=2"' in html
    html = viewer.get("/people/", {"q": "baking", "page": 2}).content.decode()
    assert "Baker 20" in html and "Baker 19" not in html


def test_filters_are_lists_to_choose_from(viewer):
    tag("Cooking")
    language("Polish")
    neighbourhood("Millbrook")
    html = viewer.get("/people/").content.decode()
    for label in ("Gift or skill", "Passion or interest", "Language they speak", "Neighbourhood"):
        assert label in html
    assert ">Millbrook</option>" in html and ">Polish</option>" in html and ">Cooking</option>" in html


def _make_matching(count: int, start: int) -> None:
    for n in range(start, start + count):
        someone(
            f"Cook {n:03d}",
            gifts=["Cooking", "Gardening"],
            passions=["Baking"],
            languages=["Polish"],
            hood="Millbrook",
            about_me="I cook.",
        )
        if n % 3 == 0:
            # Named to sort first, so the page shows assets and people at both sizes.
            asset(f"A kitchen {n:03d}", tags=["Cooking", "Gardening"], hood="Millbrook")


def test_the_page_issues_the_same_number_of_queries_however_many_match(
    client_for, organisation, django_assert_max_num_queries
):
    viewer = client_for(MembershipFactory(organisation=organisation).person)
    millbrook = neighbourhood("Millbrook")
    query = {"q": "cooking gardening", "neighbourhood": millbrook.pk}
    _make_matching(3, 0)
    viewer.get("/people/", query)  # warm caches that are not per request (content types, sessions)
    with django_assert_max_num_queries(20):
        assert viewer.get("/people/", query).status_code == 200
    _make_matching(40, 3)
    with django_assert_max_num_queries(20):
        html = viewer.get("/people/", query).content.decode()
    assert "Page 1 of 3" in html
