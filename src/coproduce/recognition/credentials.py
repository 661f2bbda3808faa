"""Open Badges 3.0 documents, built from rows already loaded: no queries and no writes here.

An award becomes an OpenBadgeCredential (a W3C Verifiable Credential 2.0) that validates against 1EdTech's
published AchievementCredential schema. It is secured as a VC-JWT: the JWT payload is the credential itself, with
the registered claims repeating what the credential says (iss = issuer.id, jti = id, nbf = validFrom, and exp =
validUntil when there is one), signed RS256 with a `kid` header that is a URL giving the public key as a JWK.

The recipient is named by a salted SHA-256 hash of their email address (an IdentityObject), never in plain text, so
a credential passed around does not carry anyone's address; someone who already knows the address can check it.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import Resolver404, resolve, reverse

if TYPE_CHECKING:
    from coproduce.core.models import Place
    from coproduce.recognition.models import Award, Badge

CONTEXT_VC = "https://www.w3.org/ns/credentials/v2"
CONTEXT_OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Defines the 1EdTech status and schema types used below, which the Open Badges context itself does not.
CONTEXT_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CONTEXTS = [CONTEXT_VC, CONTEXT_OB, CONTEXT_EXTENSIONS]

CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"
STATUS_TYPE = "1EdTechRevocationList"
URN_PREFIX = "urn:uuid:"

# Open Badges' own words for what a badge is. Talents are badges; learning badges recognise a thing learned.
ACHIEVEMENT_TYPES = {"talent": "Badge", "learning": "Achievement"}


def absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}{path}"


def issuer_id(site_url: str) -> str:
    return absolute(site_url, reverse("recognition:issuer"))


def revocation_list_id(site_url: str) -> str:
    return absolute(site_url, reverse("recognition:revocations"))


def achievement_id(site_url: str, slug: str) -> str:
    return absolute(site_url, reverse("recognition:achievement", kwargs={"slug": slug}))


def badge_image_url(site_url: str, slug: str) -> str:
    return absolute(site_url, reverse("recognition:badge-image", kwargs={"slug": slug}))


def key_url(site_url: str, kid: str) -> str:
    return absolute(site_url, reverse("recognition:key", kwargs={"kid": kid}))


def slug_from_achievement_id(site_url: str, value: Any) -> str | None:
    """The badge slug in one of our achievement ids, or None if the id is not one of ours."""
    root = site_url.rstrip("/")
    if not isinstance(value, str) or not value.startswith(root + "/"):
        return None
    try:
        match = resolve(value[len(root) :])
    except Resolver404:
        return None
    if match.view_name != "recognition:achievement":
        return None
    return str(match.kwargs["slug"])


def credential_urn(award: Award) -> str:
    return f"{URN_PREFIX}{award.credential_id}"


def datetime_z(moment: datetime) -> str:
    """A DateTimeZ as Open Badges writes it: UTC, to the second, with a trailing Z."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def numeric_date(moment: datetime) -> int:
    return int(moment.astimezone(UTC).replace(microsecond=0).timestamp())


def issuer_profile(*, place: Place, site_url: str) -> dict[str, Any]:
    """The place as an Open Badges issuer Profile."""
    profile: dict[str, Any] = {
        "id": issuer_id(site_url),
        "type": ["Profile"],
        "name": place.name,
        "url": absolute(site_url, "/"),
    }
    if place.description:
        profile["description"] = place.description
    if place.contact_email:
        profile["email"] = place.contact_email
    return profile


def issuer_document(*, place: Place, site_url: str) -> dict[str, Any]:
    """The issuer Profile on its own, as served at its id, with the contexts that give its terms meaning."""
    return {"@context": [CONTEXT_VC, CONTEXT_OB], **issuer_profile(place=place, site_url=site_url)}


def achievement(badge: Badge, *, site_url: str) -> dict[str, Any]:
    return {
        "id": achievement_id(site_url, badge.slug),
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES.get(badge.kind, "Badge"),
        "name": badge.name,
        "description": badge.description,
        "criteria": {"narrative": badge.criteria},
        "image": {"id": badge_image_url(site_url, badge.slug), "type": "Image", "caption": badge.image_alt},
    }


def achievement_document(badge: Badge, *, place: Place, site_url: str) -> dict[str, Any]:
    """The badge as served at its achievement id: the Achievement, with who defined it."""
    return {
        "@context": [CONTEXT_VC, CONTEXT_OB],
        **achievement(badge, site_url=site_url),
        "creator": issuer_profile(place=place, site_url=site_url),
    }


def identity_salt(award: Award) -> str:
    """A salt of its own for each credential, the same each time it is downloaded, and not guessable from the
    credential, so one person's hashes cannot be matched across their badges or against a table of common
    addresses."""
    message = f"recognition.credential-salt:{award.credential_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def identity_hash(value: str, salt: str) -> str:
    """An IdentityHash: 'sha256$' and the hex SHA-256 of the identifier followed by the salt, both UTF-8."""
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


def recipient_identity(award: Award) -> dict[str, Any] | None:
    """The recipient as a hashed IdentityObject: their email, or their phone number if they gave no email."""
    recipient = award.recipient
    salt = identity_salt(award)
    if recipient.email:
        value, kind = recipient.email.strip().lower(), "emailAddress"
    elif recipient.phone:
        value, kind = "".join(ch for ch in recipient.phone if ch.isdigit() or ch == "+"), "ext:phoneNumber"
    else:
        return None
    return {
        "type": "IdentityObject",
        "identityHash": identity_hash(value, salt),
        "identityType": kind,
        "hashed": True,
        "salt": salt,
    }


def credential_document(award: Award, *, place: Place, site_url: str) -> dict[str, Any]:
    """The award as an OpenBadgeCredential. `award.badge` and `award.recipient` should be loaded already."""
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "achievement": achievement(award.badge, site_url=site_url),
    }
    identity = recipient_identity(award)
    if identity is not None:
        subject["identifier"] = [identity]
    awarded = datetime_z(award.awarded_at)
    credential: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": credential_urn(award),
        "type": list(CREDENTIAL_TYPES),
        "name": award.badge.name,
        "issuer": issuer_profile(place=place, site_url=site_url),
        "validFrom": awarded,
        "awardedDate": awarded,
        "credentialSubject": subject,
        "credentialStatus": {"id": revocation_list_id(site_url), "type": STATUS_TYPE},
        "credentialSchema": [{"id": SCHEMA_URL, "type": SCHEMA_TYPE}],
    }
    if award.evidence.strip():
        credential["evidence"] = [{"type": ["Evidence"], "narrative": award.evidence}]
    return credential


def jwt_claims(credential: dict[str, Any]) -> dict[str, Any]:
    """The JWT payload: the credential itself, with the registered claims that repeat it."""
    claims = dict(credential)
    claims["iss"] = credential["issuer"]["id"]
    claims["jti"] = credential["id"]
    claims["nbf"] = numeric_date(_parse_datetime_z(credential["validFrom"]))
    subject_id = credential["credentialSubject"].get("id")
    if subject_id:
        claims["sub"] = subject_id
    if credential.get("validUntil"):
        claims["exp"] = numeric_date(_parse_datetime_z(credential["validUntil"]))
    return claims


def _parse_datetime_z(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def parse_datetime_z(value: Any) -> datetime | None:
    """A DateTimeZ from a credential, or None if it is missing or not a date and time with a zone."""
    if not isinstance(value, str):
        return None
    try:
        moment = _parse_datetime_z(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def award_credential_filename(award: Award) -> str:
    """What the downloaded badge file is called: the badge's slug, as a .jwt file."""
    return f"{award.badge.slug}.jwt"
