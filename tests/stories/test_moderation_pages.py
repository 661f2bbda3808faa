"""Moderation's pages: who may open each (one test for each rule), flags marked in words, bulk actions with their
summary, the teller's answer page with and without an account, the history, bad input, and query counts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Organisation, Role, Service
from coproduce.people.models import Person
from coproduce.stories.models import IdentifyingDetail, Story, StoryRevision
from coproduce.stories.services.moderation import (
    identifying_details_keep,
    story_edit_agree,
    story_edit_decline,
    story_edit_propose,
    story_publish,
)
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory
from tests.stories.test_moderation_services import PHONE, gathered_story, waiting_story

QUEUE = reverse("stories:moderation")


@pytest.fixture
def service(organisation: Organisation) -> Service:
    return ServiceFactory(organisation=organisation, name="Carers’ Drop-in")


@pytest.fixture
def teller(db: None) -> Person:
    return PersonFactory(preferred_name="Teodora", email="teodora@example.org")


@pytest.fixture
def gatherer(organisation: Organisation) -> Person:
    return MembershipFactory(organisation=organisation, role=Role.STORY_GATHERER, person__preferred_name="Amira").person


def text(response: Any) -> str:
    return response.content.decode()


def page_of(story: Story) -> str:
    return reverse("stories:moderation-story", args=[story.pk])


# --- who may open what -------------------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in(db):
    response = Client().get(QUEUE)
    assert response.status_code == 302 and "sign-in" in response["Location"]


@pytest.mark.parametrize("role", [None, Role.STAFF, Role.STORY_GATHERER, Role.USES_SERVICE])
def test_the_queue_is_only_for_moderators(client_for, organisation, role):
    person = PersonFactory()
    if role is not None:
        MembershipFactory(person=person, organisation=organisation, role=role)
    assert client_for(person).get(QUEUE).status_code == 403


def test_each_moderator_sees_the_stories_theirs_to_check(client_for, service, facilitator, org_admin, place_admin):
    ours = waiting_story([service], title="About our drop-in")
    theirs = waiting_story([ServiceFactory(name="Elm Day Centre")], title="About Elm")
    nobodys = waiting_story([], title="About no service")
    waiting_story([service], title="Already out", status=Story.Status.PUBLISHED)
    waiting_story([service], title="Taken back", status=Story.Status.WITHDRAWN)
    for person, sees, does_not_see in [
        (facilitator, [ours, nobodys], [theirs]),
        (org_admin, [ours, nobodys], [theirs]),
        (place_admin, [ours, theirs, nobodys], []),
    ]:
        page = text(client_for(person).get(QUEUE))
        for story in sees:
            assert story.title in page, (person, story.title)
        for story in does_not_see:
            assert story.title not in page, (person, story.title)
        assert "Already out" not in page and "Taken back" not in page
    elsewhere = MembershipFactory(role=Role.FACILITATOR).person
    page = text(client_for(elsewhere).get(QUEUE))
    assert "About no service" in page and "About our drop-in" not in page


def test_a_story_about_another_organisations_service_is_not_theirs_to_check(client_for, service):
    story = waiting_story([service])
    elsewhere = MembershipFactory(role=Role.FACILITATOR).person
    client = client_for(elsewhere)
    assert client.get(page_of(story)).status_code == 403
    assert client.post(reverse("stories:moderation-publish", args=[story.pk])).status_code == 403
    assert client.get(reverse("stories:revisions", args=[story.pk])).status_code == 403
    story.refresh_from_db()
    assert story.status == Story.Status.WAITING


def test_a_withdrawn_story_is_gone_for_moderators_too(client_for, service, facilitator, teller):
    story = waiting_story([service], teller=teller, status=Story.Status.WITHDRAWN)
    client = client_for(facilitator)
    for url in (page_of(story), reverse("stories:revisions", args=[story.pk])):
        response = client.get(url)
        assert response.status_code == 410 and "withdrawn" in text(response)
    assert client.post(reverse("stories:moderation-publish", args=[story.pk])).status_code == 410


def test_a_draft_is_not_for_moderators(client_for, service, facilitator, teller):
    story = waiting_story([service], teller=teller, status=Story.Status.DRAFT)
    assert client_for(facilitator).get(page_of(story)).status_code == 404


# --- flags marked ------------------------------------------------------------------------------------------------


def test_a_phone_number_is_marked_in_words_in_the_queue_and_on_the_story(client_for, service, facilitator, gatherer):
    story = gathered_story(service, gatherer, title="The drop-in <b>helped</b>")
    client = client_for(facilitator)
    marked = f'<mark class="cp-finding">{PHONE} <span class="cp-finding__kind">[a phone number]</span></mark>'
    for url in (QUEUE, page_of(story)):
        page = text(client.get(url))
        assert marked in page
        assert "The drop-in &lt;b&gt;helped&lt;/b&gt;" in page and "<b>helped</b>" not in page
    assert "1 marked detail to deal with" in text(client.get(QUEUE))


def test_script_in_a_story_is_shown_as_text(client_for, service, facilitator, teller):
    waiting_story([service], teller=teller, body="<script>alert('hi')</script> and Dr Okafor")
    page = text(client_for(facilitator).get(QUEUE))
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page
    assert "[a person’s name]" in page or "[a person&#x27;s name]" in page


# --- one story ---------------------------------------------------------------------------------------------------


def test_marking_details_fine_to_keep_then_publishing(
    client_for, service, facilitator, gatherer, django_capture_on_commit_callbacks
):
    story = gathered_story(service, gatherer)
    detail = story.identifying_details.get()
    client = client_for(facilitator)
    refused = client.post(reverse("stories:moderation-publish", args=[story.pk]))
    assert refused.status_code == 400 and "1 marked detail still needs" in text(refused)
    missing = client.post(reverse("stories:moderation-keep", args=[story.pk]), {"keep-details": [detail.pk]})
    assert missing.status_code == 400 and "Say why these details are fine to keep" in text(missing)
    too_long = "x" * 301
    response = client.post(
        reverse("stories:moderation-keep", args=[story.pk]), {"keep-details": [detail.pk], "keep-reason": too_long}
    )
    assert response.status_code == 400 and "can be up to 300 characters" in text(response)
    assert too_long in text(response), "what was typed is kept"
    response = client.post(
        reverse("stories:moderation-keep", args=[story.pk]),
        {"keep-details": [detail.pk], "keep-reason": "It is the drop-in's own number"},
    )
    assert response.status_code == 302
    page = text(client.get(page_of(story)))
    assert "[a phone number, fine to keep]" in page and "It is the drop-in&#x27;s own number" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stories:moderation-publish", args=[story.pk]))
    assert response.status_code == 302 and response["Location"] == QUEUE
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert gatherer.email in [m.to[0] for m in mail.outbox]


def test_the_suggestion_form_starts_without_the_flagged_details_and_keeps_what_was_typed(
    client_for, service, facilitator, teller
):
    story = waiting_story([service], teller=teller, body=f"Ring {PHONE} any time.")
    client = client_for(facilitator)
    page = text(client.get(page_of(story)))
    assert "Ring [phone number] any time." in page
    assert "The teller has heard these words" not in page, "a teller with an account answers themselves"
    long_body = "word " * 4001
    response = client.post(
        reverse("stories:moderation-suggest", args=[story.pk]),
        {"suggest-title": story.title, "suggest-body": long_body, "suggest-reason": "Safety"},
    )
    assert response.status_code == 400 and re.search("can be up to 20,?000 characters", text(response))
    assert long_body.strip() in text(response)
    response = client.post(
        reverse("stories:moderation-suggest", args=[story.pk]),
        {"suggest-title": story.title, "suggest-body": "Ring the drop-in any time.", "suggest-reason": ""},
    )
    assert response.status_code == 400 and "Say why you suggest the change" in text(response)
    assert "Ring the drop-in any time." in text(response)


def test_not_publishing_from_the_story_page(client_for, service, facilitator, teller):
    story = waiting_story([service], teller=teller)
    client = client_for(facilitator)
    url = reverse("stories:moderation-not-publish", args=[story.pk])
    response = client.post(url, {"not-reason": ""})
    assert response.status_code == 400 and "Say why the story will not be published" in text(response)
    assert client.post(url, {"not-reason": "It is about a service in another county."}).status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.NOT_PUBLISHED
    page = text(client_for(teller).get(story.get_absolute_url()))
    assert "Why it was not published" in page and "another county" in page


# --- the teller's answer -----------------------------------------------------------------------------------------


def suggest(facilitator: Person, story: Story, body: str) -> StoryRevision:
    return story_edit_propose(actor=facilitator, story=story, title=story.title, body=body, reason="So you are safe")


def test_the_teller_sees_the_suggestion_and_agrees(client_for, service, facilitator, teller):
    story = waiting_story([service], teller=teller, body=f"Ring me on {PHONE}.")
    suggest(facilitator, story, "Ring me.")
    client = client_for(teller)
    assert "See the suggestion and answer" in text(client.get(story.get_absolute_url()))
    assert "The suggestion for" in text(client.get(reverse("stories:mine")))
    url = reverse("stories:suggested-change", args=[story.pk])
    page = text(client.get(url))
    assert '<del class="cp-removed">' in page and "So you are safe" in page
    assert "The teller has heard" not in page and "they agreed" not in page
    response = client.post(url, {})
    assert response.status_code == 400 and "Choose yes or no" in text(response)
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == "Ring me."
    assert "See the suggestion and answer" not in text(client.get(story.get_absolute_url()))


def test_only_the_teller_answers_when_they_have_an_account(client_for, service, facilitator, teller, place_admin):
    story = waiting_story([service], teller=teller, body=f"Ring me on {PHONE}.")
    suggest(facilitator, story, "Ring me.")
    url = reverse("stories:suggested-change", args=[story.pk])
    for someone in (facilitator, place_admin, PersonFactory()):
        assert client_for(someone).get(url).status_code == 403
        assert client_for(someone).post(url, {"answer": "yes"}).status_code == 403
    story.refresh_from_db()
    assert story.body == f"Ring me on {PHONE}."


def test_the_gatherer_records_the_answer_for_a_teller_without_an_account(client_for, service, facilitator, gatherer):
    story = gathered_story(service, gatherer)
    suggest(facilitator, story, "Ring the drop-in if you want to know more.")
    assert client_for(PersonFactory()).get(reverse("stories:suggested-change", args=[story.pk])).status_code == 403
    client = client_for(gatherer)
    assert "Ask the teller whether they agree" in text(client.get(story.get_absolute_url()))
    url = reverse("stories:suggested-change", args=[story.pk])
    assert "I read the suggested words to the teller and they agreed" in text(client.get(url))
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 400 and "Tick to confirm" in text(response)
    assert client.post(url, {"answer": "yes", "teller_agreed": "on"}).status_code == 302
    revision = StoryRevision.objects.get(story=story)
    assert revision.teller_agreed and revision.answer_recorded_by == gatherer
    history = text(client_for(facilitator).get(reverse("stories:revisions", args=[story.pk])))
    assert "Recorded for the teller by Amira" in history and "Femi" in history
    assert '<del class="cp-removed">' in history and '<ins class="cp-added">' in history


def test_a_moderator_may_record_the_answer_for_a_teller_without_an_account(client_for, service, facilitator, gatherer):
    story = gathered_story(service, gatherer)
    suggest(facilitator, story, "Ring the drop-in.")
    url = reverse("stories:suggested-change", args=[story.pk])
    client = client_for(facilitator)
    response = client.post(url, {"answer": "no", "note": "She wants people to ring her <i>directly</i>."})
    assert response.status_code == 302
    revision = StoryRevision.objects.get(story=story)
    assert revision.proposal == StoryRevision.Proposal.DECLINED and revision.answer_recorded_by == facilitator
    history = text(client.get(reverse("stories:revisions", args=[story.pk])))
    assert "Said no" in history and "&lt;i&gt;directly&lt;/i&gt;" in history


def test_nothing_waiting_says_so(client_for, service, teller):
    story = waiting_story([service], teller=teller)
    response = client_for(teller).get(reverse("stories:suggested-change", args=[story.pk]))
    assert response.status_code == 200 and "no suggested change waiting" in text(response)


# --- bulk --------------------------------------------------------------------------------------------------------


def test_bulk_publish_from_the_queue_says_what_happened_to_each(client_for, service, facilitator, teller, gatherer):
    clean = waiting_story([service], teller=teller, title="All good")
    flagged = gathered_story(service, gatherer, title="Has a number")
    client = client_for(facilitator)
    response = client.post(QUEUE, {"stories": [clean.pk, flagged.pk], "action": "publish"})
    assert response.status_code == 302
    page = text(client.get(QUEUE))
    assert "1 story published" in page and "1 story is still waiting" in page
    assert "“All good”: Published." in page and "1 marked detail still needs" in page
    # The summary is shown once.
    assert "What happened" not in text(client.get(QUEUE))
    assert dict(Story.objects.values_list("title", "status")) == {"All good": "published", "Has a number": "waiting"}


def test_bulk_not_publish_needs_a_reason_and_keeps_the_ticks(client_for, service, facilitator, teller):
    first = waiting_story([service], teller=teller, title="First")
    second = waiting_story([service], teller=teller, title="Second")
    client = client_for(facilitator)
    response = client.post(QUEUE, {"stories": [first.pk], "action": "not_publish", "reason": ""})
    assert response.status_code == 400 and "Say why the stories will not be published" in text(response)
    assert re.search(rf'value="{first.pk}"\s+checked', text(response))
    assert not re.search(rf'value="{second.pk}"\s+checked', text(response))
    response = client.post(
        QUEUE, {"stories": [first.pk, second.pk], "action": "not_publish", "reason": "Both are about another place."}
    )
    assert response.status_code == 302
    assert "2 stories not published" in text(client.get(QUEUE))
    assert set(Story.objects.values_list("status", flat=True)) == {"not_published"}


def test_bulk_needs_a_story_and_refuses_stories_outside_the_queue(client_for, service, facilitator, teller):
    waiting_story([service], teller=teller)
    other = waiting_story([ServiceFactory()], teller=teller, title="Not ours")
    client = client_for(facilitator)
    response = client.post(QUEUE, {"action": "publish"})
    assert response.status_code == 400 and "Choose at least one story" in text(response)
    response = client.post(QUEUE, {"stories": [other.pk], "action": "publish"})
    assert response.status_code == 400 and "no longer in your queue" in text(response)
    other.refresh_from_db()
    assert other.status == Story.Status.WAITING


# --- history -----------------------------------------------------------------------------------------------------


def test_the_history_shows_every_change_with_who_and_the_agreement(client_for, service, facilitator, teller):
    story = waiting_story([service], teller=teller, body=f"Ring me on {PHONE}.")
    first = suggest(facilitator, story, "Ring me, please.")
    story_edit_decline(actor=teller, revision=first, note="I prefer my words")
    second = suggest(facilitator, story, "Ring me.")
    story_edit_agree(actor=teller, revision=second)
    history = text(client_for(facilitator).get(reverse("stories:revisions", args=[story.pk])))
    assert history.count("Changed by") == 2
    assert "Said no" in history and "I prefer my words" in history
    assert "Answered by the teller" in history and "The teller agreed" in history
    assert "Femi" in history and "So you are safe" in history


def test_the_history_is_only_for_moderators(client_for, service, teller):
    story = waiting_story([service], teller=teller)
    assert client_for(teller).get(reverse("stories:revisions", args=[story.pk])).status_code == 403


# --- query counts ------------------------------------------------------------------------------------------------


def fill_queue(service: Service, gatherer: Person, facilitator: Person, n: int, start: int) -> None:
    for i in range(start, start + n):
        story = gathered_story(service, gatherer, title=f"Story {i}", body=f"Call {PHONE} or Dr Okafor at 12 Oak Road")
        keep = story.identifying_details.filter(kind=IdentifyingDetail.Kind.NAME)
        identifying_details_keep(actor=facilitator, story=story, details=list(keep), reason="A doctor's role")
        story.services.add(ServiceFactory(organisation=service.organisation))
        suggest(facilitator, story, "Call the drop-in.")


def test_the_queue_costs_the_same_whatever_its_length(
    client_for, service, facilitator, gatherer, django_assert_max_num_queries
):
    client = client_for(facilitator)
    fill_queue(service, gatherer, facilitator, 2, 0)
    client.get(QUEUE)
    with django_assert_max_num_queries(30) as few:
        client.get(QUEUE)
    fill_queue(service, gatherer, facilitator, 7, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client.get(QUEUE))
    assert "Story 8" in page and "9 stories waiting" in page


def test_a_story_page_costs_the_same_whatever_its_flags(
    client_for, service, facilitator, gatherer, django_assert_max_num_queries
):
    client = client_for(facilitator)
    small = gathered_story(service, gatherer, body=f"Call {PHONE}")
    big = gathered_story(service, gatherer, body=" ".join(f"Call 0770090{i:04d} or Mrs Patel{i}." for i in range(30)))
    for story in (small, big):
        story.services.add(*[ServiceFactory(organisation=service.organisation) for _ in range(3)])
    client.get(page_of(small))
    with django_assert_max_num_queries(30) as few:
        client.get(page_of(small))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page_of(big))


def test_published_story_is_said_so_on_the_moderation_page(client_for, service, facilitator, teller):
    story = waiting_story([service], teller=teller)
    story_publish(actor=facilitator, story=story)
    page = text(client_for(facilitator).get(page_of(story)))
    assert "Read it as published" in page and "Publish the story" not in page
    assert timezone.now() >= Story.objects.get(pk=story.pk).published_at
