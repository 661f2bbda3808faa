"""A person's download holds their goals and steps; closing their account deletes them. The demo loads once."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from coproduce.demo.services import demo_place_load
from coproduce.learn.models import BabyStep, FailureStory, LearningGoal, StepRecognition
from coproduce.learn.selectors.goals import steps_to_recognise
from coproduce.learn.services.goals import goal_create, step_add, step_done, step_recognise
from coproduce.people.models import Person
from coproduce.people.services.closing import person_close
from coproduce.people.services.data import data_export_now

pytestmark = pytest.mark.django_db


def _rows(person, name):
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_the_download_has_my_goals_steps_and_the_notes_on_them(person, facilitator, organisation):
    from tests.factories import MembershipFactory

    MembershipFactory(person=person, organisation=organisation)
    goal = goal_create(person=person, title="Listen first")
    first = step_add(actor=person, goal=goal, what="Ask")
    step_add(actor=person, goal=goal, what="Try")
    step_done(actor=person, step=first, learned="Wait for the answer")
    step_recognise(actor=facilitator, step=first, note="Lovely")
    goal_create(person=person, title="No steps yet")
    rows = _rows(person, "learning_goals.csv")
    assert [(r["goal"], r["step"]) for r in rows] == [
        ("Listen first", "Ask"),
        ("Listen first", "Try"),
        ("No steps yet", ""),
    ]
    assert rows[0]["what_i_learned"] == "Wait for the answer" and rows[0]["notes_recognising_it"] == "Femi: Lovely"
    # Someone else's download has none of it.
    assert _rows(facilitator, "learning_goals.csv") == []


def test_closing_deletes_goals_steps_and_notes(person, facilitator, organisation):
    goal = goal_create(person=person, title="Listen first")
    step = step_add(actor=person, goal=goal, what="Ask")
    step_done(actor=person, step=step, learned="x")
    StepRecognition.objects.create(step=step, by=facilitator, note="Well done")
    kept = goal_create(person=facilitator, title="Someone else’s")
    person_close(person=person)
    assert list(LearningGoal.objects.all()) == [kept]
    assert not BabyStep.objects.exists() and not StepRecognition.objects.exists()


def test_the_demo_has_goals_and_stories_and_loads_once():
    counts = demo_place_load()
    assert counts.learning_added == 4
    kwame = Person.objects.get(email="kwame.mensah@brackenfold.example")
    priya = Person.objects.get(email="priya.raman@brackenfold.example")
    goal = LearningGoal.objects.get(person=kwame)
    assert goal.steps.count() == 3 and goal.steps.filter(done_at__isnull=False).count() == 2
    assert StepRecognition.objects.filter(step__goal=goal, by=priya, shown_on_profile=True).exists()
    assert [s.goal.person for s in steps_to_recognise(priya)] == [kwame]
    assert FailureStory.objects.count() == 2 and FailureStory.objects.filter(show_name=False).count() == 1
    assert demo_place_load().learning_added == 0
