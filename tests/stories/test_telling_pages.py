"""The story pages: the list, a story, My stories, telling, gathering, changing who reads it, withdrawing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.stories.models import Story, Theme
from coproduce.stories.services.telling import BODY_MAX
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory, StoryFactory


@pytest.fixture
def service(db: None):  # type: ignore[no-untyped-def]
    return ServiceFactory(name="Carers’ Drop-in")


def tell_data(service, **changes):  # type: ignore[no-untyped-def]
    data = {
        "idempotency_key": "0123456789abcdef0123456789abcdef",
        "prompt": "time-listened-to",
        "title": "The phone line that answered",
        "body": "I rang on a Monday and a real person picked up.",
        "services": [str(service.pk)],
        "feeling": "grateful",
        "new_themes": "phone lines, being listened to",
        "reach": "public",
        "identity": "named",
        "pen_name": "",
        "action": "send",
    }
    data.update(changes)
    return data


# --- the list ----------------------------------------------------------------------------------------------------


def test_visitors_see_public_published_stories_newest_first(client, db, service):
    now = timezone.now()
    older = StoryFactory(reach="public", title="Older", published_at=now - timedelta(days=2))
    newer = StoryFactory(reach="public", title="Newer", published_at=now - timedelta(days=1))
    StoryFactory(reach="members", title="For members only")
    StoryFactory(reach="public", status="waiting", title="Not checked yet")
    StoryFactory(reach="public", status="withdrawn", title="Taken back")
    page = client.get(reverse("stories:list"))
    assert page.status_code == 200
    assert list(page.context["stories"]) == [newer, older]
    text = page.content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in text and reverse("stories:feed") in text
    assert "For members only" not in text and "Taken back" not in text


def test_the_list_filters_by_service_and_theme_and_offers_the_service_feed(client_for, person, service):
    waiting = Theme.objects.create(name="waiting times", slug="waiting-times")
    about = StoryFactory(services=[service], title="About the drop-in")
    about.themes.add(waiting)
    StoryFactory(title="About something else")
    client = client_for(person)
    page = client.get(reverse("stories:list"), {"service": service.pk})
    assert list(page.context["stories"]) == [about]
    assert reverse("stories:service-feed", kwargs={"service_id": service.pk}) in page.content.decode()
    assert list(client.get(reverse("stories:list"), {"theme": "waiting-times"}).context["stories"]) == [about]
    # A filter that makes no sense is ignored rather than failing.
    assert client.get(reverse("stories:list"), {"service": "nonsense"}).status_code == 200


def test_the_list_pages(client, db):
    for _ in range(23):
        StoryFactory(reach="public")
    first = client.get(reverse("stories:list"))
    second = client.get(reverse("stories:list"), {"page": 2})
    assert len(first.context["stories"]) == 20 and len(second.context["stories"]) == 3
    assert first.context["page"].has_next and not second.context["page"].has_next
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()
    for odd in ("99", "abc", "-3"):
        assert list(client.get(reverse("stories:list"), {"page": odd}).context["stories"]) == list(
            first.context["stories"]
        )


def add_stories(count: int, service, theme) -> None:  # type: ignore[no-untyped-def]
    gatherer = PersonFactory()
    for i in range(count):
        story = StoryFactory(services=[service, ServiceFactory()], gathered_by=gatherer if i % 2 else None)
        story.themes.add(theme)


@pytest.mark.parametrize("query", [{}, {"theme": "food"}])
def test_the_list_costs_the_same_queries_however_many_stories(
    client_for, person, service, query, django_assert_max_num_queries
):
    client = client_for(person)
    theme = Theme.objects.create(name="food", slug="food")
    add_stories(2, service, theme)
    query = {**query, "service": service.pk}
    client.get(reverse("stories:list"), query)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("stories:list"), query)
    add_stories(30, service, theme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("stories:list"), query)
    assert len(page.context["stories"]) == 20


# --- a story's page ----------------------------------------------------------------------------------------------


def test_a_story_shows_its_words_escaped_and_its_byline(client_for, person, service):
    gatherer = PersonFactory(preferred_name="Amira")
    story = StoryFactory(
        teller=person,
        identity="named",
        gathered_by=gatherer,
        reach="members",
        body='<script>alert("x")</script>\nSecond line',
        title="<b>Title</b>",
        services=[service],
    )
    page = client_for(PersonFactory()).get(story.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text and "<script>alert" not in text
    assert "&lt;b&gt;Title&lt;/b&gt;" in text
    assert "Told by Rosa" in text and "gathered by Amira" in text
    assert "Change who may read it" not in text  # only for the teller


def test_anonymous_and_pen_names_never_show_the_teller(client_for, person, service):
    anonymous = StoryFactory(teller=person, identity="anonymous")
    pen = StoryFactory(teller=person, identity="username", pen_name="A mum from Millbrook")
    private = StoryFactory(teller=None, teller_name="Dorothy Pike", identity="named", gathered_by=PersonFactory())
    reader = client_for(PersonFactory())
    assert "Told by Anonymous" in reader.get(anonymous.get_absolute_url()).content.decode()
    assert "Told by A mum from Millbrook" in reader.get(pen.get_absolute_url()).content.decode()
    text = reader.get(private.get_absolute_url()).content.decode()
    assert "Dorothy" not in text and "Told by Anonymous" in text
    assert "Rosa" not in reader.get(anonymous.get_absolute_url()).content.decode()


def test_a_withdrawn_story_answers_410_kindly_to_everyone(client, client_for, person):
    story = StoryFactory(teller=person, reach="public", status="withdrawn", title="Secret title")
    for who in (client, client_for(person), client_for(PersonFactory(is_place_admin=True))):
        page = who.get(story.get_absolute_url())
        assert page.status_code == 410
        text = page.content.decode()
        assert "This story has been withdrawn" in text and "Secret title" not in text


def test_a_story_the_viewer_may_not_read_is_not_found_or_asks_to_sign_in(client, client_for, db):
    story = StoryFactory(reach="facilitators")
    assert client_for(PersonFactory()).get(story.get_absolute_url()).status_code == 404
    assert client.get(story.get_absolute_url())["Location"].startswith(reverse("accounts:sign-in"))
    assert client.get(reverse("stories:story", kwargs={"story_id": 99999})).status_code == 404


def test_a_story_page_costs_the_same_queries_however_many_services_and_themes(
    client_for, person, django_assert_max_num_queries
):
    story = StoryFactory(teller=person, services=[ServiceFactory()], gathered_by=PersonFactory())
    story.themes.add(Theme.objects.create(name="theme", slug="theme"))
    client = client_for(person)
    client.get(story.get_absolute_url())
    with django_assert_max_num_queries(25) as few:
        client.get(story.get_absolute_url())
    story.services.add(*[ServiceFactory() for _ in range(8)])
    for i in range(8):
        story.themes.add(Theme.objects.create(name=f"theme {i}", slug=f"theme-{i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(story.get_absolute_url())
    assert "theme 7" in page.content.decode()


# --- telling -----------------------------------------------------------------------------------------------------


def test_telling_needs_an_account(client, db):
    assert client.get(reverse("stories:tell"))["Location"].startswith(reverse("accounts:sign-in"))


def test_a_story_is_told_and_sent(client_for, person, service):
    client = client_for(person)
    form = client.get(reverse("stories:tell"), {"prompt": "time-listened-to"})
    assert form.status_code == 200 and "Tell us about a time when you felt really listened to." in form.content.decode()
    response = client.post(reverse("stories:tell"), tell_data(service))
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    assert story.status == "waiting" and story.teller == person and story.reach == "public"
    assert sorted(story.themes.values_list("name", flat=True)) == ["being listened to", "phone lines"]
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Waiting to be checked" in page


def test_the_same_form_sent_twice_makes_one_story(client_for, person, service):
    client = client_for(person)
    client.post(reverse("stories:tell"), tell_data(service))
    again = client.post(reverse("stories:tell"), tell_data(service))
    assert Story.objects.count() == 1
    assert again.status_code == 302
    assert "was sent already" in client.get(again["Location"]).content.decode()


def test_a_draft_is_saved_and_carried_on_later(client_for, person, service):
    client = client_for(person)
    response = client.post(reverse("stories:tell"), tell_data(service, action="save", title="", body="Half a thought"))
    story = Story.objects.get()
    assert response["Location"] == reverse("stories:edit", kwargs={"story_id": story.pk})
    assert story.status == "draft"
    edit = client.get(response["Location"])
    assert "Half a thought" in edit.content.decode()
    # Sending it without a title keeps everything and says what is missing.
    failed = client.post(response["Location"], tell_data(service, title="", body="Half a thought, finished."))
    assert failed.status_code == 400
    text = failed.content.decode()
    assert "Give the story a title." in text and "Half a thought, finished." in text
    story.refresh_from_db()
    assert story.status == "draft" and story.body == "Half a thought, finished."
    sent = client.post(response["Location"], tell_data(service, title="Done", body="Half a thought, finished."))
    assert sent.status_code == 302
    story.refresh_from_db()
    assert story.status == "waiting"
    # Once sent it cannot be edited as a draft.
    assert client.get(reverse("stories:edit", kwargs={"story_id": story.pk})).status_code == 403


def test_an_enormous_story_is_refused_plainly_and_kept(client_for, person, service):
    body = "word " * (BODY_MAX // 5) + "and more"
    response = client_for(person).post(reverse("stories:tell"), tell_data(service, body=body))
    assert response.status_code == 400
    text = response.content.decode()
    assert "can be up to 20000 characters" in text or "can be up to 20,000 characters" in text
    assert body.strip() in text
    assert not Story.objects.exists()


def test_an_empty_story_cannot_be_sent_or_saved(client_for, person, service):
    response = client_for(person).post(reverse("stories:tell"), tell_data(service, title="", body=""))
    assert response.status_code == 400
    assert "Write something first" in response.content.decode() and not Story.objects.exists()


def test_too_many_themes_are_refused_and_kept(client_for, person, service):
    themes = ", ".join(f"theme {i}" for i in range(12))
    response = client_for(person).post(reverse("stories:tell"), tell_data(service, new_themes=themes))
    assert response.status_code == 400
    text = response.content.decode()
    assert "up to 10 themes" in text and "theme 11" in text


def test_someone_elses_draft_cannot_be_opened(client_for, person, service):
    story = StoryFactory(teller=person, status="draft")
    assert client_for(PersonFactory()).get(reverse("stories:edit", kwargs={"story_id": story.pk})).status_code == 403
    assert client_for(PersonFactory()).get(story.get_absolute_url()).status_code == 404


# --- gathering ---------------------------------------------------------------------------------------------------


@pytest.fixture
def gatherer(db: None):  # type: ignore[no-untyped-def]
    return MembershipFactory(role=Role.STORY_GATHERER, person__preferred_name="Amira").person


def test_only_gatherers_and_facilitators_may_gather(client_for, person, facilitator, gatherer, org_admin):
    url = reverse("stories:gather")
    assert client_for(person).get(url).status_code == 403
    assert client_for(org_admin).get(url).status_code == 403
    assert client_for(facilitator).get(url).status_code == 200
    page = client_for(gatherer).get(url)
    assert page.status_code == 200 and "Read these words to them" in page.content.decode()


def test_a_story_is_gathered_for_someone_with_an_account(client_for, gatherer, service):
    peggy = PersonFactory(preferred_name="Peggy")
    client = client_for(gatherer)
    # Finding Peggy keeps everything typed and checks nothing.
    found = client.post(
        reverse("stories:gather"),
        tell_data(service, has_account="yes", teller_search="Peg", find="teller", identity="anonymous"),
    )
    assert found.status_code == 200 and "Peggy" in found.content.decode() and not Story.objects.exists()
    data = tell_data(service, has_account="yes", teller=str(peggy.pk), consent="on", identity="named")
    response = client.post(reverse("stories:gather"), data)
    story = Story.objects.get()
    assert response.status_code == 302
    assert story.teller == peggy and story.gathered_by == gatherer and story.status == "waiting"
    assert story.teller_consent_at is not None and "Are you happy" in story.teller_consent_wording
    # Peggy sees it in her stories and decides about it.
    mine = client_for(peggy).get(reverse("stories:mine")).content.decode()
    assert story.title in mine
    page = client_for(peggy).get(story.get_absolute_url()).content.decode()
    assert "Change who may read it" in page and "Withdraw the story" in page
    assert "Withdraw the story" not in client.get(story.get_absolute_url()).content.decode()


def test_gathering_without_consent_is_refused_and_kept(client_for, gatherer, service):
    data = tell_data(service, has_account="no", teller_name="Dorothy Pike", identity="anonymous")
    response = client_for(gatherer).post(reverse("stories:gather"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "tick the box once they have agreed" in text and "Dorothy Pike" in text and data["body"] in text
    assert not Story.objects.exists()


def test_a_teller_without_an_account_stays_private_and_the_gatherer_decides_for_them(client_for, gatherer, service):
    client = client_for(gatherer)
    data = tell_data(service, has_account="no", teller_name="Dorothy Pike", identity="anonymous", consent="on")
    client.post(reverse("stories:gather"), data)
    story = Story.objects.get()
    assert story.teller is None and story.teller_name == "Dorothy Pike"
    sharing = reverse("stories:sharing", kwargs={"story_id": story.pk})
    assert client.get(sharing).status_code == 200
    assert client.post(sharing, {"reach": "facilitators", "identity": "anonymous"}).status_code == 302


# --- changing their mind -----------------------------------------------------------------------------------------


def test_the_teller_changes_who_reads_it(client_for, person):
    story = StoryFactory(teller=person, reach="public", identity="named")
    url = reverse("stories:sharing", kwargs={"story_id": story.pk})
    assert client_for(PersonFactory()).get(url).status_code == 403
    client = client_for(person)
    bad = client.post(url, {"reach": "members", "identity": "username", "pen_name": ""})
    assert bad.status_code == 400 and "Write the name to show" in bad.content.decode()
    assert client.post(url, {"reach": "members", "identity": "username", "pen_name": "R"}).status_code == 302
    story.refresh_from_db()
    assert (story.reach, story.identity, story.pen_name) == ("members", "username", "R")


def test_the_teller_withdraws_after_confirming_and_the_link_says_so(client_for, person, client):
    story = StoryFactory(teller=person, reach="public")
    url = reverse("stories:withdraw", kwargs={"story_id": story.pk})
    assert client_for(PersonFactory()).post(url).status_code == 403
    mine = client_for(person)
    assert "Withdraw this story?" in mine.get(url).content.decode()
    assert mine.post(url)["Location"] == reverse("stories:mine")
    story.refresh_from_db()
    assert story.status == "withdrawn"
    assert client.get(story.get_absolute_url()).status_code == 410
    assert story not in client.get(reverse("stories:list")).context["stories"]
    assert "Withdrawn: nobody can read these" in mine.get(reverse("stories:mine")).content.decode()


def test_my_stories_lists_drafts_waiting_published_and_withdrawn(client_for, person):
    for status in ("draft", "waiting", "published", "withdrawn"):
        StoryFactory(teller=person, status=status, title=f"My {status} story")
    StoryFactory(title="Someone else’s")
    text = client_for(person).get(reverse("stories:mine")).content.decode()
    for status in ("draft", "waiting", "published", "withdrawn"):
        assert f"My {status} story" in text
    assert "Someone else’s" not in text


# --- feeds -------------------------------------------------------------------------------------------------------


def test_the_feeds_hold_only_public_published_stories_escaped(client, db, service):
    shown = StoryFactory(reach="public", services=[service], title="Shown", body="<img src=x onerror=alert(1)>")
    shown.themes.add(Theme.objects.create(name="food", slug="food"))
    elsewhere = StoryFactory(reach="public", title="Elsewhere")
    for reach, status in (("members", "published"), ("public", "waiting"), ("public", "withdrawn")):
        StoryFactory(reach=reach, status=status, services=[service], title=f"Hidden {reach} {status}")
    place = client.get(reverse("stories:feed"))
    assert place.status_code == 200 and place["Content-Type"].startswith("application/atom+xml")
    text = place.content.decode()
    assert "Shown" in text and "Elsewhere" in text and "Hidden" not in text
    assert "<img" not in text and "&amp;lt;img" in text
    assert '<category term="food"' in text
    per_service = client.get(reverse("stories:service-feed", kwargs={"service_id": service.pk})).content.decode()
    assert "Shown" in per_service and elsewhere.title not in per_service and "Hidden" not in per_service
    assert client.get(reverse("stories:service-feed", kwargs={"service_id": 99999})).status_code == 404


def test_the_feeds_are_served_to_someone_who_still_owes_a_second_factor(client_for, place_admin):
    StoryFactory(reach="public", title="Shown")
    owing = client_for(place_admin, verified=False)
    assert owing.get(reverse("stories:list")).status_code == 302  # other pages wait for the code
    assert owing.get(reverse("stories:feed")).status_code == 200


def test_a_gathered_draft_opens_again_with_its_teller_chosen_even_in_a_big_place(client_for, gatherer, service):
    for i in range(105):
        PersonFactory(preferred_name=f"Aaron {i:03}")  # the list without a search stops before the Ps
    peggy = PersonFactory(preferred_name="Peggy")
    data = tell_data(service, has_account="yes", teller=str(peggy.pk), consent="on", identity="anonymous")
    client = client_for(gatherer)
    response = client.post(reverse("stories:gather"), {**data, "action": "save"})
    story = Story.objects.get()
    assert response["Location"] == reverse("stories:edit", kwargs={"story_id": story.pk})
    page = client.get(response["Location"]).content.decode()
    assert f'<option value="{peggy.pk}" selected>Peggy</option>' in page
    assert "They agreed on" in page
    # Saved again without ticking: the same teller's agreement stands.
    again = client.post(response["Location"], {**data, "consent": "", "action": "send"})
    assert again.status_code == 302
    story.refresh_from_db()
    assert story.status == "waiting" and story.teller == peggy


def test_the_theme_filter_offers_only_themes_of_public_stories_but_follows_any_theme_link(client_for, person):
    secret = Theme.objects.create(name="a secret worry", slug="a-secret-worry")
    StoryFactory(status="draft", published_at=None).themes.add(secret)
    members_only = Theme.objects.create(name="members talk", slug="members-talk")
    story = StoryFactory(reach="members")
    story.themes.add(members_only)
    StoryFactory(reach="public").themes.add(Theme.objects.create(name="food", slug="food"))
    client = client_for(person)
    page = client.get(reverse("stories:list")).content.decode()
    assert '<option value="food">food</option>' in page
    assert 'value="a-secret-worry"' not in page and "a secret worry" not in page
    assert 'value="members-talk"' not in page  # not offered, though her story's card names it
    followed = client.get(reverse("stories:list"), {"theme": "members-talk"})
    assert list(followed.context["stories"]) == [story]
