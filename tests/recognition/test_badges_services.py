"""Defining, changing and retiring badges, and the checks on badge images."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from coproduce.core.models import AuditEntry
from coproduce.recognition.models import Badge, Nomination
from coproduce.recognition.services.badges import (
    IMAGE_MAX_BYTES,
    BadgeError,
    BadgeImage,
    BadgeImageError,
    badge_change,
    badge_define,
    badge_image_checked,
    badge_restore,
    badge_retire,
)
from tests.factories import PersonFactory
from tests.recognition.credential_support import make_badge, png_bytes

SVG_OK = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#1d70b8"/>'
    b"</svg>"
)


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


def define(actor, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "name": "Cooks for thirty",
        "description": "Feeds a crowd without fuss.",
        "criteria": "Has cooked a meal for thirty or more people at a community event.",
        "image": BadgeImage(data=png_bytes()),
        "image_alt": "A cooking pot with steam rising",
    }
    values.update(overrides)
    return badge_define(actor=actor, **values)


# --- images ----------------------------------------------------------------------------------------------------


def test_png_jpeg_and_plain_svg_are_accepted_by_what_they_hold():
    assert badge_image_checked(png_bytes()) == "image/png"
    assert badge_image_checked(jpeg_bytes()) == "image/jpeg"
    assert badge_image_checked(SVG_OK) == "image/svg+xml"
    # An old-style doctype line, with nothing declared inside it, is harmless.
    doctype = b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    assert badge_image_checked(doctype + SVG_OK.split(b"\n", 1)[1]) == "image/svg+xml"
    # A picture carried inside the SVG, and links within the file, are fine.
    inner = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="4" height="4"/>'
        b'<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/></svg>'
    )
    assert badge_image_checked(inner) == "image/svg+xml"


def test_an_image_over_256_kb_is_refused_saying_how_big_it_is():
    big = png_bytes() + b"\0" * (IMAGE_MAX_BYTES + 1 - len(png_bytes()))
    with pytest.raises(BadgeImageError) as caught:
        badge_image_checked(big)
    assert str(caught.value) == "The image is 257 KB. It can be at most 256 KB: make it smaller and upload it again."
    assert caught.value.field == "image"


@pytest.mark.parametrize(
    "data",
    [
        b"This is a letter, not a picture.",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"%PDF-1.7\n",
    ],
)
def test_something_that_is_not_a_png_jpeg_or_svg_is_refused(data):
    with pytest.raises(BadgeImageError, match=re.escape("not a picture we can use. Choose a PNG, JPEG or SVG")):
        badge_image_checked(data)


def test_a_damaged_png_is_refused():
    with pytest.raises(BadgeImageError, match="looks like a PNG picture but it is damaged"):
        badge_image_checked(png_bytes()[:20])


def test_an_enormous_picture_in_a_small_file_is_refused():
    out = io.BytesIO()
    Image.new("1", (3000, 10)).save(out, format="PNG")
    with pytest.raises(BadgeImageError, match=re.escape("3000 by 10 pixels. It can be at most 2048")):
        badge_image_checked(out.getvalue())


@pytest.mark.parametrize(
    ("svg", "says"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "a script"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><SCRIPT>alert(1)</SCRIPT></svg>', "a script"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "an event handler"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect onClick="x()"/></svg>', "an event handler"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p>'
            b"</foreignObject></svg>",
            "an embedded web page",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/pixel.png"/></svg>',
            "a link to something outside the file",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<use xlink:href="https://elsewhere.example/sprite.svg#a"/></svg>',
            "a link to something outside the file",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
            "a link to something outside the file",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://x.example/p.svg#a)"/></svg>',
            "a link to something outside the file",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url("https://x.example/a.css");</style></svg>',
            "code",
        ),
        (
            b'<?xml-stylesheet href="https://x.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "an instruction to load a style sheet",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY lol "lol">]><svg xmlns="http://www.w3.org/2000/svg">&lol;</svg>',
            "a document type declaration",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY ext SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">'
            b"&ext;</svg>",
            "a document type declaration",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:x"/></svg>', "runs"),
    ],
)
def test_an_svg_that_could_run_or_fetch_something_is_refused(svg, says):
    with pytest.raises(BadgeImageError) as caught:
        badge_image_checked(svg)
    assert str(caught.value).startswith("This SVG picture cannot be used because it contains")
    assert says in str(caught.value)


@pytest.mark.parametrize(
    "svg",
    [
        b"<html><body>Not a drawing</body></html>",
        b"<svg>no namespace</svg>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
    ],
)
def test_xml_that_is_not_a_well_formed_svg_is_refused(svg):
    with pytest.raises(BadgeImageError, match="not an SVG picture we can read"):
        badge_image_checked(svg)


# --- defining -------------------------------------------------------------------------------------------------


def test_badge_define_saves_the_badge_its_image_and_an_audit_row(facilitator):
    badge = define(facilitator, image=BadgeImage(data=SVG_OK), peers_may_award=True)
    badge = Badge.objects.get(pk=badge.pk)
    assert badge.slug == "cooks-for-thirty"
    assert bytes(badge.image) == SVG_OK and badge.image_type == "image/svg+xml"
    assert badge.image_alt == "A cooking pot with steam rising"
    assert badge.peers_may_award and badge.created_by == facilitator and badge.retired_at is None
    entry = AuditEntry.objects.get(action="recognition.badge_define")
    assert entry.actor == facilitator and entry.target_id == str(badge.pk)


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("criteria", {"criteria": "   "}, "Say how someone earns the badge"),
        ("description", {"description": ""}, "Say what the badge recognises."),
        ("name", {"name": ""}, "Give the badge a name."),
        ("image_alt", {"image_alt": " "}, "Describe the image in a few words"),
        ("image", {"image": None}, "Choose an image for the badge"),
        ("image", {"image": BadgeImage(data=b"<svg onload='x'/>")}, "not an SVG picture"),
        ("criteria", {"criteria": "x" * 2001}, "How someone earns it can be up to 2000 characters. It has 2001"),
        ("suggest_at", {"suggest_for": "sessions_trained", "suggest_at": None}, "Say how many it takes"),
        ("suggest_at", {"suggest_for": "sessions_trained", "suggest_at": 0}, "between 1 and 1000"),
        ("suggest_for", {"suggest_for": "hours"}, "Choose who the badge should be suggested for."),
        ("kind", {"kind": "medal"}, "Choose what kind of badge it is."),
    ],
)
def test_badge_define_refuses_what_is_missing_or_wrong_saying_which_field(facilitator, field, overrides, message):
    with pytest.raises(BadgeError) as caught:
        define(facilitator, **overrides)
    assert caught.value.field == field
    assert message in str(caught.value)
    assert not Badge.objects.exists()


def test_badge_names_are_unique_whatever_their_capitals(facilitator):
    define(facilitator)
    with pytest.raises(BadgeError, match="There is already a badge called “cooks FOR thirty”"):
        define(facilitator, name="cooks FOR thirty")


def test_a_badge_never_takes_the_address_of_another_page(facilitator):
    """ "Mine" would otherwise be /badges/mine/, which is the person's own page."""
    mine = define(facilitator, name="Mine")
    verify = define(facilitator, name="Verify")
    awards = define(facilitator, name="Awards")
    assert mine.slug == "mine-2"
    assert verify.slug == "verify-2"
    # /badges/awards/ is not a page of its own (only /badges/awards/<id>/ is), so the name is free.
    assert awards.slug == "awards"


def test_the_same_form_sent_twice_makes_one_badge(facilitator):
    first = define(facilitator, idempotency_key="a" * 32)
    again = define(facilitator, idempotency_key="a" * 32)
    assert first.pk == again.pk and Badge.objects.count() == 1


# --- changing and retiring --------------------------------------------------------------------------------------


def test_badge_change_keeps_the_address_and_the_image_unless_a_new_one_is_given(facilitator):
    badge = define(facilitator)
    changed = badge_change(
        actor=facilitator,
        badge=badge,
        name="Cooks for a crowd",
        description=badge.description,
        criteria="Has cooked for thirty or more.",
        image_alt=badge.image_alt,
        kind=Badge.Kind.TALENT,
        peers_may_award=False,
    )
    changed.refresh_from_db()
    assert changed.name == "Cooks for a crowd" and changed.slug == "cooks-for-thirty"
    assert bytes(changed.image) == png_bytes()
    assert AuditEntry.objects.get(action="recognition.badge_change").detail == {"changed": ["criteria", "name"]}

    badge_change(
        actor=facilitator,
        badge=changed,
        name=changed.name,
        description=changed.description,
        criteria=changed.criteria,
        image_alt="A blue circle",
        kind=Badge.Kind.TALENT,
        peers_may_award=False,
        image=BadgeImage(data=SVG_OK),
    )
    changed.refresh_from_db()
    assert bytes(changed.image) == SVG_OK and changed.image_type == "image/svg+xml"


def test_badge_change_refuses_a_bad_image_and_keeps_the_old_one(facilitator):
    badge = define(facilitator)
    with pytest.raises(BadgeImageError):
        badge_change(
            actor=facilitator,
            badge=badge,
            name=badge.name,
            description=badge.description,
            criteria=badge.criteria,
            image_alt=badge.image_alt,
            kind=badge.kind,
            peers_may_award=False,
            image=BadgeImage(data=b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        )
    badge.refresh_from_db()
    assert bytes(badge.image) == png_bytes()


def test_changing_nothing_writes_nothing(facilitator):
    badge = define(facilitator)
    badge_change(
        actor=facilitator,
        badge=badge,
        name=badge.name,
        description=badge.description,
        criteria=badge.criteria,
        image_alt=badge.image_alt,
        kind=badge.kind,
        peers_may_award=badge.peers_may_award,
        image=BadgeImage(data=png_bytes()),
    )
    assert not AuditEntry.objects.filter(action="recognition.badge_change").exists()


def test_retiring_closes_open_nominations_and_restoring_brings_it_back(facilitator):
    badge = make_badge()
    rosa, sam = PersonFactory(), PersonFactory()
    waiting = Nomination.objects.create(badge=badge, nominee=rosa, nominated_by=sam, reason="Listened to me.")
    badge_retire(actor=facilitator, badge=badge)
    badge.refresh_from_db()
    waiting.refresh_from_db()
    assert badge.retired_at is not None
    assert waiting.status == Nomination.Status.NOT_AWARDED and waiting.decision_note == "The badge is no longer given."
    assert AuditEntry.objects.get(action="recognition.badge_retire").detail == {"nominations_closed": 1}

    badge_restore(actor=facilitator, badge=badge)
    badge.refresh_from_db()
    assert badge.retired_at is None
