"""Responses to stories: posting one, linking the change to an action in a plan, changing it, and who is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Organisation, Role, Service
from coproduce.people.models import Person
from coproduce.plans.models import Action, Plan
from coproduce.plans.selectors import actions_for_source
from coproduce.stories.models import Response, Story
from coproduce.stories.services.responses import (
    BODY_MAX,
    NewAction,
    ResponseError,
    changes_plan_title,
    response_change,
    response_post,
)
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
def teller(db: None) -> Person:
    return PersonFactory(preferred_name="Tess", email="tess@example.org")


@pytest.fixture
def story(service: Service, teller: Person) -> Story:
    return StoryFactory(teller=teller, services=[service], title="The door was locked")


def test_a_response_is_saved_audited_and_the_teller_and_gatherer_are_emailed(
    django_capture_on_commit_callbacks, facilitator, service, teller
):
    gatherer = PersonFactory(preferred_name="Gil", email="gil@example.org")
    story = StoryFactory(teller=teller, gathered_by=gatherer, services=[service], title="Locked out")
    with django_capture_on_commit_callbacks(execute=True):
        response = response_post(
            actor=facilitator,
            story=story,
            service=service,
            body="  Thank you. We have changed the opening hours.  ",
            change=Response.Change.MADE,
            site_url="https://place.example",
        )
    assert response.body == "Thank you. We have changed the opening hours."
    assert response.author == facilitator and response.change == "made" and response.action is None
    entry = AuditEntry.objects.get(action="stories.response_post")
    assert entry.actor == facilitator and entry.detail["story"] == story.pk and entry.detail["change"] == "made"
    assert sorted(message.to[0] for message in mail.outbox) == ["gil@example.org", "tess@example.org"]
    assert all(f"https://place.example/stories/{story.pk}/" in message.body for message in mail.outbox)
    teller_mail = next(m for m in mail.outbox if m.to == ["tess@example.org"])
    assert "has answered your story" in teller_mail.body and "A change has been made" in teller_mail.body


def test_no_email_for_a_teller_without_an_account_and_none_before_commit(
    django_capture_on_commit_callbacks, facilitator, service
):
    story = StoryFactory(teller=None, teller_name="Someone", services=[service])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response_post(actor=facilitator, story=story, service=service, body="Thank you for telling us.")
    assert callbacks == [] and mail.outbox == []


def test_a_rolled_back_response_sends_nothing(django_capture_on_commit_callbacks, facilitator, story, service):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        response_post(actor=facilitator, story=story, service=service, body="Thank you.")
        raise RuntimeError("something later failed")
    assert mail.outbox == [] and not Response.objects.exists()


def test_a_new_action_goes_into_the_services_changes_plan_made_once_with_the_story_as_source(
    facilitator, story, service, organisation
):
    due = timezone.localdate() + timedelta(days=30)
    owner = PersonFactory(preferred_name="Owen")
    response = response_post(
        actor=facilitator,
        story=story,
        service=service,
        body="We will fix the door.",
        change=Response.Change.PLANNED,
        new_action=NewAction(what="Fix the door's lock", owner_person=owner, due_on=due),
    )
    action = response.action
    assert action is not None and action.what == "Fix the door's lock" and action.due_on == due
    assert action.owner_person == owner and action.owner_organisation == organisation
    assert action.source_or_none() == story
    plan = action.plan
    assert plan.title == changes_plan_title(service) == "Changes from stories — Drop-in"
    assert plan.organisation == organisation and plan.service == service
    assert list(actions_for_source(story)) == [action]

    # A second story's action joins the same plan.
    other = StoryFactory(services=[service])
    second = response_post(
        actor=facilitator, story=other, service=service, body="Yes.", new_action=NewAction(what="Paint it")
    )
    assert second.action is not None and second.action.plan == plan
    assert Plan.objects.filter(service=service).count() == 1


def test_an_existing_action_must_belong_to_the_services_organisation(facilitator, story, service, organisation):
    ours = ActionFactory(plan=PlanFactory(organisation=organisation))
    given_to_us = ActionFactory(plan=PlanFactory(organisation=None), owner_organisation=organisation)
    theirs = ActionFactory(plan=PlanFactory(organisation=OrganisationFactory()))
    with pytest.raises(ResponseError, match="not one of Millbrook Carers’s") as caught:
        response_post(actor=facilitator, story=story, service=service, body="Hello", action=theirs)
    assert caught.value.field == "action" and not Response.objects.exists()

    response = response_post(actor=facilitator, story=story, service=service, body="Hello", action=ours)
    assert response.action == ours
    other = StoryFactory(services=[service])
    assert response_post(actor=facilitator, story=other, service=service, body="Hi", action=given_to_us).action == (
        given_to_us
    )


def test_a_bad_new_action_saves_nothing_at_all(facilitator, story, service):
    past = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ResponseError, match="in the past") as caught:
        response_post(
            actor=facilitator, story=story, service=service, body="Hi", new_action=NewAction(what="x", due_on=past)
        )
    assert caught.value.field == "due_on"
    assert not Response.objects.exists() and not Plan.objects.exists() and not Action.objects.exists()


@pytest.mark.parametrize(
    ("body", "change", "field", "message"),
    [
        ("", "", "body", "Write your response"),
        ("   \n ", "", "body", "Write your response"),
        ("x" * (BODY_MAX + 1), "", "body", "up to 5,000 characters. It has 5,001"),
        ("Fine", "maybe", "change", "Choose one of the answers"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(facilitator, story, service, body, change, field, message):
    with pytest.raises(ResponseError, match=message) as caught:
        response_post(actor=facilitator, story=story, service=service, body=body, change=change)
    assert caught.value.field == field and not Response.objects.exists()


def test_only_published_stories_naming_the_service_can_be_answered(facilitator, service, organisation):
    other_service = ServiceFactory(organisation=organisation)
    story = StoryFactory(services=[other_service])
    with pytest.raises(ResponseError, match="does not name Drop-in"):
        response_post(actor=facilitator, story=story, service=service, body="Hi")
    for status in (Story.Status.WAITING, Story.Status.WITHDRAWN, Story.Status.DRAFT):
        hidden = StoryFactory(services=[service], status=status)
        with pytest.raises(ResponseError, match="no longer published"):
            response_post(actor=facilitator, story=hidden, service=service, body="Hi")
    assert not Response.objects.exists()


def test_one_response_per_service_and_the_same_form_sent_twice_is_kept_once(facilitator, story, service, organisation):
    first = response_post(actor=facilitator, story=story, service=service, body="Hi", idempotency_key="a" * 32)
    again = response_post(actor=facilitator, story=story, service=service, body="Hi", idempotency_key="a" * 32)
    assert again.pk == first.pk
    colleague = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    with pytest.raises(ResponseError, match="already answered"):
        response_post(actor=colleague, story=story, service=service, body="Me too", idempotency_key="b" * 32)
    assert Response.objects.count() == 1 and AuditEntry.objects.filter(action="stories.response_post").count() == 1
    # The database holds to it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(story=story, service=service, author=colleague, body="Sneaky")


def test_each_named_service_answers_for_itself(facilitator, service):
    elsewhere = ServiceFactory()
    manager_elsewhere = MembershipFactory(organisation=elsewhere.organisation, role=Role.ORG_ADMIN).person
    story = StoryFactory(services=[service, elsewhere])
    response_post(actor=facilitator, story=story, service=service, body="From us")
    response_post(actor=manager_elsewhere, story=story, service=elsewhere, body="From them")
    assert story.responses.count() == 2


def test_changing_a_response_keeps_the_old_words_in_the_audit_log(facilitator, story, service):
    response = response_post(actor=facilitator, story=story, service=service, body="We will look into it.")
    assert response.edited_at is None
    changed = response_change(
        actor=facilitator,
        response=response,
        body="We have fixed it.",
        change=Response.Change.MADE,
        new_action=NewAction(what="Fixed the lock"),
    )
    assert changed.body == "We have fixed it." and changed.change == "made" and changed.edited_at is not None
    assert changed.action is not None and changed.action.what == "Fixed the lock"
    entry = AuditEntry.objects.get(action="stories.response_change")
    assert entry.detail["before"] == {"body": "We will look into it.", "change": "", "action": None}
    assert entry.detail["changed"] == ["action", "body", "change"]

    # Changing nothing writes nothing; keeping the action needs no choice.
    response_change(actor=facilitator, response=changed, body="We have fixed it.", change="made")
    assert AuditEntry.objects.filter(action="stories.response_change").count() == 1
    changed.refresh_from_db()
    assert changed.action is not None
