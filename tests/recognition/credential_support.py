"""Rows and tools the credential and verification tests share: badges, awards, and the published schemas."""

from __future__ import annotations

import io
import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone
from jsonschema import Draft201909Validator, FormatChecker
from PIL import Image
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT201909

from coproduce.people.models import Person
from coproduce.recognition.models import Award, Badge
from tests.factories import PersonFactory

# The 1EdTech schemas, copied unchanged into tests/standards/ with their source (see its README.md).
STANDARDS = Path(__file__).resolve().parents[1] / "standards" / "openbadges-3.0"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 80, 20)).save(out, format="PNG")
    return out.getvalue()


def make_badge(name: str = "Listens well", **fields: Any) -> Badge:
    from django.utils.text import slugify

    values: dict[str, Any] = {
        "slug": slugify(name),
        "description": "Gives people time and really hears what they say.",
        "criteria": "Someone who has been listened to says how it helped.",
        "image": png_bytes(),
        "image_type": "image/png",
        "image_alt": "Two speech bubbles",
    }
    values.update(fields)
    return Badge.objects.create(name=name, **values)


def make_award(
    *,
    badge: Badge | None = None,
    recipient: Person | None = None,
    status: str = Award.Status.ACCEPTED,
    **fields: Any,
) -> Award:
    award = Award.objects.create(
        badge=badge or make_badge(),
        recipient=recipient or PersonFactory(),
        evidence=fields.pop("evidence", "Listened to three carers at the café and wrote up what they said."),
        status=status,
        responded_at=timezone.now() if status != Award.Status.OFFERED else None,
        **fields,
    )
    return Award.objects.select_related("badge", "recipient").get(pk=award.pk)


def revoke(award: Award, reason: str = "Given to the wrong person.", when: datetime | None = None) -> Award:
    Award.objects.filter(pk=award.pk).update(revoked_at=when or timezone.now(), revoke_reason=reason)
    award.refresh_from_db()
    return award


@cache
def _schema(name: str) -> dict[str, Any]:
    path = STANDARDS / name
    if not path.exists():
        raise AssertionError(f"The Open Badges 3.0 schemas are expected at {STANDARDS}")
    return json.loads(path.read_text(encoding="utf-8"))


def context_document() -> dict[str, Any]:
    return _schema("context-3.0.3.json")


def _format_checker() -> FormatChecker:
    """Date-times checked strictly, without a network or optional packages: RFC 3339 with a zone."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if "T" not in value:
            return False
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment.tzinfo is not None

    return checker


def validator(name: str) -> Draft201909Validator:
    """A validator for one of the published schemas; every $ref is resolved from the local copies, never fetched."""
    registry: Registry = Registry()
    for file_name in ("achievementcredential.json", "profile.json", "endorsementcredential.json"):
        schema = _schema(file_name)
        registry = registry.with_resource(
            schema["$id"], Resource.from_contents(schema, default_specification=DRAFT201909)
        )
    schema = _schema(name)
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, registry=registry, format_checker=_format_checker())


def schema_errors(name: str, document: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(document)]
