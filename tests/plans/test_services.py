"""Writing plans, actions and updates: what is checked, what is recorded, who is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.people.services.closing import person_close
from coproduce.plans.models import Action, ActionUpdate, Plan
from coproduce.plans.services import (
    SUMMARY_MAX,
    TITLE_MAX,
    UPDATE_MAX,
    WHAT_MAX,
    ActionError,
    PlanError,
    action_add,
    action_change,
    action_update_post,
    plan_change,
    plan_create,
)
from tests.factories import ActionFactory, MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_a_plan_is_made_with_its_source_and_audited(facilitator, organisation):
    source = MembershipFactory(organisation=organisation)  # any saved row will do as a source

    plan = plan_create(
        actor=facilitator,
        title="  More say for carers  ",
        summary="Carers asked for evening meetings.",
        organisation=organisation,
        source=source,
    )

    plan.refresh_from_db()
    assert plan.title == "More say for carers"
    assert plan.created_by == facilitator and plan.organisation == organisation
    assert plan.source == source and plan.source_id == str(source.pk)
    entry = AuditEntry.objects.get(action="plans.plan_create")
    assert entry.actor == facilitator and entry.target_id == str(plan.pk)
    assert entry.detail["source"] == f"organisations.membership:{source.pk}"


def test_a_service_brings_its_organisation(facilitator):
    service = ServiceFactory()
    plan = plan_create(actor=facilitator, title="Drop-in", service=service)
    assert plan.organisation == service.organisation


def test_a_service_of_another_organisation_is_refused(facilitator, organisation):
    with pytest.raises(PlanError, match="not one of") as caught:
        plan_create(actor=facilitator, title="Drop-in", organisation=organisation, service=ServiceFactory())
    assert caught.value.field == "service"
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("title", "summary", "field"),
    [("   ", "", "title"), ("x" * (TITLE_MAX + 1), "", "title"), ("Fine", "y" * (SUMMARY_MAX + 1), "summary")],
)
def test_a_plan_needs_a_title_and_text_within_limits(facilitator, title, summary, field):
    with pytest.raises(PlanError) as caught:
        plan_create(actor=facilitator, title=title, summary=summary)
    assert caught.value.field == field
    assert not Plan.objects.exists() and not AuditEntry.objects.filter(action="plans.plan_create").exists()


def test_the_same_plan_form_sent_twice_makes_one_plan(facilitator):
    first = plan_create(actor=facilitator, title="Once", idempotency_key="a" * 32)
    second = plan_create(actor=facilitator, title="Once", idempotency_key="a" * 32)
    assert first.pk == second.pk and Plan.objects.count() == 1


def test_plan_change_changes_only_what_differs(facilitator, organisation):
    plan = plan_create(actor=facilitator, title="Old")
    plan_change(actor=facilitator, plan=plan, title="Old")
    assert not AuditEntry.objects.filter(action="plans.plan_change").exists()

    plan_change(actor=facilitator, plan=plan, title="New", organisation=organisation)

    plan.refresh_from_db()
    assert plan.title == "New" and plan.organisation == organisation
    assert AuditEntry.objects.get(action="plans.plan_change").detail == {"changed": ["organisation", "title"]}
    with pytest.raises(TypeError):
        plan_change(actor=facilitator, plan=plan, created_by=None)


def test_an_action_given_to_someone_emails_them_once_committed(django_capture_on_commit_callbacks, facilitator):
    plan = plan_create(actor=facilitator, title="Carers’ evenings")
    rosa = PersonFactory(preferred_name="Rosa", email="rosa@example.org")
    due = today() + timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        action = action_add(
            actor=facilitator,
            plan=plan,
            what="Ask carers which evening suits them",
            how="At the Tuesday café",
            owner_person=rosa,
            due_on=due,
            site_url="https://place.example",
        )

    assert action.status == Action.Status.NOT_STARTED and action.due_on == due and action.created_by == facilitator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.org"]
    assert "Ask carers which evening suits them" in message.body
    assert f"https://place.example/plans/actions/{action.pk}/" in message.body
    assert AuditEntry.objects.get(action="plans.action_add").detail["owner_person"] == rosa.pk


def test_no_email_when_you_give_an_action_to_yourself_or_to_an_organisation(
    django_capture_on_commit_callbacks, facilitator, organisation
):
    plan = plan_create(actor=facilitator, title="Plan")
    with django_capture_on_commit_callbacks(execute=True):
        action_add(actor=facilitator, plan=plan, what="Mine", owner_person=facilitator)
        action_add(actor=facilitator, plan=plan, what="Theirs", owner_organisation=organisation)
        action_add(actor=facilitator, plan=plan, what="Nobody yet")
    assert mail.outbox == []
    assert set(plan.actions.values_list("what", flat=True)) == {"Mine", "Theirs", "Nobody yet"}


def test_a_new_action_cannot_be_due_in_the_past_but_today_is_fine(facilitator):
    plan = plan_create(actor=facilitator, title="Plan")
    with pytest.raises(ActionError, match="in the past") as caught:
        action_add(actor=facilitator, plan=plan, what="Late", due_on=today() - timedelta(days=1))
    assert caught.value.field == "due_on"
    assert not Action.objects.exists()
    assert action_add(actor=facilitator, plan=plan, what="Today", due_on=today()).due_on == today()


@pytest.mark.parametrize(("what", "how", "field"), [(" ", "", "what"), ("x" * (WHAT_MAX + 1), "", "what")])
def test_an_action_needs_a_what_within_its_limit(facilitator, what, how, field):
    plan = plan_create(actor=facilitator, title="Plan")
    with pytest.raises(ActionError) as caught:
        action_add(actor=facilitator, plan=plan, what=what, how=how)
    assert caught.value.field == field


def test_an_action_cannot_be_given_to_a_closed_account(facilitator):
    plan = plan_create(actor=facilitator, title="Plan")
    gone = person_close(person=PersonFactory())
    with pytest.raises(ActionError, match="closed") as caught:
        action_add(actor=facilitator, plan=plan, what="Something", owner_person=gone)
    assert caught.value.field == "owner_person"


def test_the_same_action_form_sent_twice_adds_one_action(facilitator):
    plan = plan_create(actor=facilitator, title="Plan")
    first = action_add(actor=facilitator, plan=plan, what="Once", idempotency_key="b" * 32)
    again = action_add(actor=facilitator, plan=plan, what="Once", idempotency_key="b" * 32)
    assert first.pk == again.pk and plan.actions.count() == 1


def test_action_change_allows_a_past_date_and_tells_a_new_owner(django_capture_on_commit_callbacks, facilitator):
    action = ActionFactory(plan=plan_create(actor=facilitator, title="Plan"))
    sam = PersonFactory(preferred_name="Sam", email="sam@example.org")
    last_month = today() - timedelta(days=30)

    with django_capture_on_commit_callbacks(execute=True):
        action_change(actor=facilitator, action=action, due_on=last_month, owner_person=sam)

    action.refresh_from_db()
    assert action.due_on == last_month and action.owner_person == sam
    assert [message.to for message in mail.outbox] == [["sam@example.org"]]
    assert AuditEntry.objects.get(action="plans.action_change").detail == {"changed": ["due_on", "owner_person"]}

    with django_capture_on_commit_callbacks(execute=True):
        action_change(actor=facilitator, action=action, due_on=last_month, owner_person=sam)
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="plans.action_change").count() == 1


def test_action_change_of_status_sets_and_clears_completed_at(facilitator):
    action = ActionFactory()
    action_change(actor=facilitator, action=action, status=Action.Status.DONE)
    action.refresh_from_db()
    assert action.completed_at is not None
    action_change(actor=facilitator, action=action, status=Action.Status.IN_PROGRESS)
    action.refresh_from_db()
    assert action.completed_at is None
    with pytest.raises(ActionError):
        action_change(actor=facilitator, action=action, status="finished-ish")
    with pytest.raises(TypeError):
        action_change(actor=facilitator, action=action, plan=None)


def test_an_update_can_move_the_status_on_and_done_records_when(person):
    action = ActionFactory(owner_person=person)

    first = action_update_post(actor=person, action=action, text="Booked the room.", status=Action.Status.IN_PROGRESS)
    done = action_update_post(actor=person, action=action, text="", status=Action.Status.DONE)

    action.refresh_from_db()
    assert (first.status_before, first.status_after) == (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)
    assert (done.status_before, done.status_after) == (Action.Status.IN_PROGRESS, Action.Status.DONE)
    assert action.status == Action.Status.DONE and action.completed_at is not None
    assert AuditEntry.objects.filter(action="plans.update_post").count() == 2


def test_an_update_without_a_status_keeps_it(person):
    action = ActionFactory(status=Action.Status.IN_PROGRESS)
    update = action_update_post(actor=person, action=action, text="Still going.", status="")
    assert update.status_after == Action.Status.IN_PROGRESS and not update.changed_status


def test_an_empty_update_or_one_too_long_is_refused(person):
    action = ActionFactory()
    with pytest.raises(ActionError, match="Write what has happened"):
        action_update_post(actor=person, action=action, text="   ")
    with pytest.raises(ActionError, match="shorten"):
        action_update_post(actor=person, action=action, text="x" * (UPDATE_MAX + 1))
    with pytest.raises(ActionError):
        action_update_post(actor=person, action=action, text="Hi", status="nearly")
    assert not ActionUpdate.objects.exists()


def test_the_same_update_sent_twice_is_posted_once(person):
    action = ActionFactory()
    first = action_update_post(actor=person, action=action, text="Once", idempotency_key="c" * 32)
    again = action_update_post(actor=person, action=action, text="Once", idempotency_key="c" * 32)
    assert first.pk == again.pk and action.updates.count() == 1


def test_deleting_an_organisation_keeps_its_plans_and_actions(facilitator):
    organisation = OrganisationFactory()
    plan = plan_create(actor=facilitator, title="Plan", organisation=organisation)
    action = action_add(actor=facilitator, plan=plan, what="Thing", owner_organisation=organisation)
    organisation.delete()
    plan.refresh_from_db()
    action.refresh_from_db()
    assert plan.organisation is None and action.owner_organisation is None
