"""The badge pages: the list, a badge's page, making and changing a badge, retiring it, and nominating someone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.people.models import ConsentTopic
from coproduce.people.services.consent import consent_give
from coproduce.recognition.models import Award, Badge, Nomination
from coproduce.recognition.services.badges import IMAGE_MAX_BYTES
from tests.factories import PersonFactory
from tests.recognition.credential_support import make_award, make_badge, png_bytes

KEY = "c" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'


def upload(data: bytes = b"", name: str = "pot.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or png_bytes(), content_type="image/png")


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": KEY,
        "name": "Cooks for thirty",
        "description": "Feeds a crowd without fuss.",
        "criteria": "Has cooked for thirty or more at a community meal.",
        "kind": "talent",
        "image": upload(),
        "image_alt": "A cooking pot with steam rising",
        "suggest_for": "",
        "suggest_at": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def text(response: Any) -> str:
    return response.content.decode()


# --- the list and a badge's page --------------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client, db):
    badge = make_badge()
    for url in (reverse("recognition:list"), reverse("recognition:badge", args=[badge.slug])):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_list_shows_each_badge_with_its_picture_and_how_many_hold_it(client_for, person):
    listens = make_badge("Listens well")
    make_badge("Cooks for thirty")
    make_award(badge=listens)
    make_award(badge=listens, status=Award.Status.OFFERED)  # not held until accepted
    page = text(client_for(person).get(reverse("recognition:list")))
    assert '<h1 class="govuk-heading-xl">Badges</h1>' in page
    row = re.search(r"Listens well</a>.*?govuk-table__cell--numeric\">(\d+)<", page, re.S)
    assert row is not None and row.group(1) == "1"
    assert f'src="/badges/{listens.slug}/image"' in page
    assert "Make a badge" not in page


def test_a_badge_page_lists_only_holders_who_show_it_on_a_visible_profile(client_for, person):
    badge = make_badge("Listens well")
    shown = PersonFactory(preferred_name="Shown Sam")
    consent_give(person=shown, topic=ConsentTopic.VISIBLE_PROFILE)
    make_award(badge=badge, recipient=shown, shown_on_profile=True)
    hidden = PersonFactory(preferred_name="Private Pat")
    consent_give(person=hidden, topic=ConsentTopic.VISIBLE_PROFILE)
    make_award(badge=badge, recipient=hidden, shown_on_profile=False)
    no_consent = PersonFactory(preferred_name="Unshared Una")
    make_award(badge=badge, recipient=no_consent, shown_on_profile=True)

    page = text(client_for(person).get(reverse("recognition:badge", args=[badge.slug])))
    assert "Shown Sam" in page
    assert "Private Pat" not in page and "Unshared Una" not in page
    assert "3 people hold this badge." in page
    assert 'alt="Two speech bubbles"' in page
    assert "Someone who has been listened to says how it helped." in page
    assert f'href="/badges/{badge.slug}/nominate/"' in page
    assert "Award it to someone" not in page


def test_badge_text_is_shown_escaped(client_for, person):
    badge = make_badge("Listens <b>well</b>", description="<script>alert(1)</script>")
    page = text(client_for(person).get(reverse("recognition:badge", args=[badge.slug])))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Listens &lt;b&gt;well&lt;/b&gt;" in page


@pytest.mark.parametrize("page", ["list", "badge"])
def test_query_counts_do_not_grow_with_badges_and_holders(client_for, facilitator, django_assert_max_num_queries, page):
    client = client_for(facilitator)
    badge = make_badge("Listens well")

    def fill(n: int, start: int) -> None:
        for i in range(start, start + n):
            make_badge(f"Badge {i}")
            holder = PersonFactory()
            consent_give(person=holder, topic=ConsentTopic.VISIBLE_PROFILE)
            make_award(badge=badge, recipient=holder, shown_on_profile=True)

    url = reverse("recognition:list") if page == "list" else reverse("recognition:badge", args=[badge.slug])
    fill(2, 0)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    fill(12, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "Badge 13" in text(response) if page == "list" else "14 people hold this badge." in text(response)


# --- making and changing a badge --------------------------------------------------------------------------------


def test_only_people_who_define_badges_reach_the_form(client_for, person, facilitator):
    assert client_for(person).get(reverse("recognition:badge-new")).status_code == 403
    assert client_for(person).post(reverse("recognition:badge-new"), form_data()).status_code == 403
    assert not Badge.objects.exists()
    assert client_for(facilitator).get(reverse("recognition:badge-new")).status_code == 200


def test_a_facilitator_makes_a_badge_with_a_picture(client_for, facilitator):
    response = client_for(facilitator).post(reverse("recognition:badge-new"), form_data(peers_may_award="on"))
    badge = Badge.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/badges/{badge.slug}/"
    assert badge.name == "Cooks for thirty" and bytes(badge.image) == png_bytes() and badge.peers_may_award


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"image": upload(b"\x89PNG\r\n\x1a\n" + b"\0" * IMAGE_MAX_BYTES)},
            "The image is 257 KB. It can be at most 256 KB",
        ),
        ({"image": upload(b"just some words", name="pot.png")}, "This file is not a picture we can use."),
        (
            {"image": upload(b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "a.svg")},
            "This SVG picture cannot be used because it contains a script",
        ),
        ({"image": None}, "Choose an image for the badge"),
        ({"image_alt": ""}, "Describe the image in a few words, for people who cannot see it."),
        ({"criteria": ""}, "Say how someone earns the badge"),
        ({"suggest_for": "sessions_trained"}, "Say how many it takes before someone is suggested"),
    ],
)
def test_bad_input_says_what_to_fix_and_keeps_what_was_typed(client_for, facilitator, overrides, message):
    data = form_data(description="Feeds <b>a crowd</b> without fuss.", **overrides)
    response = client_for(facilitator).post(reverse("recognition:badge-new"), data)
    page = text(response)
    assert response.status_code == 200 and not Badge.objects.exists()
    assert page.count(message) == 2  # in the summary at the top and beside the field
    assert 'value="Cooks for thirty"' in page
    assert "Feeds &lt;b&gt;a crowd&lt;/b&gt; without fuss." in page
    if overrides.get("image_alt") is None:
        assert 'value="A cooking pot with steam rising"' in page


def test_a_good_picture_is_kept_when_something_else_was_wrong(client_for, facilitator):
    client = client_for(facilitator)
    first = client.post(reverse("recognition:badge-new"), form_data(criteria="", image=upload(SVG, "circle.svg")))
    assert "We have kept the picture you chose, “circle.svg”." in text(first)
    assert "A different image (optional)" in text(first)
    again = client.post(reverse("recognition:badge-new"), form_data(image=None))
    assert again.status_code == 302
    badge = Badge.objects.get()
    assert bytes(badge.image) == SVG and badge.image_type == "image/svg+xml"
    # Kept for that form only: a new form needs its own picture.
    other = client.post(reverse("recognition:badge-new"), form_data(image=None, name="Other", idempotency_key="d" * 32))
    assert "Choose an image for the badge" in text(other)


def test_changing_a_badge_keeps_its_picture_unless_a_new_one_is_chosen(client_for, facilitator, person):
    badge = make_badge("Listens well")
    url = reverse("recognition:badge-edit", args=[badge.slug])
    assert client_for(person).get(url).status_code == 403
    client = client_for(facilitator)
    page = text(client.get(url))
    assert 'value="Listens well"' in page and "The picture now: Two speech bubbles" in page
    response = client.post(url, form_data(name="Listens really well", image=None, image_alt="Two speech bubbles"))
    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.name == "Listens really well" and badge.slug == "listens-well" and bytes(badge.image) == png_bytes()


def test_retiring_a_badge_is_for_people_who_define_badges(client_for, facilitator, person):
    badge = make_badge()
    url = reverse("recognition:badge-retire", args=[badge.slug])
    assert client_for(person).post(url).status_code == 403
    assert client_for(facilitator).post(url).status_code == 302
    badge.refresh_from_db()
    assert badge.retired_at is not None
    page = text(client_for(person).get(reverse("recognition:badge", args=[badge.slug])))
    assert "This badge has not been given since" in page and "Nominate someone" not in page
    client_for(facilitator).post(url, {"restore": "1"})
    badge.refresh_from_db()
    assert badge.retired_at is None


# --- nominating -------------------------------------------------------------------------------------------------


def test_nominating_finds_the_person_by_name_and_keeps_the_reason(client_for, person):
    badge = make_badge()
    rosa = PersonFactory(preferred_name="Rosalind")
    PersonFactory(preferred_name="Bob")
    client = client_for(person)
    url = reverse("recognition:nominate", args=[badge.slug])
    found = client.post(
        url, {"idempotency_key": KEY, "nominee_search": "rosa", "find": "nominee", "reason": "She <i>listens</i>."}
    )
    page = text(found)
    assert "Showing people whose name includes “rosa”." in page
    assert "She &lt;i&gt;listens&lt;/i&gt;." in page and "error-summary" not in page
    sent = client.post(url, {"idempotency_key": KEY, "nominee": rosa.pk, "reason": "She listens."})
    assert sent.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominee == rosa and nomination.nominated_by == person


def test_a_nomination_without_a_reason_or_a_person_says_so(client_for, person):
    badge = make_badge()
    response = client_for(person).post(
        reverse("recognition:nominate", args=[badge.slug]), {"idempotency_key": KEY, "reason": ""}
    )
    page = text(response)
    assert "Choose someone from the list." in page and "Say why you are nominating them" in page
    assert not Nomination.objects.exists()
