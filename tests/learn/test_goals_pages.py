"""The goal pages: who may see and change what, forms that keep what was typed, and query counts that stay flat."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.learn.models import BabyStep, LearningGoal, StepRecognition
from coproduce.learn.services.goals import goal_create, recognition_show, step_add, step_done, step_recognise
from coproduce.organisations.models import Role
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(organisation):
    return MembershipFactory(organisation=organisation, role=Role.STAFF, person__preferred_name="Lena").person


def _goal(person, steps=("Ask Sam",), **kwargs):
    goal = goal_create(person=person, title="Chair a meeting", **kwargs)
    for what in steps:
        step_add(actor=person, goal=goal, what=what)
    return goal


def _url(name, *args):
    return reverse(f"learn:{name}", args=args)


def test_visitors_are_asked_to_sign_in(client, learner):
    goal = _goal(learner)
    for url in (_url("home"), _url("goal-new"), _url("goal", goal.pk), _url("steps-to-recognise")):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_learn_is_in_the_navigation(client_for, learner):
    html = client_for(learner).get(reverse("core:home")).content.decode()
    assert f'href="{_url("home")}"' in html


def test_setting_a_goal_and_seeing_it_at_home(client_for, learner):
    client = client_for(learner)
    response = client.post(
        _url("goal-new"),
        {"idempotency_key": "a" * 32, "title": "Listen first", "why": "", "competency": "connecting-exchanging"},
    )
    goal = LearningGoal.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("goal", goal.pk) + "#add-step"
    assert goal.person == learner and not goal.shown_on_profile and goal.competency == "connecting-exchanging"
    home = client.get(_url("home")).content.decode()
    assert "Listen first" in home and "Failures that teach" in home


def test_a_goal_with_mistakes_keeps_what_was_typed(client_for, learner):
    typed = "<script>alert(1)</script> " + "x" * 200
    response = client_for(learner).post(
        _url("goal-new"), {"idempotency_key": "a" * 32, "title": typed, "why": "Because <b>it matters</b>"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Error:" in html and "can be up to 200 characters" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "Because &lt;b&gt;it matters&lt;/b&gt;" in html
    assert not LearningGoal.objects.exists()


def test_others_cannot_see_a_private_goal_but_its_facilitator_can(client_for, learner, facilitator):
    goal = _goal(learner)
    stranger = PersonFactory()
    assert client_for(stranger).get(_url("goal", goal.pk)).status_code == 404
    page = client_for(facilitator).get(_url("goal", goal.pk))
    assert page.status_code == 200 and "Ask Sam" in page.content.decode()
    goal.shown_on_profile = True
    goal.save()
    assert client_for(stranger).get(_url("goal", goal.pk)).status_code == 200


def test_only_the_learner_changes_a_goal_or_its_steps(client_for, learner, facilitator):
    goal = _goal(learner)
    step = goal.steps.get()
    client = client_for(facilitator)
    assert client.get(_url("goal-edit", goal.pk)).status_code == 403
    assert client.post(_url("step-add", goal.pk), {"idempotency_key": "a" * 32, "what": "x"}).status_code == 403
    assert client.post(_url("step-done", step.pk), {"learned": "x"}).status_code == 403
    assert client.post(_url("step-remove", step.pk)).status_code == 403
    assert client.post(_url("goal-achieve", goal.pk)).status_code == 403
    # Someone who cannot even see the goal is told it is not there.
    assert client_for(PersonFactory()).post(_url("step-remove", step.pk)).status_code == 404
    assert BabyStep.objects.filter(pk=step.pk, done_at__isnull=True).exists()


def test_steps_are_added_moved_changed_and_removed_without_javascript(client_for, learner):
    goal = _goal(learner, steps=("One", "Two"))
    client = client_for(learner)
    client.post(_url("step-add", goal.pk), {"idempotency_key": "c" * 32, "what": "Three"})
    three = goal.steps.get(what="Three")
    client.post(_url("step-move", three.pk), {"direction": "up"})
    assert [s.what for s in goal.steps.all()] == ["One", "Three", "Two"]
    client.post(_url("step-edit", three.pk), {"what": "Three, sooner"})
    client.post(_url("step-remove", goal.steps.get(what="One").pk))
    assert [s.what for s in goal.steps.all()] == ["Three, sooner", "Two"]


def test_adding_an_empty_or_long_step_keeps_what_was_typed(client_for, learner):
    goal = _goal(learner)
    client = client_for(learner)
    empty = client.post(_url("step-add", goal.pk), {"idempotency_key": "c" * 32, "what": "  "})
    assert empty.status_code == 400 and "Say what the step is." in empty.content.decode()
    long = client.post(_url("step-add", goal.pk), {"idempotency_key": "c" * 32, "what": "y" * 201})
    assert long.status_code == 400 and "y" * 201 in long.content.decode()
    assert goal.steps.count() == 1


def test_marking_done_without_what_you_learned_is_refused(client_for, learner):
    step = _goal(learner).steps.get()
    client = client_for(learner)
    response = client.post(_url("step-done", step.pk), {"learned": ""})
    assert response.status_code == 400 and "Say in a line what you learned" in response.content.decode()
    long = client.post(_url("step-done", step.pk), {"learned": "<i>z</i>" * 200})
    assert long.status_code == 400 and "&lt;i&gt;z&lt;/i&gt;" in long.content.decode()
    step.refresh_from_db()
    assert step.done_at is None
    done = client.post(_url("step-done", step.pk), {"learned": "Ask first"})
    assert done.status_code == 302
    step.refresh_from_db()
    assert step.done_at is not None and step.learned == "Ask first"


def test_only_facilitators_of_the_learner_recognise_a_step(client_for, learner, facilitator):
    step = _goal(learner).steps.get()
    step_done(actor=learner, step=step, learned="Ask first")
    other_org_facilitator = MembershipFactory(role=Role.FACILITATOR).person
    assert client_for(other_org_facilitator).post(_url("step-recognise", step.pk), {"note": "x"}).status_code == 404
    assert client_for(learner).post(_url("step-recognise", step.pk), {"note": "x"}).status_code == 403
    client = client_for(facilitator)
    empty = client.post(_url("step-recognise", step.pk), {"note": ""})
    assert empty.status_code == 400 and "Write your note." in empty.content.decode()
    assert client.post(_url("step-recognise", step.pk), {"note": "Great asking"}).status_code == 302
    assert StepRecognition.objects.get().by == facilitator


def test_a_step_not_done_cannot_be_recognised(client_for, learner, facilitator):
    step = _goal(learner).steps.get()
    assert client_for(facilitator).post(_url("step-recognise", step.pk), {"note": "x"}).status_code == 403


def test_only_the_learner_shows_a_note_on_their_profile(client_for, learner, facilitator):
    goal = _goal(learner)
    step = goal.steps.get()
    step_done(actor=learner, step=step, learned="Ask first")
    note = step_recognise(actor=facilitator, step=step, note="Great <em>asking</em>")
    assert client_for(facilitator).post(_url("recognition-show", note.pk), {"shown": "yes"}).status_code == 403
    profile = reverse("people:profile", args=[learner.pk])
    viewer = client_for(PersonFactory())
    assert "Great &lt;em&gt;asking&lt;/em&gt;" not in viewer.get(profile).content.decode()
    client_for(learner).post(_url("recognition-show", note.pk), {"shown": "yes"})
    html = viewer.get(profile).content.decode()
    assert "Great &lt;em&gt;asking&lt;/em&gt;" in html and "Chair a meeting" not in html
    goal.shown_on_profile = True
    goal.save()
    assert "Chair a meeting" in viewer.get(profile).content.decode()


def test_steps_to_recognise_is_for_facilitators(client_for, learner, facilitator):
    step = _goal(learner).steps.get()
    step_done(actor=learner, step=step, learned="Ask first")
    assert client_for(learner).get(_url("steps-to-recognise")).status_code == 403
    html = client_for(facilitator).get(_url("steps-to-recognise")).content.decode()
    assert "Ask first" in html and "Lena" in html


def test_deleting_a_goal_asks_first(client_for, learner):
    goal = _goal(learner)
    client = client_for(learner)
    assert "Delete this goal?" in client.get(_url("goal-delete", goal.pk)).content.decode()
    assert client_for(PersonFactory()).post(_url("goal-delete", goal.pk)).status_code == 404
    assert client.post(_url("goal-delete", goal.pk)).status_code == 302
    assert not LearningGoal.objects.exists()


def _fill(learner, facilitator, n):
    for index in range(n):
        goal = goal_create(person=learner, title=f"Goal {index}", shown_on_profile=True)
        for what in ("a", "b", "c"):
            step = step_add(actor=learner, goal=goal, what=f"{what}{index}")
            step_done(actor=learner, step=step, learned="learned")
            if what == "a":
                note = step_recognise(actor=facilitator, step=step, note="Well done")
                recognition_show(actor=learner, recognition=note, shown=True)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("learner", lambda learner, goal: _url("home")),
        ("learner", lambda learner, goal: _url("goal", goal.pk)),
        ("facilitator", lambda learner, goal: _url("goal", goal.pk)),
        ("facilitator", lambda learner, goal: _url("steps-to-recognise")),
        ("facilitator", lambda learner, goal: reverse("people:profile", args=[learner.pk])),
    ],
)
def test_query_counts_do_not_grow_with_data(
    client_for, learner, facilitator, organisation, django_assert_max_num_queries, who, url
):
    client = client_for(learner if who == "learner" else facilitator)
    _fill(learner, facilitator, 2)
    goal = LearningGoal.objects.order_by("pk").first()
    client.get(url(learner, goal))  # warm caches (content types, place)
    with django_assert_max_num_queries(50) as few:
        assert client.get(url(learner, goal)).status_code == 200
    _fill(learner, facilitator, 8)
    for what in ("d", "e", "f"):
        step = step_add(actor=learner, goal=goal, what=what)
        step_done(actor=learner, step=step, learned="more")
        step_recognise(
            actor=MembershipFactory(organisation=organisation, role=Role.FACILITATOR).person, step=step, note="Yes"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(learner, goal)).status_code == 200
