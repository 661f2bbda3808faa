"""The response pages: who may answer, the form (linking an action, keeping what was typed), the story page showing
responses and what is being done, the list of stories waiting, and query counts."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Organisation, Role, Service
from coproduce.people.models import Person
from coproduce.plans.models import Action
from coproduce.stories.models import Response, Story
from coproduce.stories.services.responses import response_post
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PlanFactory,
    ServiceFactory,
    StoryFactory,
)


@pytest.fixture
def service(organisation: Organisation) -> Service:
    return ServiceFactory(organisation=organisation, name="Drop-in")


@pytest.fixture
def staff(organisation: Organisation) -> Person:
    return MembershipFactory(organisation=organisation, role=Role.STAFF, person__preferred_name="Sam").person


@pytest.fixture
def story(service: Service) -> Story:
    return StoryFactory(services=[service], title="The door was locked", reach=Story.Reach.PUBLIC)


def respond_url(story: Story, service: Service) -> str:
    return reverse("stories:respond", kwargs={"story_id": story.pk, "service_id": service.pk})


def key() -> str:
    return uuid.uuid4().hex


def test_staff_and_managers_of_a_named_service_may_respond(client_for, facilitator, org_admin, staff, story, service):
    for person in (facilitator, org_admin, staff):
        assert client_for(person).get(respond_url(story, service)).status_code == 200, person


def test_everyone_else_may_not(client, client_for, story, service, organisation):
    uses_it = MembershipFactory(organisation=organisation, role=Role.USES_SERVICE).person
    volunteer = MembershipFactory(organisation=organisation, role=Role.VOLUNTEER).person
    other_staff = MembershipFactory(organisation=OrganisationFactory(), role=Role.STAFF).person
    teller = story.teller
    for person in (uses_it, volunteer, other_staff, teller, PersonFactory(is_place_admin=True)):
        assert client_for(person).get(respond_url(story, service)).status_code == 403, person
        assert client_for(person).post(respond_url(story, service), {"body": "x"}).status_code == 403
    signed_out = client.get(respond_url(story, service))
    assert signed_out.status_code == 302 and "/sign-in/" in signed_out["Location"]
    assert not Response.objects.exists()


def test_a_service_the_story_does_not_name_and_stories_not_published(client_for, facilitator, service, organisation):
    other = ServiceFactory(organisation=organisation)
    story = StoryFactory(services=[service])
    assert client_for(facilitator).get(respond_url(story, other)).status_code == 404
    waiting = StoryFactory(services=[service], status=Story.Status.WAITING)
    assert client_for(facilitator).get(respond_url(waiting, service)).status_code == 403
    withdrawn = StoryFactory(services=[service], status=Story.Status.WITHDRAWN)
    assert client_for(facilitator).get(respond_url(withdrawn, service)).status_code == 410
    # Facilitators-only stories: staff of the service cannot read them, so cannot answer them.
    private = StoryFactory(services=[service], reach=Story.Reach.FACILITATORS)
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    assert client_for(staff).get(respond_url(private, service)).status_code == 403


def test_responding_with_a_new_action_shows_on_the_story_with_what_is_being_done(
    client_for, facilitator, story, service, django_capture_on_commit_callbacks
):
    client = client_for(facilitator)
    due = timezone.localdate() + timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            respond_url(story, service),
            {
                "idempotency_key": key(),
                "body": "Thank you. We now open the door at nine.",
                "change": "made",
                "link": "new",
                "what": "Open the door at nine",
                "due_on": due.strftime("%d/%m/%Y"),
            },
        )
    assert page.status_code == 302 and page["Location"] == f"/stories/{story.pk}/#responses"
    action = Action.objects.get()
    assert action.source_or_none() == story and action.plan.title == "Changes from stories — Drop-in"

    shown = client.get(story.get_absolute_url()).content.decode()
    assert "Drop-in (Millbrook Carers) responded" in shown
    assert "We now open the door at nine." in shown and "A change has been made" in shown
    assert "What we are doing about it" in shown and "Open the door at nine" in shown
    assert reverse("plans:action", args=[action.pk]) in shown
    assert "Change your response" in shown

    # The action's page says where it came from.
    action_page = client.get(reverse("plans:action", args=[action.pk])).content.decode()
    assert "Came from" in action_page and story.get_absolute_url() in action_page


def test_linking_an_existing_action_shows_it_on_the_story(client_for, facilitator, story, service, organisation):
    existing = ActionFactory(plan=PlanFactory(organisation=organisation, title="Access"), what="New ramp")
    client = client_for(facilitator)
    page = client.get(respond_url(story, service)).content.decode()
    assert "New ramp (Access)" in page
    client.post(
        respond_url(story, service),
        {
            "idempotency_key": key(),
            "body": "The ramp is coming.",
            "change": "planned",
            "link": "existing",
            "action": existing.pk,
        },
    )
    assert Response.objects.get().action == existing
    shown = client.get(story.get_absolute_url()).content.decode()
    assert "New ramp" in shown and "A change is planned" in shown


def test_signed_out_readers_see_the_response_but_not_the_plans(client, client_for, facilitator, story, service):
    response_post(actor=facilitator, story=story, service=service, body="We hear you.", change="planned")
    shown = client.get(story.get_absolute_url()).content.decode()
    assert "We hear you." in shown and "A change is planned" in shown
    assert "What we are doing about it" not in shown and "Respond for" not in shown


def test_the_story_page_offers_to_respond_only_to_those_who_may(client_for, facilitator, story, service):
    assert "Respond for Drop-in" in client_for(facilitator).get(story.get_absolute_url()).content.decode()
    assert "Respond for Drop-in" not in client_for(PersonFactory()).get(story.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": ""}, "body", "Write your response to the story."),
        ({"body": "x" * 5001}, "body", "can be up to 5000 characters. It has 5001"),
        ({"body": "Hi", "link": "existing"}, "action", "Choose the action this response links to."),
        ({"body": "Hi", "link": "new"}, "what", "Say what will be done."),
        ({"body": "Hi", "link": "new", "what": "x", "due_on": "yesterday"}, "due_on", "Write the date as day"),
        ({"body": "Hi", "change": "perhaps"}, "change", "Choose one of the answers listed."),
    ],
)
def test_bad_input_says_what_to_fix_and_keeps_what_was_typed(
    client_for, facilitator, story, service, data, field, message
):
    posted = {"idempotency_key": key(), "change": "", "link": "", **data}
    page = client_for(facilitator).post(respond_url(story, service), posted)
    assert page.status_code == 200
    text = page.content.decode()
    assert "There is a problem" in text and message in text
    assert f'href="#id_{field}' in text
    if data["body"] and len(data["body"]) < 100:
        assert data["body"] in text
    assert not Response.objects.exists()


def test_a_past_date_for_a_new_action_comes_back_to_the_field(client_for, facilitator, story, service):
    past = (timezone.localdate() - timedelta(days=2)).strftime("%d/%m/%Y")
    text = (
        client_for(facilitator)
        .post(
            respond_url(story, service),
            {"idempotency_key": key(), "body": "Keep this text", "link": "new", "what": "Mend it", "due_on": past},
        )
        .content.decode()
    )
    assert "in the past" in text and "Keep this text" in text and "Mend it" in text
    assert not Response.objects.exists() and not Action.objects.exists()


def test_html_in_a_response_is_shown_as_text(client_for, facilitator, story, service):
    response_post(actor=facilitator, story=story, service=service, body="<script>alert('x')</script> <b>ok</b>")
    shown = client_for(facilitator).get(story.get_absolute_url()).content.decode()
    assert "<script>alert" not in shown and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in shown
    assert "<b>ok</b>" not in shown


def test_sent_twice_is_kept_once(client_for, facilitator, story, service):
    client = client_for(facilitator)
    data = {"idempotency_key": key(), "body": "Once only", "change": "", "link": ""}
    assert client.post(respond_url(story, service), data).status_code == 302
    assert client.post(respond_url(story, service), data).status_code == 302
    assert Response.objects.count() == 1


def test_only_the_author_may_change_a_response(client_for, facilitator, staff, story, service):
    response = response_post(actor=facilitator, story=story, service=service, body="First words")
    edit = reverse("stories:response-edit", args=[response.pk])
    assert client_for(staff).get(edit).status_code == 403
    assert client_for(PersonFactory()).get(edit).status_code == 403
    client = client_for(facilitator)
    page = client.get(edit).content.decode()
    assert "First words" in page and "Keep the action it links to now" not in page
    # Opening the respond address again leads the author to their response.
    assert client.get(respond_url(story, service))["Location"] == edit
    done = client.post(edit, {"idempotency_key": key(), "body": "Better words", "change": "made", "link": ""})
    assert done.status_code == 302
    response.refresh_from_db()
    assert response.body == "Better words" and response.edited_at is not None
    shown = client.get(story.get_absolute_url()).content.decode()
    assert "Better words" in shown and "(changed " in shown


def test_someone_who_left_the_organisation_may_no_longer_change_their_response(
    client_for, story, service, organisation
):
    membership = MembershipFactory(organisation=organisation, role=Role.STAFF)
    response = response_post(actor=membership.person, story=story, service=service, body="Hi")
    membership.delete()
    assert client_for(membership.person).get(reverse("stories:response-edit", args=[response.pk])).status_code == 403


def test_the_waiting_list_shows_unanswered_stories_for_my_services_only(client_for, staff, service, organisation):
    mine = StoryFactory(services=[service], title="Mine to answer", published_at=timezone.now() - timedelta(days=3))
    answered = StoryFactory(services=[service], title="Already answered")
    response_post(actor=staff, story=answered, service=service, body="Done")
    StoryFactory(services=[ServiceFactory()], title="Somebody else’s")
    StoryFactory(services=[service], title="Withdrawn one", status=Story.Status.WITHDRAWN)
    StoryFactory(services=[service], title="Still waiting to be checked", status=Story.Status.WAITING)
    text = client_for(staff).get(reverse("stories:waiting")).content.decode()
    assert "Mine to answer" in text and "1 story waiting" in text
    for title in ("Already answered", "Somebody else’s", "Withdrawn one", "Still waiting to be checked"):
        assert title not in text
    assert respond_url(mine, service) in text


def test_the_waiting_list_is_for_staff_and_managers(client, client_for, facilitator, staff):
    assert client_for(PersonFactory()).get(reverse("stories:waiting")).status_code == 403
    assert client.get(reverse("stories:waiting")).status_code == 302
    assert client_for(facilitator).get(reverse("stories:waiting")).status_code == 200


def _fill(n: int, *, service: Service, author: Person) -> None:
    for i in range(n):
        story = StoryFactory(services=[service, ServiceFactory()], teller=PersonFactory())
        if i % 2:
            response_post(
                actor=author,
                story=story,
                service=service,
                body=f"Answer {i}",
                action=ActionFactory(plan=PlanFactory(organisation=service.organisation)),
            )


@pytest.mark.parametrize("page", ["waiting", "story", "respond"])
def test_query_counts_do_not_grow_with_data(client_for, facilitator, service, django_assert_max_num_queries, page):
    client = client_for(facilitator)
    story = StoryFactory(services=[service], reach=Story.Reach.PUBLIC)
    elsewhere = ServiceFactory()

    def url() -> str:
        if page == "waiting":
            return reverse("stories:waiting")
        if page == "story":
            return story.get_absolute_url()
        return respond_url(story, service)

    _fill(2, service=service, author=facilitator)
    story.services.add(elsewhere)
    client.get(url())
    with django_assert_max_num_queries(60) as few:
        assert client.get(url()).status_code == 200
    _fill(12, service=service, author=facilitator)
    for _ in range(5):
        story.services.add(ServiceFactory(organisation=service.organisation))
    ActionFactory.create_batch(10, plan=PlanFactory(organisation=service.organisation))
    if page == "story":
        other = StoryFactory(services=[service])
        response_post(actor=facilitator, story=story, service=service, body="Ours", new_action=None)
        manager = MembershipFactory(organisation=elsewhere.organisation, role=Role.FACILITATOR).person
        response_post(actor=manager, story=story, service=elsewhere, body="Theirs", change="made")
        assert other.pk
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url()).status_code == 200
