"""The failures pages: telling, thanking, praising, and the author's own changes; names shown only by choice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.learn.models import FailurePraise, FailureStory, FailureThanks
from coproduce.learn.services.failures import failure_praise, failure_tell, failure_thank
from coproduce.organisations.models import Role
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

FORM = {
    "idempotency_key": "a" * 32,
    "title": "The suggestion box",
    "tried": "A box by the door",
    "happened": "Nobody used it",
    "learned": "Ask people in person",
    "show_name": "no",
}


def _url(name, *args):
    return reverse(f"learn:{name}", args=args)


def _tell(author, show_name=False, title="The suggestion box"):
    return failure_tell(
        author=author, title=title, tried="t", happened="h", learned="Ask in person", show_name=show_name
    )


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(_url("failures"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_list_says_plainly_it_is_never_for_judging(client_for, person):
    html = client_for(person).get(_url("failures")).content.decode()
    assert "never used to judge anyone" in html
    assert "no count of how many anyone has told" in html
    assert "Only you get yours, in the download of your own data" in html


def test_telling_a_story_without_my_name(client_for, person):
    response = client_for(person).post(_url("failure-new"), FORM)
    story = FailureStory.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("failure", story.pk)
    assert story.author == person and not story.show_name
    reader = client_for(PersonFactory())
    for url in (_url("failures"), _url("failure", story.pk)):
        html = reader.get(url).content.decode()
        assert "Told without a name" in html and "Rosa" not in html


def test_a_name_shows_when_the_author_chooses(client_for, person):
    story = _tell(person, show_name=True)
    assert "Told by Rosa" in client_for(PersonFactory()).get(_url("failure", story.pk)).content.decode()


def test_a_story_with_mistakes_keeps_what_was_typed(client_for, person):
    typed = FORM | {"title": "", "tried": "<script>x</script>" + "y" * 3000, "show_name": ""}
    response = client_for(person).post(_url("failure-new"), typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the story a title." in html and "Choose whether your name shows" in html
    assert "can be up to 3000 characters" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert "Nobody used it" in html and "Ask people in person" in html
    assert not FailureStory.objects.exists()


def test_only_the_author_edits_or_withdraws(client_for, person):
    story = _tell(person)
    other = client_for(PersonFactory())
    assert other.get(_url("failure-edit", story.pk)).status_code == 403
    assert other.post(_url("failure-withdraw", story.pk)).status_code == 403
    client = client_for(person)
    edited = client.post(_url("failure-edit", story.pk), FORM | {"title": "Renamed", "show_name": "yes"})
    assert edited.status_code == 302
    story.refresh_from_db()
    assert story.title == "Renamed" and story.show_name
    assert "Take your story back?" in client.get(_url("failure-withdraw", story.pk)).content.decode()
    assert client.post(_url("failure-withdraw", story.pk)).status_code == 302
    assert not FailureStory.objects.exists()


def test_thanks_and_learned_from_this_one_each_and_taken_back(client_for, person):
    story = _tell(person)
    reader = PersonFactory()
    client = client_for(reader)
    client.post(_url("failure-thanks", story.pk), {"thanks": "learned"})
    client.post(_url("failure-thanks", story.pk), {"thanks": "thank"})
    thanks = FailureThanks.objects.get()
    assert thanks.person == reader and thanks.learned_from_it
    assert "1 person learned from it" in client.get(_url("failure", story.pk)).content.decode()
    client.post(_url("failure-thanks", story.pk), {"thanks": "take-back"})
    assert not FailureThanks.objects.exists()
    # The author does not thank their own story.
    assert client_for(person).post(_url("failure-thanks", story.pk), {"thanks": "thank"}).status_code == 403


def test_only_facilitators_praise_and_it_shows_on_the_story(client_for, person, facilitator):
    story = _tell(person)
    assert client_for(PersonFactory()).post(_url("failure-praise", story.pk), {"note": "x"}).status_code == 403
    client = client_for(facilitator)
    empty = client.post(_url("failure-praise", story.pk), {"note": ""})
    assert empty.status_code == 400 and "Write your praise." in empty.content.decode()
    assert client.post(_url("failure-praise", story.pk), {"note": "Brave <b>try</b>"}).status_code == 302
    assert FailurePraise.objects.get().by == facilitator
    html = client_for(PersonFactory()).get(_url("failure", story.pk)).content.decode()
    assert "Brave &lt;b&gt;try&lt;/b&gt;" in html and "Femi" in html


def test_no_address_gathers_stories_by_person(client_for, person):
    """Every failures page is the list or one story: none takes a person, so none can list anyone's stories."""
    from coproduce.learn import urls

    routes = [str(p.pattern) for p in urls.urlpatterns if str(p.pattern).startswith("failures/")]
    assert len(routes) == 7
    assert all(set(p.pattern.converters) <= {"failure_id"} for p in urls.urlpatterns if str(p.pattern) in routes)
    _tell(person, show_name=True)
    assert (
        "The suggestion box"
        not in client_for(PersonFactory()).get(reverse("people:profile", args=[person.pk])).content.decode()
    )


def _fill(author, facilitator, n):
    readers = PersonFactory.create_batch(2)
    for index in range(n):
        story = _tell(author, show_name=index % 2 == 0, title=f"Story {index}")
        for reader in readers:
            failure_thank(person=reader, story=story, learned_from_it=True)
        failure_praise(actor=facilitator, story=story, note="Well tried")
    return story


@pytest.mark.parametrize("page", ["list", "story"])
def test_query_counts_do_not_grow_with_data(
    client_for, person, facilitator, organisation, django_assert_max_num_queries, page
):
    client = client_for(facilitator)
    story = _fill(person, facilitator, 2)

    def url():
        return _url("failures") if page == "list" else _url("failure", story.pk)

    client.get(url())
    with django_assert_max_num_queries(50) as few:
        assert client.get(url()).status_code == 200
    _fill(PersonFactory(), facilitator, 15)
    for _ in range(5):
        praiser = MembershipFactory(organisation=organisation, role=Role.FACILITATOR).person
        failure_praise(actor=praiser, story=story, note="More")
        failure_thank(person=PersonFactory(), story=story)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url()).status_code == 200
