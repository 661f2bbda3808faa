"""The demo place has a session already held, led by a Brackenfold person with lived experience who was credited
with hours, and one coming up; loading again adds nothing and pays no one twice."""

from __future__ import annotations

import pytest

from coproduce.demo.services import demo_place_load
from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.timebank.models import Transfer
from coproduce.timebank.selectors.ledger_check import ledger_problems

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_held_session_and_one_coming_up_and_loads_once():
    demo_place_load()
    held = TrainingSession.objects.get(held_at__isnull=False)
    trainer = SessionTrainer.objects.select_related("person").get(session=held)
    assert trainer.person.preferred_name == "Jay Morgan" and trainer.lived_experience
    assert trainer.credit == SessionTrainer.Credit.NAMED and trainer.hours_credited is not None
    assert trainer.hours_credited.entries.get(minutes__gt=0).account.person_id == trainer.person_id
    assert SessionAttendance.objects.filter(session=held, attended=True).exclude(will_do_differently="").exists()
    coming = TrainingSession.objects.get(held_at__isnull=True)
    assert coming.trainers.get().credit == SessionTrainer.Credit.UNNAMED and coming.attendances.count() == 2

    transfers = Transfer.objects.count()
    assert demo_place_load().sessions_added == 0
    assert TrainingSession.objects.count() == 2 and Transfer.objects.count() == transfers
    assert list(ledger_problems()) == []
