"""A person's download includes their reflection answers; closing their account keeps the round's results but never
shows their name beside their answers again."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from coproduce.demo.services import demo_place_load
from coproduce.people.services.closing import person_close
from coproduce.people.services.data import data_export_now
from coproduce.reflect.models import Answer, Participant, ReflectionRound
from coproduce.reflect.services.rounds import AnswerInput, answers_submit, participant_join, round_open
from tests.factories import bundled_framework

pytestmark = pytest.mark.django_db


def _answered(facilitator, organisation, person):
    round_ = round_open(
        actor=facilitator, framework=bundled_framework(), organisation=organisation, title="Spring round"
    )
    participant = participant_join(round_=round_, person=person, perspective="uses_service")
    answers_submit(
        actor=person,
        participant=participant,
        answers=[AnswerInput("people-as-assets", value=1, rag="red", evidence="Nobody asks me")],
        submission_key="k",
    )
    return participant


def test_the_download_has_my_answers(facilitator, organisation, person):
    _answered(facilitator, organisation, person)
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    rows = list(csv.DictReader(io.StringIO(archive.read("reflections.csv").decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["round"] == "Spring round" and rows[0]["rag"] == "red" and rows[0]["evidence"] == "Nobody asks me"
    assert rows[0]["answer"] == bundled_framework().definition.point(1).label


def test_closing_keeps_answers_but_hides_the_name(facilitator, organisation, person):
    participant = _answered(facilitator, organisation, person)
    person_close(person=person)
    participant.refresh_from_db()
    assert participant.anonymous
    assert Answer.objects.filter(participant=participant).count() == 1


def test_the_demo_has_rounds_of_every_kind_and_loads_once():
    demo_place_load()
    kinds = set(ReflectionRound.objects.values_list("framework__kind", flat=True))
    assert kinds == {"stages", "rating", "readiness", "ladder"}
    assert Participant.objects.filter(channel="paper").exists()
    assert demo_place_load().rounds_added == 0
