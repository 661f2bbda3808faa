"""Rows the training session and learning record tests share."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from coproduce.learn.models import SessionAttendance, SessionTrainer, TrainingSession
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.timebank.models import Account
from tests.factories import OrganisationFactory, PersonFactory


def make_session(
    *, organisation: Organisation | None = None, organiser: Person | None = None, days: int = -1, **fields: Any
) -> TrainingSession:
    """A session `days` from now (in the past by default, so it can be marked held)."""
    values: dict[str, Any] = {
        "kind": TrainingSession.Kind.ALTERNATIVE,
        "title": "What good support feels like",
        "description": "Carers and people who use the day centre talk with new staff.",
        "starts_at": timezone.now() + timedelta(days=days),
        "minutes": 120,
    }
    values.update(fields)
    return TrainingSession.objects.create(
        organisation=organisation or OrganisationFactory(), organised_by=organiser, **values
    )


def add_trainer(session: TrainingSession, person: Person | None = None, **fields: Any) -> SessionTrainer:
    fields.setdefault("credit", SessionTrainer.Credit.UNNAMED)
    return SessionTrainer.objects.create(session=session, person=person or PersonFactory(), **fields)


def add_attendee(session: TrainingSession, person: Person | None = None, **fields: Any) -> SessionAttendance:
    return SessionAttendance.objects.create(session=session, person=person or PersonFactory(), **fields)


def balance(person: Person) -> int:
    account = Account.objects.filter(kind=Account.Kind.PERSON, person=person).first()
    return account.balance_minutes if account is not None else 0


def organisation_balance(organisation: Organisation) -> int:
    account = Account.objects.filter(kind=Account.Kind.ORGANISATION, organisation=organisation).first()
    return account.balance_minutes if account is not None else 0


def key() -> str:
    return uuid.uuid4().hex
