"""Defining, changing and retiring the place's badges, and checking the images people upload for them.

A badge's image is kept in the database and shown on pages and in exported credentials, so what is stored must be
small, really an image, and harmless when a browser opens it on its own. PNG and JPEG are read with Pillow. An SVG
is a document that can carry scripts, event handlers and links to other servers, so it is read with the same XML
parser Python's ElementTree uses (expat), with document type definitions and their entities refused, and turned
away if it holds anything that could run or fetch something.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record, audited_with_key
from coproduce.people.models import Person
from coproduce.recognition.models import Badge
from coproduce.recognition.services.suggestions import SuggestionError, suggestion_threshold_checked

NAME_MAX = 100
DESCRIPTION_MAX = 1000
CRITERIA_MAX = 2000
ALT_MAX = 200
IMAGE_MAX_BYTES = 256 * 1024
# A badge is shown small; anything bigger than this on a side only costs the browsers that draw it.
IMAGE_MAX_SIDE = 2048

PNG, JPEG, SVG = "image/png", "image/jpeg", "image/svg+xml"


class BadgeError(ValueError):
    """Something that cannot be saved as given. `field` names the form field it is about, or is None."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class BadgeImageError(BadgeError):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="image")


# --- images ------------------------------------------------------------------------------------------------------


def badge_image_checked(data: bytes) -> str:
    """The image's type if it is a PNG, JPEG or SVG that is safe to keep and show; otherwise BadgeImageError saying
    what is wrong. The type comes from what the file holds, never from its name."""
    if not data:
        raise BadgeImageError(_("The image file is empty. Choose a PNG, JPEG or SVG picture."))
    too_big = image_size_problem(len(data))
    if too_big:
        raise BadgeImageError(too_big)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _raster_checked(data, "PNG", PNG)
    if data.startswith(b"\xff\xd8\xff"):
        return _raster_checked(data, "JPEG", JPEG)
    if _looks_like_xml(data):
        _svg_checked(data)
        return SVG
    raise BadgeImageError(
        _(
            "This file is not a picture we can use. Choose a PNG, JPEG or SVG image (other kinds, such as GIF, "
            "WebP or PDF, cannot be used)."
        )
    )


def image_size_problem(size: int) -> str:
    """What to say about a file of this many bytes, or "" if its size is fine."""
    if size <= IMAGE_MAX_BYTES:
        return ""
    return _("The image is %(size)s KB. It can be at most %(limit)s KB: make it smaller and upload it again.") % {
        "size": (size + 1023) // 1024,
        "limit": IMAGE_MAX_BYTES // 1024,
    }


def _raster_checked(data: bytes, expected: str, content_type: str) -> str:
    from PIL import Image, UnidentifiedImageError

    broken = _("This file looks like a %(kind)s picture but it is damaged. Save it again and upload the new copy.") % {
        "kind": expected
    }
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise BadgeImageError(broken) from exc
    if kind != expected:
        raise BadgeImageError(broken)
    if width > IMAGE_MAX_SIDE or height > IMAGE_MAX_SIDE:
        raise BadgeImageError(
            _("The image is %(width)s by %(height)s pixels. It can be at most %(limit)s pixels on each side.")
            % {"width": width, "height": height, "limit": IMAGE_MAX_SIDE}
        )
    return content_type


def _looks_like_xml(data: bytes) -> bool:
    start = data[:512].lstrip(b"\xef\xbb\xbf").lstrip()
    return start.startswith(b"<")


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Elements that run code, embed other documents, or animate attributes into something that does.
_UNSAFE_ELEMENTS = frozenset(
    {
        "script",
        "foreignobject",
        "iframe",
        "embed",
        "object",
        "handler",
        "listener",
        "animate",
        "set",
        "animatemotion",
        "animatetransform",
        "discard",
    }
)
_URL_IN_TEXT = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
# Pictures drawn inside an SVG may be carried in it; anything else must point inside the file itself.
_EMBEDDED_PICTURE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)


class _SvgRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _svg_checked(data: bytes) -> None:
    unsafe = _("This SVG picture cannot be used because it contains %(what)s. Export it again as a plain drawing.")
    not_svg = _("This file is not an SVG picture we can read. Choose a PNG, JPEG or SVG image.")
    seen_root = False
    in_style = 0

    def refuse(what: str) -> None:
        raise _SvgRefused(unsafe % {"what": what})

    def check_reference(value: str, *, picture_allowed: bool) -> None:
        value = value.strip()
        if value.startswith("#") or (picture_allowed and _EMBEDDED_PICTURE.match(value)):
            return
        refuse(_("a link to something outside the file"))

    def check_text(text: str) -> None:
        lowered = text.lower()
        if any(code in lowered for code in ("javascript:", "@import", "expression(", "image-set(")):
            refuse(_("code"))
        for target in _URL_IN_TEXT.findall(text):
            check_reference(target, picture_allowed=True)

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal seen_root, in_style
        namespace, _sep, local = name.rpartition(" ")
        local = local.lower()
        if not seen_root:
            if namespace != SVG_NS or local != "svg":
                raise _SvgRefused(not_svg)
            seen_root = True
        if local in _UNSAFE_ELEMENTS:
            refuse(_("a script or something that runs") if local != "foreignobject" else _("an embedded web page"))
        if namespace == "http://www.w3.org/1999/xhtml":
            refuse(_("an embedded web page"))
        if local == "style":
            in_style += 1
        for attribute, value in attributes.items():
            attr_namespace, _sep, attr_local = attribute.rpartition(" ")
            attr_local = attr_local.lower()
            if attr_local.startswith("on"):
                refuse(_("an event handler (an attribute such as onload or onclick)"))
            if attr_local == "href" and attr_namespace in ("", XLINK_NS):
                check_reference(value, picture_allowed=local == "image")
            check_text(value)

    def end(name: str) -> None:
        nonlocal in_style
        if name.rpartition(" ")[2].lower() == "style":
            in_style -= 1

    def characters(text: str) -> None:
        if in_style:
            check_text(text)

    def doctype(name: str, system_id: str | None, public_id: str | None, has_internal_subset: int) -> None:
        # An old-style <!DOCTYPE svg PUBLIC ...> line is harmless (expat never fetches it); one that declares
        # things inside it is how entity tricks begin, so it is refused before anything in it is read.
        if has_internal_subset:
            refuse(_("a document type declaration"))

    def entity(*_args: Any) -> None:
        refuse(_("a document type declaration"))

    def processing_instruction(target: str, _data: str) -> None:
        refuse(_("an instruction to load a style sheet or other file"))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = entity  # type: ignore[assignment]
    parser.ProcessingInstructionHandler = processing_instruction
    try:
        parser.Parse(data, True)
    except _SvgRefused as exc:
        raise BadgeImageError(exc.message) from exc
    except expat.ExpatError as exc:
        raise BadgeImageError(not_svg) from exc
    if not seen_root:
        raise BadgeImageError(not_svg)


# --- badges ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadgeImage:
    """An uploaded picture, already read: `data` is checked by the service, not trusted from the form."""

    data: bytes


def _text(value: str, *, field: str, limit: int, required: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BadgeError(required, field=field)
    if len(value) > limit:
        raise BadgeError(
            _("%(what)s can be up to %(limit)s characters. It has %(n)s: please shorten it.")
            % {"what": what, "limit": limit, "n": len(value)},
            field=field,
        )
    return value


def _fields_checked(
    *,
    name: str,
    description: str,
    criteria: str,
    kind: str,
    image_alt: str,
    suggest_for: str,
    suggest_at: int | None,
    badge: Badge | None,
) -> dict[str, Any]:
    name = _text(
        name,
        field="name",
        limit=NAME_MAX,
        required=_("Give the badge a name."),
        what=_("The name"),
    )
    others = Badge.objects.filter(name__iexact=name)
    if badge is not None:
        others = others.exclude(pk=badge.pk)
    if others.exists():
        raise BadgeError(
            _("There is already a badge called “%(name)s”. Choose another name.") % {"name": name}, field="name"
        )
    if kind not in Badge.Kind.values:
        raise BadgeError(_("Choose what kind of badge it is."), field="kind")
    try:
        suggest_for, suggest_at = suggestion_threshold_checked(suggest_for=suggest_for, suggest_at=suggest_at)
    except SuggestionError as exc:
        raise BadgeError(str(exc), field=exc.field) from exc
    return {
        "name": name,
        "description": _text(
            description,
            field="description",
            limit=DESCRIPTION_MAX,
            required=_("Say what the badge recognises."),
            what=_("What it recognises"),
        ),
        "criteria": _text(
            criteria,
            field="criteria",
            limit=CRITERIA_MAX,
            required=_("Say how someone earns the badge, so people know what to look for when they nominate."),
            what=_("How someone earns it"),
        ),
        "kind": kind,
        "image_alt": _text(
            image_alt,
            field="image_alt",
            limit=ALT_MAX,
            required=_("Describe the image in a few words, for people who cannot see it."),
            what=_("The description of the image"),
        ),
        "suggest_for": suggest_for,
        "suggest_at": suggest_at,
    }


def _slug_for(name: str) -> str:
    """A slug no badge has and no fixed address of this app uses (such as "new" or "mine"), so a badge's page
    never hides another page."""
    base = slugify(name)[:100] or "badge"
    candidate, n = base, 1
    while Badge.objects.filter(slug=candidate).exists() or _is_fixed_address(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _is_fixed_address(slug: str) -> bool:
    try:
        match = resolve(f"{reverse('recognition:list')}{slug}/")
    except Resolver404:
        return False
    return match.url_name != "badge"


def badge_define(
    *,
    actor: Person,
    name: str,
    description: str,
    criteria: str,
    image: BadgeImage | None,
    image_alt: str,
    kind: str = Badge.Kind.TALENT,
    peers_may_award: bool = False,
    suggest_for: str = "",
    suggest_at: int | None = None,
    idempotency_key: str = "",
) -> Badge:
    with transaction.atomic():
        if idempotency_key:
            # The actor's row lock makes the same form sent twice wait for itself, so the second finds the first
            # (before the name check, which would otherwise say the badge already exists).
            Person.objects.select_for_update().filter(pk=actor.pk).first()
            earlier = audited_with_key(action="recognition.badge_define", actor=actor, idempotency_key=idempotency_key)
            if earlier is not None:
                return Badge.objects.get(pk=earlier.target_id)
        fields = _fields_checked(
            name=name,
            description=description,
            criteria=criteria,
            kind=kind,
            image_alt=image_alt,
            suggest_for=suggest_for,
            suggest_at=suggest_at,
            badge=None,
        )
        if image is None:
            raise BadgeImageError(_("Choose an image for the badge: a PNG, JPEG or SVG picture up to 256 KB."))
        image_type = badge_image_checked(image.data)
        try:
            with transaction.atomic():
                badge = Badge.objects.create(
                    **fields,
                    slug=_slug_for(fields["name"]),
                    image=image.data,
                    image_type=image_type,
                    peers_may_award=peers_may_award,
                    created_by=actor,
                )
        except IntegrityError as exc:
            # Two people naming a badge the same at the same moment.
            raise BadgeError(
                _("There is already a badge called “%(name)s”. Choose another name.") % {"name": fields["name"]},
                field="name",
            ) from exc
        detail: dict[str, Any] = {"name": badge.name}
        if idempotency_key:
            detail["key"] = idempotency_key
        audit_record(actor=actor, action="recognition.badge_define", target=badge, detail=detail)
    return badge


def badge_change(
    *,
    actor: Person,
    badge: Badge,
    name: str,
    description: str,
    criteria: str,
    image_alt: str,
    kind: str,
    peers_may_award: bool,
    suggest_for: str = "",
    suggest_at: int | None = None,
    image: BadgeImage | None = None,
) -> Badge:
    """Change what a badge says. Its address stays the same, so links to it and credentials already given keep
    working; without a new image the old one stays."""
    fields = _fields_checked(
        name=name,
        description=description,
        criteria=criteria,
        kind=kind,
        image_alt=image_alt,
        suggest_for=suggest_for,
        suggest_at=suggest_at,
        badge=badge,
    )
    fields["peers_may_award"] = peers_may_award
    if image is not None:
        fields["image_type"] = badge_image_checked(image.data)
    with transaction.atomic():
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        changed = sorted(field for field, value in fields.items() if getattr(badge, field) != value)
        if image is not None and bytes(badge.image) != image.data:
            changed.append("image")
            badge.image = image.data
        if not changed:
            return badge
        for field, value in fields.items():
            setattr(badge, field, value)
        try:
            with transaction.atomic():
                badge.save()
        except IntegrityError as exc:
            raise BadgeError(
                _("There is already a badge called “%(name)s”. Choose another name.") % {"name": fields["name"]},
                field="name",
            ) from exc
        audit_record(actor=actor, action="recognition.badge_change", target=badge, detail={"changed": changed})
    return badge


def badge_retire(*, actor: Person, badge: Badge) -> Badge:
    """Stop a badge being nominated for or given. Everyone who holds it keeps it, and its credentials still verify.
    Open nominations for it are closed as not awarded, since nobody can now decide them."""
    from coproduce.recognition.models import Nomination

    with transaction.atomic():
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        if badge.retired_at is not None:
            return badge
        now = timezone.now()
        badge.retired_at = now
        badge.save(update_fields=["retired_at"])
        closed = Nomination.objects.filter(badge=badge, status=Nomination.Status.OPEN).update(
            status=Nomination.Status.NOT_AWARDED,
            decided_by=actor,
            decided_at=now,
            decision_note=_("The badge is no longer given."),
        )
        audit_record(
            actor=actor, action="recognition.badge_retire", target=badge, detail={"nominations_closed": closed}
        )
    return badge


def badge_restore(*, actor: Person, badge: Badge) -> Badge:
    """Bring a retired badge back into use."""
    with transaction.atomic():
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        if badge.retired_at is None:
            return badge
        badge.retired_at = None
        badge.save(update_fields=["retired_at"])
        audit_record(actor=actor, action="recognition.badge_restore", target=badge)
    return badge
