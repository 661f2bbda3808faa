"""/badges/verify/: anyone checks a badge file, pasted or uploaded, and is told plainly what was found."""

from __future__ import annotations

import base64
import html
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coproduce.recognition.services.credentials import credential_jwt
from tests.factories import PersonFactory
from tests.recognition.credential_support import make_award, make_badge, revoke

SITE = "http://testserver"
URL = "/badges/verify/"
pytestmark = pytest.mark.django_db


def _post(data: dict[str, Any], client: Client | None = None) -> str:
    response = (client or Client()).post(URL, data)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_anyone_can_open_the_page() -> None:
    response = Client().get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check a badge" in page and 'enctype="multipart/form-data"' in page


def test_a_genuine_badge_says_so_with_the_name_when_they_show_it_on_their_profile() -> None:
    award = make_award(recipient=PersonFactory(preferred_name="Rosa"), shown_on_profile=True)
    page = _post({"token": credential_jwt(award, site_url=SITE)})
    assert "This badge is genuine" in page
    assert "Listens well" in page and "Rosa" in page
    assert award.awarded_at.strftime("%B %Y") in page


def test_the_name_stays_hidden_unless_they_chose_to_show_the_badge() -> None:
    award = make_award(recipient=PersonFactory(preferred_name="Zebedee"), shown_on_profile=False)
    page = _post({"token": credential_jwt(award, site_url=SITE)})
    assert "This badge is genuine" in page
    assert "Zebedee" not in page and "someone" in page


def test_a_signed_in_person_can_check_too(client_for: Any, person: Any) -> None:
    award = make_award()
    assert "This badge is genuine" in _post({"token": credential_jwt(award, site_url=SITE)}, client_for(person))


def test_an_uploaded_badge_file_is_checked() -> None:
    award = make_award()
    upload = SimpleUploadedFile("listens-well.jwt", credential_jwt(award, site_url=SITE).encode(), "application/jwt")
    assert "This badge is genuine" in _post({"file": upload, "token": ""})


def test_a_tampered_badge_is_not_genuine_says_why_and_keeps_the_text() -> None:
    token = credential_jwt(make_award(), site_url=SITE)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["validFrom"] = claims["awardedDate"] = "2001-01-01T00:00:00Z"
    edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    tampered = f"{header}.{edited}.{signature}"
    page = _post({"token": tampered})
    assert "This badge cannot be relied on" in page
    assert "changed since" in page
    assert "This badge is genuine" not in page
    assert tampered in page


def test_a_withdrawn_badge_says_when_and_why() -> None:
    award = make_award(shown_on_profile=True, recipient=PersonFactory(preferred_name="Rosa"))
    token = credential_jwt(award, site_url=SITE)
    revoke(award, reason="Given by mistake.")
    page = _post({"token": token})
    assert "This badge cannot be relied on" in page
    assert "Given by mistake." in page and "withdrew" in page
    # A withdrawn badge no longer names anyone.
    assert "Rosa" not in page


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("", "Paste the badge file’s contents, or choose the file."),
        ("not a badge at all", "not a badge file we can read"),
        ("y" * 25_000, "far longer than any badge file"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(token: str, words: str) -> None:
    page = _post({"token": token})
    assert "There is a problem" in page or "govuk-error-summary" in page
    assert words in page
    assert token in page
    assert "This badge is genuine" not in page


def test_pasted_html_is_shown_as_text() -> None:
    response = Client().post(URL, {"token": "<script>alert('hi')</script>"})
    raw = response.content.decode()
    assert "<script>alert(" not in raw
    assert "&lt;script&gt;alert(" in raw


def test_a_file_that_is_not_text_or_too_big_is_refused_plainly() -> None:
    binary = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x81", "image/png")
    assert "not a badge file" in _post({"file": binary})
    big = SimpleUploadedFile("big.jwt", b"a" * 40_000, "application/jwt")
    assert "far bigger than any badge file" in _post({"file": big})
    junk = SimpleUploadedFile("notes.txt", b"shopping: eggs, milk", "text/plain")
    assert "not a badge file we can read" in _post({"file": junk})


def test_pasting_and_choosing_a_file_at_once_asks_which() -> None:
    token = credential_jwt(make_award(), site_url=SITE)
    upload = SimpleUploadedFile("listens-well.jwt", token.encode(), "application/jwt")
    page = _post({"file": upload, "token": "something typed"})
    assert "Empty this box to check the file" in page and "something typed" in page


def test_checking_costs_the_same_few_queries_however_many_badges_there_are(django_assert_max_num_queries: Any) -> None:
    client = Client()
    for count in (1, 6):
        badge = make_badge(f"Badge {count}")
        awards = [make_award(badge=badge, shown_on_profile=True) for _ in range(count)]
        for award in awards[: count // 2]:
            revoke(award)
        token = credential_jwt(awards[-1], site_url=SITE)
        with django_assert_max_num_queries(6):
            response = client.post(URL, {"token": token})
        assert response.status_code == 200
