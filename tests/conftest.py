from __future__ import annotations

import os

import pytest
from django.test import Client

from coproduce.organisations.models import Organisation, Role
from coproduce.people.models import Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory


def pytest_report_header() -> str:
    return f"database: {os.environ.get('COPRODUCE_TEST_DATABASE', 'sqlite')}"


@pytest.fixture
def person(db: None) -> Person:
    return PersonFactory(preferred_name="Rosa")


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Millbrook Carers")


@pytest.fixture
def facilitator(organisation: Organisation) -> Person:
    return MembershipFactory(organisation=organisation, role=Role.FACILITATOR, person__preferred_name="Femi").person


@pytest.fixture
def org_admin(organisation: Organisation) -> Person:
    return MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN, person__preferred_name="Olu").person


@pytest.fixture
def place_admin(db: None) -> Person:
    return PersonFactory(preferred_name="Pat", is_place_admin=True)


def signed_in_client(person: Person, *, verified: bool = True) -> Client:
    """A client signed in as `person`; `verified` says whether their second factor counts as done."""
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=person, confirmed=True).first() or TOTPDevice.objects.create(
            user=person, name="Test phone", confirmed=True
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for():
    return signed_in_client
