"""A person's download holds their badges and nominations; closing takes their badges back and forgets what was
written about them, while nominations they made stay for the people they were about."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from coproduce.people.services.closing import person_close
from coproduce.people.services.data import data_export_now
from coproduce.recognition.models import Award, Nomination
from coproduce.recognition.privacy import AWARD_COLUMNS, NOMINATION_BY_ME_COLUMNS, NOMINATION_OF_ME_COLUMNS
from tests.factories import PersonFactory
from tests.recognition.credential_support import make_award, make_badge

pytestmark = pytest.mark.django_db


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_the_download_has_my_badges_nominations_of_me_and_nominations_i_made(person, facilitator):
    listens = make_badge("Listens well")
    cooks = make_badge("Cooks for thirty")
    make_award(
        badge=listens, recipient=person, awarded_by=facilitator, evidence="Heard everyone.", shown_on_profile=True
    )
    make_award(badge=cooks, recipient=PersonFactory())  # someone else's
    nominator = PersonFactory(preferred_name="Secret Sam")
    Nomination.objects.create(badge=cooks, nominee=person, nominated_by=nominator, reason="Fed us all.")
    rosa = PersonFactory(preferred_name="Rosa")
    Nomination.objects.create(
        badge=listens,
        nominee=rosa,
        nominated_by=person,
        reason="She listens.",
        status=Nomination.Status.NOT_AWARDED,
        decision_note="Not yet.",
    )

    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    badges = _rows(archive, "badges.csv")
    assert list(badges[0]) == list(AWARD_COLUMNS)
    assert [(row["badge"], row["evidence"], row["given_by"], row["status"]) for row in badges] == [
        ("Listens well", "Heard everyone.", "Femi", "Accepted")
    ]
    of_me = _rows(archive, "badge_nominations_of_me.csv")
    assert list(of_me[0]) == list(NOMINATION_OF_ME_COLUMNS)
    assert [(row["badge"], row["why"]) for row in of_me] == [("Cooks for thirty", "Fed us all.")]
    assert "Secret Sam" not in archive.read("badge_nominations_of_me.csv").decode("utf-8-sig")
    by_me = _rows(archive, "badge_nominations_by_me.csv")
    assert [(row["nominee"], row["why"], row["status"], row["why_not"]) for row in by_me] == [
        ("Rosa", "She listens.", "Not awarded", "Not yet.")
    ]


def test_an_empty_download_still_has_the_files_with_their_columns(person):
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    assert archive.read("badges.csv").decode("utf-8-sig").strip() == ",".join(AWARD_COLUMNS)
    assert archive.read("badge_nominations_by_me.csv").decode("utf-8-sig").strip() == ",".join(NOMINATION_BY_ME_COLUMNS)


def test_closing_takes_badges_back_forgets_evidence_and_keeps_nominations_made(person):
    badge = make_badge()
    held = make_award(badge=badge, recipient=person, evidence="Heard everyone.", shown_on_profile=True)
    earlier = make_award(badge=make_badge("Cooks for thirty"), recipient=person, status=Award.Status.DECLINED)
    Nomination.objects.create(badge=badge, nominee=person, nominated_by=PersonFactory(), reason="About them.")
    rosa = PersonFactory()
    made = Nomination.objects.create(badge=badge, nominee=rosa, nominated_by=person, reason="About Rosa.")

    person_close(person=person)

    held.refresh_from_db()
    earlier.refresh_from_db()
    assert held.revoked_at is not None and held.revoke_reason == "The account was closed."
    assert held.evidence == "" and not held.shown_on_profile
    assert earlier.evidence == "" and earlier.revoked_at is not None
    assert not Nomination.objects.filter(nominee=person).exists()
    made.refresh_from_db()
    assert made.nominated_by is None and made.reason == "About Rosa."
