"""A person's download includes the sessions they trained at, signed up for or came to; closing their account
takes them off sessions to come, removes what they wrote, and keeps held sessions (and the ledger) whole, with a
trainer no longer named."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.utils import timezone

from coproduce.learn.models import SessionAttendance, SessionTrainer
from coproduce.learn.services.sessions import session_mark_held
from coproduce.people.services.closing import person_close
from coproduce.people.services.data import data_export_now
from coproduce.timebank.selectors.ledger_check import ledger_problems
from tests.learn.sessions_support import add_attendee, add_trainer, make_session

pytestmark = pytest.mark.django_db


def _sessions(facilitator, organisation, person):
    trained = make_session(organisation=organisation, title="Carers teach staff")
    add_trainer(trained, person, credit=SessionTrainer.Credit.NAMED)
    session_mark_held(actor=facilitator, session=trained, attended=[])
    came = make_session(organisation=organisation, title="Storytelling", held_at=timezone.now())
    add_attendee(came, person, attended=True, will_do_differently="Listen for longer", competency="shared-mutual")
    coming = make_session(organisation=organisation, title="Prototyping a form", days=5)
    add_attendee(coming, person)
    add_trainer(make_session(organisation=organisation, title="Next month", days=30), person)


def test_the_download_has_my_sessions(facilitator, organisation, person):
    _sessions(facilitator, organisation, person)
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    rows = list(csv.DictReader(io.StringIO(archive.read("training_sessions.csv").decode("utf-8-sig"))))
    by_title = {row["session"]: row for row in rows}
    assert set(by_title) == {"Carers teach staff", "Storytelling", "Prototyping a form", "Next month"}
    assert by_title["Carers teach staff"]["my_part"] == "trainer"
    assert by_title["Carers teach staff"]["minutes_added_to_my_timebank_hours"] == "120"
    assert by_title["Storytelling"]["what_i_will_do_differently"] == "Listen for longer"
    assert by_title["Prototyping a form"]["my_part"] == "signed up"


def test_closing_leaves_held_sessions_whole_without_my_name_or_words(facilitator, organisation, person):
    _sessions(facilitator, organisation, person)
    person_close(person=person)
    assert SessionTrainer.objects.filter(person=person).get().credit == SessionTrainer.Credit.UNNAMED
    assert list(SessionAttendance.objects.filter(person=person).values_list("will_do_differently", "attended")) == [
        ("", True)
    ]
    assert list(ledger_problems()) == []
