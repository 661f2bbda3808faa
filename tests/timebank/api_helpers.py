"""Calling the JSON API as a person, with a real key made by the real service."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from coproduce.people.models import Person
from coproduce.timebank.models import Transfer
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.api_tokens import api_token_create
from coproduce.timebank.services.ledger import Leg, transfer_record
from tests.factories import OrganisationFactory


class ApiCaller:
    def __init__(self, person: Person, key: str | None = None) -> None:
        self.person = person
        self.key = key if key is not None else api_token_create(person=person, name="Tests")[1]
        self.client = Client()

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Token {self.key}", **extra}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers())

    def post(self, path: str, body: Any, *, key: str | None = "k-1") -> Any:
        headers = self.headers(**({"Idempotency-Key": key} if key is not None else {}))
        return self.client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def fund(person: Person, minutes: int, key: str) -> Transfer:
    """Give a person hours from an organisation that may go as low as it likes, through the real ledger."""
    organisation_account = account_for_organisation(OrganisationFactory())
    organisation_account.min_balance_minutes = -(10**9)
    organisation_account.save(update_fields=["min_balance_minutes"])
    return transfer_record(
        idempotency_key=key,
        legs=[Leg(organisation_account.pk, -minutes), Leg(account_for_person(person).pk, minutes)],
        kind=Transfer.Kind.DIRECT,
        description="Starting hours",
        recorded_by=None,
    )
