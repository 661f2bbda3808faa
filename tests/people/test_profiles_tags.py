"""Tags from the shared list: matching what people type (with other words for each tag), new suggestions that wait
for review, and curation by place admins and facilitators."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.core.models import AuditEntry
from coproduce.people.models import (
    ConsentTopic,
    Language,
    Neighbourhood,
    Profile,
    ProfileTag,
    SearchEntry,
    Tag,
    TagSynonym,
    Visibility,
)
from coproduce.people.search_text import tag_term
from coproduce.people.selectors.tags import tag_names_split, tags_match
from coproduce.people.services.consent import consent_give
from coproduce.people.services.profiles import ProfileChanges, TagChoice, profile_update
from coproduce.people.services.tags import (
    TagError,
    language_create,
    neighbourhood_create,
    neighbourhood_rename,
    tag_approve,
    tag_create,
    tag_reject,
    tag_relate,
    tag_rename,
    tag_suggest,
    tag_synonym_add,
    tag_unrelate,
)
from tests.factories import PersonFactory
from tests.people.profiles_helpers import approved_tag


def _tag(name: str) -> Tag:
    return Tag.objects.get(name=name)


# The starter list ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_starter_list_has_tags_other_words_related_tags_and_languages():
    assert Tag.objects.filter(status=Tag.Status.APPROVED).count() >= 60
    cooking = _tag("Cooking")
    assert {"cook", "cookery", "chef"} <= set(cooking.synonyms.values_list("term", flat=True))
    assert _tag("Baking") in cooking.related.all() and cooking in _tag("Baking").related.all()
    assert set(_tag("IT help").synonyms.values_list("term", flat=True)) >= {"computers", "tech support"}
    languages = set(Language.objects.values_list("name", flat=True))
    assert {"English", "British Sign Language", "Welsh", "Polish", "Urdu", "Somali", "Twi", "Shona"} <= languages
    assert not Neighbourhood.objects.exists(), "neighbourhoods are each place's own"


# Matching -----------------------------------------------------------------------------------------------------


def test_a_box_of_names_is_split_on_commas_semicolons_and_new_lines():
    assert tag_names_split(" cook,  Fixing   bikes;gardening\n\nCOOK, ,") == ["cook", "Fixing bikes", "gardening"]
    assert tag_names_split("") == []


@pytest.mark.django_db
def test_names_match_the_list_or_its_other_words_whatever_the_case():
    match = tags_match(["cook", "COOKERY", "  it   help ", "Baking", "Pottery wheel"])
    assert [tag.name for tag in match.known] == ["Cooking", "IT help", "Baking"]
    assert match.unknown == ["Pottery wheel"]
    assert match.matched_as["cook"].name == "Cooking"


@pytest.mark.django_db
def test_a_suggestion_is_known_to_whoever_made_it_and_new_to_everyone_else(person):
    pottery = tag_suggest(person=person, name="Pottery")
    assert pottery.status == Tag.Status.PENDING and pottery.suggested_by == person
    assert tags_match(["pottery"], person=person).known == [pottery]
    assert tags_match(["pottery"], person=PersonFactory()).unknown == ["pottery"]
    assert tag_suggest(person=PersonFactory(), name="POTTERY") == pottery, "the same suggestion is shared"


@pytest.mark.django_db
def test_a_name_left_out_before_is_refused(person, place_admin):
    tag_reject(actor=place_admin, tag=tag_suggest(person=person, name="Loud music at 3am"))
    assert tags_match(["loud music at 3am"], person=PersonFactory()).refused == ["loud music at 3am"]
    with pytest.raises(TagError):
        tag_suggest(person=PersonFactory(), name="Loud music at 3am")


# The tag boxes in the journey -----------------------------------------------------------------------------------


@pytest.fixture
def rosa(person, client_for):
    consent_give(person=person, topic=ConsentTopic.VISIBLE_PROFILE)
    return person, client_for(person)


@pytest.mark.django_db
def test_a_new_name_is_shown_back_with_a_box_to_suggest_it_and_nothing_is_saved_yet(rosa):
    person, client = rosa
    response = client.post("/people/me/start/2/", {"gifts": "cook, Pottery", "passions": "Jazz", "action": "continue"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "We don’t have ‘Pottery’ in the list yet. Add it as a new suggestion?" in html
    assert 'name="gifts_new" type="checkbox" value="Pottery"' in html
    assert 'name="gifts_seen" value="Pottery"' in html
    assert 'value="cook, Pottery"' in html and 'value="Jazz"' in html
    assert not Tag.objects.filter(name__iexact="pottery").exists()
    assert not Profile.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_ticking_the_box_makes_a_suggestion_only_its_owner_sees_until_approved(rosa, place_admin, client_for):
    person, client = rosa
    response = client.post(
        "/people/me/start/2/",
        {
            "gifts": "cook, Pottery",
            "gifts_new": "Pottery",
            "gifts_seen": "Pottery",
            "passions": "",
            "action": "continue",
        },
    )
    assert response.status_code == 302
    pottery = _tag("Pottery")
    assert pottery.status == Tag.Status.PENDING and pottery.suggested_by == person
    assert set(Profile.objects.get(person=person).tags.values_list("tag__name", flat=True)) == {"Cooking", "Pottery"}

    own = client.get("/people/me/").content.decode()
    assert "Pottery" in own and "Waiting for review" in own
    other = client_for(PersonFactory()).get(f"/people/{person.pk}/").content.decode()
    assert "Cooking" in other and "Pottery" not in other
    entry = SearchEntry.objects.get(person=person, level=Visibility.EVERYONE)
    assert tag_term(pottery.pk) not in entry.document.split()

    # Saving again does not ask about her own suggestion again.
    again = client.post("/people/me/edit/gifts/", {"gifts": "Cooking, Pottery", "passions": ""})
    assert again.status_code == 302

    tag_approve(actor=place_admin, tag=pottery)
    assert "Pottery" in client_for(PersonFactory()).get(f"/people/{person.pk}/").content.decode()
    entry = SearchEntry.objects.get(person=person, level=Visibility.EVERYONE)
    assert tag_term(pottery.pk) in entry.document.split(), "approving re-indexes the people who hold it"


@pytest.mark.django_db
def test_leaving_the_box_unticked_leaves_the_name_out(rosa):
    person, client = rosa
    response = client.post(
        "/people/me/start/2/",
        {"gifts": "cook, Pottery", "gifts_seen": "Pottery", "passions": "", "action": "continue"},
        follow=True,
    )
    assert "We left out: Pottery." in response.content.decode()
    assert "We saved ‘cook’ as ‘Cooking’." in response.content.decode()
    assert not Tag.objects.filter(name="Pottery").exists()
    assert list(Profile.objects.get(person=person).tags.values_list("tag__name", flat=True)) == ["Cooking"]


@pytest.mark.django_db
def test_a_refused_name_too_many_names_and_over_long_names_meet_clear_messages(rosa, place_admin):
    person, client = rosa
    tag_reject(actor=place_admin, tag=tag_suggest(person=PersonFactory(), name="Loud music"))
    html = client.post("/people/me/start/2/", {"gifts": "Loud music, cook"}).content.decode()
    assert "‘Loud music’ was looked at before and left out of the shared list." in html
    html = client.post("/people/me/start/2/", {"gifts": ", ".join(f"thing {n}" for n in range(31))}).content.decode()
    assert "You can list up to 30 here. You have 31" in html
    html = client.post("/people/me/start/2/", {"gifts": "x" * 61}).content.decode()
    assert "Each one can be up to 60 characters." in html
    assert not Profile.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_html_in_a_suggested_tag_is_shown_as_text(rosa):
    _person, client = rosa
    client.post(
        "/people/me/start/2/",
        {"gifts": "<b>Bold</b>", "gifts_new": "<b>Bold</b>", "gifts_seen": "<b>Bold</b>", "action": "continue"},
    )
    assert _tag("<b>Bold</b>").status == Tag.Status.PENDING
    html = client.get("/people/me/").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold</b>" not in html


# Curation: who may ---------------------------------------------------------------------------------------------

CURATION_PAGES = ("/people/tags/", "/people/tags/neighbourhoods/", "/people/tags/languages/")


@pytest.mark.django_db
def test_a_plain_member_may_not_curate_and_a_visitor_is_sent_to_sign_in(person, client, client_for):
    cooking = _tag("Cooking")
    member = client_for(person)
    for url in (*CURATION_PAGES, f"/people/tags/{cooking.pk}/"):
        assert member.get(url).status_code == 403, url
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url
    pending = tag_suggest(person=person, name="Pottery")
    assert member.post(f"/people/tags/{pending.pk}/approve/").status_code == 403
    assert member.post(f"/people/tags/{pending.pk}/", {"form": "reject"}).status_code == 403
    assert member.post("/people/tags/", {"name": "Sneaky"}).status_code == 403
    assert _tag("Pottery").status == Tag.Status.PENDING and not Tag.objects.filter(name="Sneaky").exists()


@pytest.mark.django_db
def test_place_admins_and_facilitators_may_curate(place_admin, facilitator, org_admin, client_for):
    for someone in (place_admin, facilitator):
        for url in CURATION_PAGES:
            assert client_for(someone).get(url).status_code == 200, url
    assert client_for(org_admin).get("/people/tags/").status_code == 403


# Curation: what it does ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_from_the_list(person, facilitator, client_for):
    pottery = tag_suggest(person=person, name="Pottery")
    curator = client_for(facilitator)
    page = curator.get("/people/tags/").content.decode()
    assert "Pottery" in page and f'action="/people/tags/{pottery.pk}/approve/"' in page
    assert curator.post(f"/people/tags/{pottery.pk}/approve/").status_code == 302
    assert _tag("Pottery").status == Tag.Status.APPROVED
    assert AuditEntry.objects.get(action="tag.approve").actor == facilitator


@pytest.mark.django_db
def test_rejecting_with_a_merge_moves_people_and_keeps_the_word(person, place_admin, client_for):
    consent_give(person=person, topic=ConsentTopic.VISIBLE_PROFILE)
    both = PersonFactory()
    cooking = _tag("Cooking")
    cookin = tag_suggest(person=person, name="Cookin")
    profile_update(actor=person, person=person, changes=ProfileChanges(tags={"gift": TagChoice(tags=[cookin])}))
    profile_update(actor=both, person=both, changes=ProfileChanges(tags={"gift": TagChoice(tags=[cookin, cooking])}))
    response = client_for(place_admin).post(
        f"/people/tags/{cookin.pk}/", {"form": "reject", "reject-merge_into": cooking.pk}
    )
    assert response["Location"] == "/people/tags/"
    assert _tag("Cookin").status == Tag.Status.REJECTED
    assert list(ProfileTag.objects.filter(profile__person=person).values_list("tag__name", flat=True)) == ["Cooking"]
    assert list(ProfileTag.objects.filter(profile__person=both).values_list("tag__name", flat=True)) == ["Cooking"]
    assert TagSynonym.objects.get(term="cookin").tag == cooking
    assert tags_match(["Cookin"], person=PersonFactory()).known == [cooking]
    entry = SearchEntry.objects.get(person=person, level=Visibility.EVERYONE)
    assert tag_term(cooking.pk) in entry.document.split()


@pytest.mark.django_db
def test_rejecting_without_a_merge(person, place_admin, client_for):
    odd = tag_suggest(person=person, name="Odd thing")
    client_for(place_admin).post(f"/people/tags/{odd.pk}/", {"form": "reject", "reject-merge_into": ""})
    assert _tag("Odd thing").status == Tag.Status.REJECTED


@pytest.mark.django_db
def test_renaming_keeps_the_old_name_as_another_word(place_admin, client_for):
    it = _tag("IT help")
    response = client_for(place_admin).post(
        f"/people/tags/{it.pk}/", {"form": "rename", "rename-name": "Computer help"}
    )
    assert response.status_code == 302
    assert _tag("Computer help").pk == it.pk
    assert tags_match(["it help"]).known == [it]
    html = client_for(place_admin).post(f"/people/tags/{it.pk}/", {"form": "rename", "rename-name": "Cooking"})
    assert "already in the list as ‘Cooking’" in html.content.decode()


@pytest.mark.django_db
def test_adding_and_removing_other_words(place_admin, client_for):
    curator = client_for(place_admin)
    pottery = tag_create(actor=place_admin, name="Pottery")
    curator.post(f"/people/tags/{pottery.pk}/", {"form": "synonym", "synonym-term": "Ceramics"})
    assert tags_match(["ceramics"]).known == [pottery]
    html = curator.post(f"/people/tags/{pottery.pk}/", {"form": "synonym", "synonym-term": "cook"}).content.decode()
    assert "‘cook’ already means ‘Cooking’." in html
    synonym = TagSynonym.objects.get(term="ceramics")
    curator.post(f"/people/tags/{pottery.pk}/synonyms/{synonym.pk}/remove/")
    assert not TagSynonym.objects.filter(term="ceramics").exists()


@pytest.mark.django_db
def test_services_refuse_words_and_names_already_taken(place_admin):
    with pytest.raises(TagError):
        tag_synonym_add(actor=place_admin, tag=_tag("Baking"), term="Cookery")
    with pytest.raises(TagError):
        tag_rename(actor=place_admin, tag=_tag("Baking"), name="  ")
    assert tag_rename(actor=place_admin, tag=_tag("Baking"), name="Baking").name == "Baking"
    assert not AuditEntry.objects.filter(action__startswith="tag.").exists()


@pytest.mark.django_db
def test_linking_related_tags_both_ways(place_admin, client_for):
    curator = client_for(place_admin)
    knitting, crochet = _tag("Knitting"), tag_create(actor=place_admin, name="Crochet")
    curator.post(f"/people/tags/{crochet.pk}/", {"form": "related", "related-other": knitting.pk})
    assert crochet in knitting.related.all() and knitting in crochet.related.all()
    curator.post(f"/people/tags/{crochet.pk}/related/{knitting.pk}/remove/")
    assert crochet not in knitting.related.all()
    with pytest.raises(TagError):
        tag_relate(actor=place_admin, tag=crochet, other=crochet)
    tag_unrelate(actor=place_admin, tag=crochet, other=knitting)


@pytest.mark.django_db
def test_adding_a_tag_refuses_one_that_is_already_there_in_other_words(place_admin, client_for):
    html = client_for(place_admin).post("/people/tags/", {"name": "chef"}).content.decode()
    assert "‘chef’ is already in the list as ‘Cooking’." in html
    assert 'value="chef"' in html
    html = client_for(place_admin).post("/people/tags/", {"name": "y" * 61}).content.decode()
    assert "The name can be up to 60 characters." in html


@pytest.mark.django_db
def test_neighbourhoods_and_languages_are_curated_too(place_admin, person, client_for):
    curator = client_for(place_admin)
    curator.post("/people/tags/neighbourhoods/", {"name": "Old Town"})
    old_town = Neighbourhood.objects.get(name="Old Town")
    html = curator.post("/people/tags/neighbourhoods/", {"name": "old town"}).content.decode()
    assert "‘old town’ is already in the list." in html

    consent_give(person=person, topic=ConsentTopic.VISIBLE_PROFILE)
    profile_update(actor=person, person=person, changes=ProfileChanges(fields={"neighbourhood": old_town}))
    curator.post(f"/people/tags/neighbourhoods/{old_town.pk}/", {"name": "Old Town Centre"})
    assert Neighbourhood.objects.get(pk=old_town.pk).name == "Old Town Centre"
    assert "centr" in SearchEntry.objects.get(person=person, level=Visibility.EVERYONE).document.split()

    curator.post("/people/tags/languages/", {"name": "Kurmanji"})
    kurmanji = Language.objects.get(name="Kurmanji")
    curator.post(f"/people/tags/languages/{kurmanji.pk}/", {"name": "Kurdish (Kurmanji)"})
    assert Language.objects.get(pk=kurmanji.pk).name == "Kurdish (Kurmanji)"
    with pytest.raises(TagError):
        language_create(actor=place_admin, name="welsh")
    with pytest.raises(TagError):
        neighbourhood_rename(
            actor=place_admin, neighbourhood=neighbourhood_create(actor=None, name="Ashgrove"), name=""
        )


@pytest.mark.django_db
def test_the_curation_list_issues_the_same_queries_however_many_tags(place_admin, client_for):
    curator = client_for(place_admin)
    curator.get("/people/tags/")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert curator.get("/people/tags/").status_code == 200
        return len(captured)

    small = count()
    for n in range(40):
        tag_suggest(person=PersonFactory(), name=f"Suggestion {n}")
        approved_tag(f"Approved {n}")
    assert count() == small


@pytest.mark.django_db
def test_curators_find_the_shared_lists_from_their_own_profile(facilitator, person, client_for):
    assert 'href="/people/tags/"' in client_for(facilitator).get("/people/me/").content.decode()
    assert 'href="/people/tags/"' not in client_for(person).get("/people/me/").content.decode()
    assert 'href="/people/tags/"' not in client_for(facilitator).get(f"/people/{person.pk}/").content.decode()
