"""The plans pages: who gets in, what they show, forms that keep what was typed, and query counts that stay put."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.plans.models import Action, ActionUpdate, Plan
from coproduce.plans.services import WHAT_MAX
from tests.factories import ActionFactory, MembershipFactory, OrganisationFactory, PersonFactory, PlanFactory

pytestmark = pytest.mark.django_db

S = Action.Status


def on(days: int) -> str:
    when = timezone.localdate() + timedelta(days=days)
    return when.strftime("%d/%m/%Y")


def key() -> str:
    import uuid

    return uuid.uuid4().hex


def action_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "idempotency_key": key(),
        "what": "Ask carers which evening suits them",
        "owner_organisation": "",
        "owner_search": "",
        "owner_person": "",
        "due_on": on(14),
        "how": "At the Tuesday café",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["plans:list", "plans:new", "plans:mine", "plans:overdue"])
def test_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))


def test_visitors_are_sent_to_sign_in_from_a_plan_and_an_action(client):
    action = ActionFactory()
    for url in (reverse("plans:plan", args=[action.plan_id]), reverse("plans:action", args=[action.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


def test_plans_are_in_the_header_for_people_signed_in(client, client_for, person):
    assert ">Plans<" not in client.get("/").content.decode()
    assert ">Plans<" in client_for(person).get("/").content.decode()


def test_only_people_who_run_things_may_make_a_plan_or_see_the_overdue_list(client_for, person, facilitator):
    assert client_for(person).get(reverse("plans:new")).status_code == 403
    assert client_for(person).post(reverse("plans:new"), {"title": "Mine"}).status_code == 403
    assert client_for(person).get(reverse("plans:overdue")).status_code == 403
    assert not Plan.objects.exists()
    assert client_for(facilitator).get(reverse("plans:new")).status_code == 200
    assert client_for(facilitator).get(reverse("plans:overdue")).status_code == 200


def test_a_facilitator_makes_a_plan(client_for, facilitator, organisation):
    response = client_for(facilitator).post(
        reverse("plans:new"),
        {"idempotency_key": key(), "title": "Evening meetings", "summary": "", "organisation": organisation.pk},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan", args=[plan.pk])
    assert plan.created_by == facilitator and plan.organisation == organisation


def test_a_plan_form_with_problems_keeps_everything_typed_and_says_what_to_fix(client_for, facilitator):
    long_title = "<script>alert(1)</script>" + "x" * 200
    response = client_for(facilitator).post(
        reverse("plans:new"),
        {"idempotency_key": key(), "title": long_title, "summary": "Why we are doing this", "service": "99999"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Plan.objects.exists()
    assert "govuk-error-summary" in page
    assert "can be up to 200 characters. It has 225" in page
    assert "We could not find that service" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Why we are doing this" in page


def test_the_plan_page_shows_its_actions_with_owner_date_and_status_in_words(client_for, person, organisation):
    plan = PlanFactory(title="Carers’ evenings", organisation=organisation, summary="What carers asked for.")
    rosa = PersonFactory(preferred_name="Rosa")
    ActionFactory(plan=plan, what="Book the hall", owner_person=rosa, owner_organisation=organisation)
    ActionFactory(plan=plan, what="Ask the carers", due_on=timezone.localdate() - timedelta(days=1))
    ActionFactory(plan=plan, what="Write it up", status=S.DONE)

    page = client_for(person).get(reverse("plans:plan", args=[plan.pk])).content.decode()

    assert "Carers’ evenings" in page and "What carers asked for." in page
    assert "Rosa, Millbrook Carers" in page and "Not decided yet" in page
    assert ">Not started<" in page and ">Done<" in page and ">Overdue<" in page
    # Someone who may not change the plan sees no form to add to it.
    assert "Add an action" not in page and "Change the plan" not in page


def test_adding_an_action_with_an_owner_chosen_by_search(
    client_for, facilitator, organisation, django_capture_on_commit_callbacks
):
    plan = PlanFactory(created_by=facilitator, organisation=organisation)
    sam = PersonFactory(preferred_name="Samira", email="samira@example.org")
    PersonFactory(preferred_name="Bob")
    client = client_for(facilitator)
    url = reverse("plans:action-new", args=[plan.pk])

    # "Find" narrows the list and keeps what was typed, with no errors shown.
    found = client.post(url, action_form(owner_search="Sami", find="owner", what="Typed already")).content.decode()
    assert "Typed already" in found and "govuk-error-summary" not in found
    assert ">Samira<" in found and ">Bob<" not in found
    assert not Action.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, action_form(owner_person=sam.pk, owner_organisation=organisation.pk))
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.owner_person == sam and action.owner_organisation == organisation
    assert action.due_on == timezone.localdate() + timedelta(days=14)
    assert [message.to for message in mail.outbox] == [["samira@example.org"]]


def test_a_new_action_due_in_the_past_is_refused_with_everything_kept(client_for, facilitator):
    plan = PlanFactory(created_by=facilitator)
    response = client_for(facilitator).post(
        reverse("plans:action-new", args=[plan.pk]), action_form(due_on=on(-1), what="Kept <b>as typed</b>")
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Action.objects.exists()
    assert "The date it is due by is in the past" in page
    assert 'href="#id_due_on"' in page
    assert "Kept &lt;b&gt;as typed&lt;/b&gt;" in page and on(-1) in page


def test_an_over_long_action_and_a_bad_date_say_so(client_for, facilitator):
    plan = PlanFactory(created_by=facilitator)
    response = client_for(facilitator).post(
        reverse("plans:action-new", args=[plan.pk]), action_form(what="y" * (WHAT_MAX + 5), due_on="next Tuesday")
    )
    page = response.content.decode()
    assert f"It has {WHAT_MAX + 5}" in page and "Write the date as day, month and year" in page
    assert "next Tuesday" in page and not Action.objects.exists()


def test_someone_who_may_not_change_the_plan_cannot_add_to_it(client_for, person):
    plan = PlanFactory()
    response = client_for(person).post(reverse("plans:action-new", args=[plan.pk]), action_form())
    assert response.status_code == 403 and not Action.objects.exists()


def test_the_action_page_shows_where_it_came_from_and_its_updates_newest_first(client_for, person):
    source = PlanFactory(title="Round with the drop-in")
    action = ActionFactory(
        what="Evening drop-in",
        source_type_id=_content_type_id(Plan),
        source_id=str(source.pk),
        owner_person=person,
    )
    ActionUpdate.objects.create(
        action=action,
        author=person,
        text="First <em>step</em>",
        status_before="not_started",
        status_after="in_progress",
    )
    ActionUpdate.objects.create(
        action=action, author=person, text="Second step", status_before="in_progress", status_after="in_progress"
    )

    page = client_for(person).get(reverse("plans:action", args=[action.pk])).content.decode()

    assert f'<a class="govuk-link" href="{source.get_absolute_url()}">Round with the drop-in</a>' in page
    assert page.index("Second step") < page.index("First &lt;em&gt;step&lt;/em&gt;")
    assert "Moved from “Not started” to “In progress”." in page
    assert "Say how it is going" in page  # the owner may post


def test_the_action_page_says_when_its_source_has_gone(client_for, person):
    source = PlanFactory(title="Gone soon")
    action = ActionFactory(source_type_id=_content_type_id(Plan), source_id=str(source.pk))
    source.delete()
    response = client_for(person).get(reverse("plans:action", args=[action.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Came from" in page and "Plan, since removed" in page and "Gone soon" not in page


def test_the_owner_posts_an_update_marking_it_done(client_for, person):
    action = ActionFactory(owner_person=person, status=S.IN_PROGRESS)
    response = client_for(person).post(
        reverse("plans:action-update", args=[action.pk]),
        {"idempotency_key": key(), "text": "All booked.", "status": S.DONE},
        follow=True,
    )
    action.refresh_from_db()
    assert action.status == S.DONE and action.completed_at is not None
    assert "the action is now “Done”" in response.content.decode()


def test_an_empty_update_says_what_to_do(client_for, person):
    action = ActionFactory(owner_person=person)
    response = client_for(person).post(
        reverse("plans:action-update", args=[action.pk]), {"idempotency_key": key(), "text": "", "status": ""}
    )
    assert response.status_code == 200
    assert "Write what has happened, or choose a new status" in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_an_over_long_update_keeps_the_text(client_for, person):
    action = ActionFactory(owner_person=person)
    text = "<i>long</i> " + "z" * 5000
    page = (
        client_for(person)
        .post(
            reverse("plans:action-update", args=[action.pk]), {"idempotency_key": key(), "text": text, "status": "done"}
        )
        .content.decode()
    )
    assert "please shorten it" in page and "&lt;i&gt;long&lt;/i&gt;" in page
    assert not ActionUpdate.objects.exists()


def test_someone_else_cannot_post_an_update(client_for, person):
    action = ActionFactory(owner_person=PersonFactory())
    response = client_for(person).post(
        reverse("plans:action-update", args=[action.pk]), {"idempotency_key": key(), "text": "Not mine"}
    )
    assert response.status_code == 403 and not ActionUpdate.objects.exists()
    assert (
        "Say how it is going" not in client_for(person).get(reverse("plans:action", args=[action.pk])).content.decode()
    )


def test_editing_an_action_allows_a_past_date(client_for, facilitator):
    plan = PlanFactory(created_by=facilitator)
    owner = PersonFactory(preferred_name="Zed")
    action = ActionFactory(plan=plan, what="Old words", owner_person=owner)
    client = client_for(facilitator)
    url = reverse("plans:action-edit", args=[action.pk])
    form = client.get(url).content.decode()
    assert "Old words" in form and f'value="{owner.pk}" selected' in form

    response = client.post(url, action_form(what="New words", due_on=on(-20), owner_person=owner.pk))

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.what == "New words" and action.due_on == timezone.localdate() - timedelta(days=20)
    assert client_for(PersonFactory()).get(url).status_code == 403


def test_editing_a_plan(client_for, facilitator, person):
    plan = PlanFactory(created_by=facilitator, title="Old title")
    url = reverse("plans:plan-edit", args=[plan.pk])
    assert client_for(person).get(url).status_code == 403
    response = client_for(facilitator).post(url, {"idempotency_key": key(), "title": "New title", "summary": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "New title"


def test_pages_for_things_that_are_not_there_are_404(client_for, person):
    client = client_for(person)
    for url in (reverse("plans:plan", args=[999]), reverse("plans:action", args=[999])):
        assert client.get(url).status_code == 404


def test_my_actions_groups_mine(client_for, person, organisation):
    MembershipFactory(person=person, organisation=organisation, role=Role.STAFF)
    ActionFactory(owner_person=person, what="Late one", due_on=timezone.localdate() - timedelta(days=2))
    ActionFactory(owner_organisation=organisation, what="Soon one", due_on=timezone.localdate() + timedelta(days=3))
    ActionFactory(owner_person=person, what="Done one", status=S.DONE)
    ActionFactory(what="Not mine")

    page = client_for(person).get(reverse("plans:mine")).content.decode()

    assert page.index("Overdue") < page.index("Late one") < page.index("Due in the next 14 days")
    assert page.index("Soon one") < page.index("Finished") < page.index("Done one")
    assert "Not mine" not in page


def test_the_overdue_list_filters_by_organisation(client_for, facilitator, organisation):
    ActionFactory(what="Ours is late", owner_organisation=organisation, due_on=timezone.localdate() - timedelta(days=1))
    ActionFactory(what="Theirs is late", due_on=timezone.localdate() - timedelta(days=1))
    client = client_for(facilitator)
    everything = client.get(reverse("plans:overdue")).content.decode()
    ours = client.get(reverse("plans:overdue"), {"organisation": organisation.pk}).content.decode()
    assert "Ours is late" in everything and "Theirs is late" in everything
    assert "Ours is late" in ours and "Theirs is late" not in ours
    bad = client.get(reverse("plans:overdue"), {"organisation": "nope"})
    assert bad.status_code == 200 and "We could not find that organisation" in bad.content.decode()


def test_the_list_filters_by_organisation_and_counts_by_status(client_for, person, organisation):
    plan = PlanFactory(title="Ours", organisation=organisation)
    ActionFactory(plan=plan, status=S.IN_PROGRESS)
    ActionFactory(plan=plan, status=S.COULD_NOT)
    PlanFactory(title="Someone else’s", organisation=OrganisationFactory())
    page = client_for(person).get(reverse("plans:list"), {"organisation": organisation.pk}).content.decode()
    assert ">Ours<" in page and "Someone else’s" not in page
    assert "In progress: 1" in page and "We couldn&#x27;t: 1" in page and "1 plan" in page


def test_the_include_for_other_areas_lists_actions_with_status_in_words():
    action = ActionFactory(
        what="Evening café", status=S.IN_PROGRESS, owner_organisation=OrganisationFactory(name="Keystone")
    )
    html = render_to_string("plans/_actions_from_source.html", {"actions": [action]})
    assert "What we are doing about it" in html
    assert reverse("plans:action", args=[action.pk]) in html
    assert "Keystone" in html and ">In progress<" in html and "No date yet" in html
    assert "Nothing has been planned" in render_to_string("plans/_actions_from_source.html", {"actions": []})


def _content_type_id(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def _fill(plan_count: int, *, organisation, person) -> None:
    for n in range(plan_count):
        plan = PlanFactory(organisation=organisation if n % 2 else None, service=None)
        source = PlanFactory()
        for status in S.values:
            ActionFactory(
                plan=plan,
                status=status,
                owner_person=person if n % 2 else PersonFactory(),
                owner_organisation=organisation,
                due_on=timezone.localdate() + timedelta(days=(n % 5) - 2),
                source_type_id=_content_type_id(Plan),
                source_id=str(source.pk),
            )


@pytest.mark.parametrize(
    "url",
    [
        lambda plan, action: reverse("plans:list"),
        lambda plan, action: reverse("plans:mine"),
        lambda plan, action: reverse("plans:overdue"),
        lambda plan, action: reverse("plans:plan", args=[plan.pk]),
        lambda plan, action: reverse("plans:action", args=[action.pk]),
    ],
)
def test_query_counts_do_not_grow_with_data(client_for, facilitator, organisation, django_assert_max_num_queries, url):
    MembershipFactory(person=facilitator, organisation=organisation, role=Role.STAFF)
    client = client_for(facilitator)
    _fill(2, organisation=organisation, person=facilitator)
    plan = Plan.objects.filter(actions__isnull=False).first()
    action = plan.actions.first()
    for n in range(2):
        ActionUpdate.objects.create(
            action=action, author=facilitator, text=f"u{n}", status_before="done", status_after="done"
        )
    client.get(url(plan, action))  # warm caches (content types, place)
    with django_assert_max_num_queries(50) as few:
        assert client.get(url(plan, action)).status_code == 200

    _fill(12, organisation=organisation, person=facilitator)
    for n in range(2, 12):
        ActionUpdate.objects.create(
            action=action, author=PersonFactory(), text=f"u{n}", status_before="done", status_after="done"
        )
    plan_with_more = Plan.objects.filter(actions__isnull=False).last()
    ActionFactory.create_batch(10, plan=plan, owner_person=PersonFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(plan, action)).status_code == 200
    assert plan_with_more is not None
