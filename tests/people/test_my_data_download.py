from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.people.models import DataExport, Language, Neighbourhood, Profile, ProfileTag, Tag
from coproduce.people.services import data as data_service
from coproduce.people.services.consent import consent_give, consent_withdraw
from coproduce.people.services.data import export_sections
from coproduce.people.services.pioneers import pioneer_nominate
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = "/people/me/data/"
# The people app's own files; other apps register more (invitations.csv, timebank.csv, ...).
PEOPLE_FILES = {
    "README.txt",
    "person.json",
    "profile.json",
    "tags.csv",
    "consents.csv",
    "memberships.csv",
    "audit.csv",
    "pioneer_nominations.csv",
    "data_exports.csv",
}
EXPECTED_FILES = PEOPLE_FILES | {section.name for section in export_sections()}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


@pytest.fixture
def rich_person(organisation, facilitator):
    """Rosa, with a profile, tags, consents, a role and nominations, among people with private details."""
    rosa = PersonFactory(preferred_name="Rosa", email="rosa@example.org", phone="07700 900001")
    profile = Profile.objects.create(
        person=rosa,
        about_me="I love =SUM(A1) and gardening",
        lived_experience="Carer for my mum",
        neighbourhood=Neighbourhood.objects.get_or_create(name="Millbrook")[0],
        filled_in_by=facilitator,
    )
    profile.languages.add(Language.objects.get_or_create(name="Polish")[0])
    cooking = Tag.objects.get_or_create(name="Cooking")[0]
    ProfileTag.objects.create(profile=profile, tag=cooking, kind=ProfileTag.Kind.GIFT)
    MembershipFactory(person=rosa, organisation=organisation, role=Role.VOLUNTEER)
    consent_give(person=rosa, topic="visible_profile")
    consent_give(person=rosa, topic="photos")
    consent_withdraw(person=rosa, topic="photos")
    other = PersonFactory(preferred_name="Sam Secret", email="sam.secret@example.org", phone="07700 900999")
    Profile.objects.create(person=other, about_me="Sam's private story", lived_experience="Sam's diagnosis")
    consent_give(person=other, topic="visible_profile")
    pioneer_nominate(nominator=other, nominee=rosa, reason="Rosa brings people together")
    pioneer_nominate(nominator=rosa, nominee=other, reason="Sam listens")
    return rosa


def test_small_download_is_sent_at_once_with_every_file(rich_person, client_for, facilitator):
    response = client_for(rich_person).post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == EXPECTED_FILES

    person = json.loads(archive.read("person.json"))
    assert person["email"] == "rosa@example.org" and person["phone"] == "07700 900001"
    profile = json.loads(archive.read("profile.json"))
    assert profile["lived_experience"]["text"] == "Carer for my mum"
    assert profile["lived_experience"]["who_sees_it"] == "only_me"
    assert profile["languages"]["names"] == ["Polish"]
    assert profile["filled_in_with"] == "Femi"
    assert csv_rows(archive, "tags.csv") == [
        {"kind": "Gifts and skills I can offer", "tag": "Cooking", "tag_status": "In the shared list"}
    ]
    consents = csv_rows(archive, "consents.csv")
    assert {row["topic"] for row in consents} == {"A profile other people can see", "Photos and films"}
    assert any(row["withdrawn_at"] for row in consents)
    from coproduce.people.models import ConsentWording

    assert {row["words_agreed_to"] for row in consents} == set(
        ConsentWording.objects.filter(topic__in=["visible_profile", "photos"], version=1).values_list("text", flat=True)
    )
    assert csv_rows(archive, "memberships.csv")[0]["role"] == "Volunteer"
    nominations = csv_rows(archive, "pioneer_nominations.csv")
    assert {row["reason"] for row in nominations} == {"Rosa brings people together", "Sam listens"}
    audit = csv_rows(archive, "audit.csv")
    assert {"consent.give", "consent.withdraw", "pioneer.nominate", "person.data_export"} <= {
        r["action"] for r in audit
    }
    assert len(csv_rows(archive, "data_exports.csv")) == 1
    readme = archive.read("README.txt").decode()
    for name in EXPECTED_FILES - {"README.txt"}:
        assert name in readme

    everything = "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    # Nobody else's private details travel in Rosa's download, nor who nominated her.
    for private in ("sam.secret@example.org", "07700 900999", "Sam's private story", "Sam's diagnosis"):
        assert private not in everything
    # Sam's name appears once: as the person Rosa nominated. Nothing says Sam nominated Rosa.
    assert everything.count("Sam Secret") == 1
    made = next(row for row in nominations if row["reason"] == "Sam listens")
    assert made["nominee"] == "Sam Secret"
    # A formula typed into a profile stays text in the JSON, and is defused in a CSV.
    assert "=SUM(A1)" in json.loads(archive.read("profile.json"))["about_me"]["text"]
    assert AuditEntry.objects.filter(action="person.data_export", actor=rich_person).count() == 1


def test_csv_cells_that_look_like_formulas_are_defused():
    assert data_service._csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert data_service._csv_cell("@me") == "'@me"
    assert data_service._csv_cell("plain") == "plain"
    assert data_service._csv_cell(True) == "yes"


def test_a_person_with_nothing_yet_still_gets_every_file(person, client_for):
    archive = zipfile.ZipFile(io.BytesIO(client_for(person).post(URL).content))
    assert set(archive.namelist()) == EXPECTED_FILES
    assert json.loads(archive.read("profile.json")) is None
    assert archive.read("tags.csv").decode("utf-8-sig").strip() == "kind,tag,tag_status"


def test_other_apps_can_register_their_own_file(person, client_for):
    data_service.register_export_section(
        "hours.csv",
        lambda p: [{"when": "2026-01-01", "minutes": 60}],
        description="Hours you gave.",
        columns=("when", "minutes"),
        count=lambda p: 1,
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(client_for(person).post(URL).content))
        assert csv_rows(archive, "hours.csv") == [{"when": "2026-01-01", "minutes": "60"}]
        assert "Hours you gave." in archive.read("README.txt").decode()
    finally:
        data_service._SECTIONS.pop("hours.csv")
    with pytest.raises(data_service.ExportSectionError):
        data_service.register_export_section("hours.csv", lambda p: [])
    with pytest.raises(data_service.ExportSectionError):
        data_service.register_export_section("../evil.json", lambda p: {})


def test_large_download_is_prepared_in_the_background_and_only_its_owner_can_fetch_it(
    rich_person, client_for, monkeypatch, django_capture_on_commit_callbacks, media
):
    monkeypatch.setattr(data_service, "EXPORT_INLINE_MAX_ROWS", 3)
    client = client_for(rich_person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, follow=True)
    assert "We are putting your download together" in response.content.decode()
    export = DataExport.objects.get(person=rich_person)
    assert export.status == DataExport.Status.READY and export.file.name.startswith("exports/")
    # The name is long and random, and the file is under MEDIA_ROOT/exports.
    assert len(export.file.name) > len("exports/") + 40
    assert (media / export.file.name).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@example.org"]
    assert "http://testserver/people/me/data/" in mail.outbox[0].body

    html = client.get(URL).content.decode()
    download_url = reverse("people:my-data-download", kwargs={"export_id": export.pk})
    assert "Your download is ready" in html and download_url in html
    download = client.get(download_url)
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert set(archive.namelist()) == EXPECTED_FILES
    assert AuditEntry.objects.filter(action="person.data_export_download").count() == 1

    stranger = client_for(PersonFactory())
    assert stranger.get(download_url).status_code == 404
    from django.test import Client

    assert Client().get(download_url).status_code == 302

    # Running the task again (a retry) changes nothing.
    from coproduce.people.services.data import data_export_prepare_file

    data_export_prepare_file(export_id=export.pk, site_url="http://testserver")
    assert len(mail.outbox) == 1 and DataExport.objects.count() == 1


def test_asking_twice_while_one_is_waiting_makes_one(rich_person, client_for, monkeypatch):
    monkeypatch.setattr(data_service, "EXPORT_INLINE_MAX_ROWS", 3)
    client = client_for(rich_person)
    client.post(URL)  # on_commit callbacks are not run here, so it stays waiting
    client.post(URL)
    assert DataExport.objects.filter(person=rich_person, status=DataExport.Status.WAITING).count() == 1
    assert "We are putting together the download you asked for" in client.get(URL).content.decode()


def test_prune_exports_deletes_week_old_downloads_and_their_files(rich_person, media):
    from coproduce.people.services.data import data_export_prepare_file

    old = DataExport.objects.create(person=rich_person)
    data_export_prepare_file(export_id=old.pk, site_url="http://testserver")
    old.refresh_from_db()
    old_path = media / old.file.name
    DataExport.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=8))
    fresh = DataExport.objects.create(person=rich_person)
    data_export_prepare_file(export_id=fresh.pk, site_url="http://testserver")
    fresh.refresh_from_db()
    stray = media / "exports" / "stray.zip"
    stray.write_bytes(b"left behind")
    import os

    week_ago = (timezone.now() - timedelta(days=8)).timestamp()
    os.utime(stray, (week_ago, week_ago))
    out = io.StringIO()
    call_command("prune-exports", stdout=out)
    assert "Deleted 1 download" in out.getvalue()
    assert not old_path.exists() and not stray.exists()
    assert (media / fresh.file.name).exists()
    assert list(DataExport.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_my_data_page_queries_do_not_grow(person, client_for, django_assert_max_num_queries):
    client = client_for(person)
    client.get(URL)
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    limit = len(small.captured_queries)  # read now: the next request clears the log
    for _ in range(15):
        DataExport.objects.create(person=person, status=DataExport.Status.READY, file="exports/x.zip")
    with django_assert_max_num_queries(limit):
        client.get(URL)


def test_visitors_are_sent_to_sign_in(client):
    assert "/sign-in/" in client.get(URL)["Location"]
    assert "/sign-in/" in client.post(URL)["Location"]
