import csv
import io
import zipfile

import pytest
from axes.models import AccessAttempt

from coproduce.accounts.models import Invitation
from coproduce.people.services.closing import person_close
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _invitation(email: str, name: str, invited_by, token: str) -> Invitation:
    return Invitation.objects.create(
        email=email, preferred_name=name, invited_by=invited_by, token_hash=token, organisation=None
    )


def test_closing_removes_invitations_to_them_and_their_sign_in_records(facilitator):
    rosa = PersonFactory(email="rosa@example.org")
    _invitation("Rosa@example.org", "Rosa", facilitator, "a" * 64)
    sent_by_rosa = _invitation("sam@example.org", "Sam", rosa, "b" * 64)
    AccessAttempt.objects.create(username="rosa@example.org", ip_address="127.0.0.1", failures_since_start=2)
    person_close(person=rosa)
    assert list(Invitation.objects.all()) == [sent_by_rosa]
    assert not AccessAttempt.objects.exists()


def test_download_lists_invitations_without_other_peoples_emails(facilitator, client_for):
    rosa = PersonFactory(email="rosa@example.org")
    _invitation("rosa@example.org", "Rosa", facilitator, "c" * 64)
    _invitation("sam.private@example.org", "Sam", rosa, "d" * 64)
    OrganisationFactory()
    response = client_for(rosa).post("/people/me/data/", {"confirm": "on"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    archive = zipfile.ZipFile(io.BytesIO(content))
    rows = list(csv.DictReader(io.StringIO(archive.read("invitations.csv").decode("utf-8-sig"))))
    assert sorted((r["direction"], r["name"]) for r in rows) == [("received", "Rosa"), ("sent", "Sam")]
    assert b"sam.private@example.org" not in b"".join(archive.read(n) for n in archive.namelist())
