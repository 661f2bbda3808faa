"""Finding or opening timebank accounts. Every person, organisation and service has one when first needed."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from coproduce.organisations.models import Organisation, Service
from coproduce.people.models import Person
from coproduce.timebank.models import Account


def _get_or_open(kind: str, **owner: object) -> Account:
    account = Account.objects.filter(kind=kind, **owner).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(kind=kind, **owner)
    except IntegrityError:
        # Opened by a concurrent request a moment ago.
        return Account.objects.get(kind=kind, **owner)


def account_for_person(person: Person) -> Account:
    return _get_or_open(Account.Kind.PERSON, person=person)


def account_for_organisation(organisation: Organisation) -> Account:
    return _get_or_open(Account.Kind.ORGANISATION, organisation=organisation)


def account_for_service(service: Service) -> Account:
    return _get_or_open(Account.Kind.SERVICE, service=service)


def community_pot() -> Account:
    return _get_or_open(Account.Kind.POT)
