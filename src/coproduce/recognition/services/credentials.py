"""Awards as signed Open Badges 3.0 credentials, and checking a credential someone shows us.

Only an award its recipient has accepted, and that has not been withdrawn, is exported. Checking works on any text:
it says, in words a person can act on, whether the credential is genuine (signed with a key this place has
published, and issued by this place), current (inside its validity dates) and not withdrawn, and why not if not.
"""

from __future__ import annotations

import binascii
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import jwt
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coproduce.core.services import place_get
from coproduce.recognition.credentials import (
    URN_PREFIX,
    credential_document,
    issuer_id,
    jwt_claims,
    key_url,
    numeric_date,
    parse_datetime_z,
    slug_from_achievement_id,
)
from coproduce.recognition.models import Award, Badge, SigningKey
from coproduce.recognition.services.keys import ALGORITHM, private_key_of, signing_key_current

# Far more than any credential from here (a few thousand characters), small enough that checking one costs nothing.
TOKEN_MAX_CHARS = 20_000
# Clocks differ a little between machines: a credential made a moment ago elsewhere is still current.
CLOCK_LEEWAY = timedelta(minutes=2)


class CredentialNotAvailable(Exception):
    """The award cannot be exported as a credential; the message says why, in plain words."""


def _check_exportable(award: Award) -> None:
    if award.revoked_at is not None:
        raise CredentialNotAvailable(
            _("This badge was withdrawn, so there is no badge file for it any more."),
        )
    if award.status != Award.Status.ACCEPTED:
        raise CredentialNotAvailable(
            _("A badge file is made once the badge has been accepted. This one has not been accepted."),
        )
    if award.recipient.closed_at is not None:
        raise CredentialNotAvailable(_("The account this badge was given to has been closed."))


def credential_build(award: Award, *, site_url: str) -> dict[str, Any]:
    """The award as an OpenBadgeCredential (unsigned). Raises CredentialNotAvailable for an award that is not
    accepted, or has been withdrawn."""
    _check_exportable(award)
    return credential_document(award, place=place_get(), site_url=site_url)


def credential_jwt(award: Award, *, site_url: str) -> str:
    """The award as a signed VC-JWT: the badge file a person downloads and shows to others."""
    credential = credential_build(award, site_url=site_url)
    key = signing_key_current()
    return jwt.encode(
        jwt_claims(credential),
        private_key_of(key.kid, key.private_pem),
        algorithm=ALGORITHM,
        headers={"kid": key_url(site_url, key.kid), "typ": "JWT"},
    )


@dataclass
class Verification:
    """What checking a credential found. `problems` says in plain words each reason it cannot be relied on."""

    readable: bool = False
    genuine: bool = False
    current: bool = False
    revoked: bool = False
    revoke_reason: str = ""
    revoked_at: datetime | None = None
    award: Award | None = None
    badge: Badge | None = None
    badge_name: str = ""
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def trustworthy(self) -> bool:
        """Genuine, current, not withdrawn, and the award it records still stands."""
        return self.genuine and self.current and not self.revoked and self.award is not None and not self.problems


def _date(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def _kid_of(header: dict[str, Any]) -> str:
    """The key id in a header: our kid is a URL ending in the key's thumbprint; a bare thumbprint is accepted too."""
    kid = header.get("kid")
    if not isinstance(kid, str):
        return ""
    last = kid.rstrip("/").rsplit("/", 1)[-1]
    return last.removesuffix(".json")


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.PyJWTError, binascii.Error, ValueError, json.JSONDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    return header, claims


def _claims_agree(claims: dict[str, Any]) -> bool:
    """The registered claims must repeat what the credential says, or one of them was made up."""
    issuer = claims.get("issuer")
    issuer_value = issuer.get("id") if isinstance(issuer, dict) else issuer
    valid_from = parse_datetime_z(claims.get("validFrom"))
    subject = claims.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, dict) else None
    return (
        claims.get("iss") == issuer_value
        and claims.get("jti") == claims.get("id")
        and valid_from is not None
        and claims.get("nbf") == numeric_date(valid_from)
        and claims.get("sub") == subject_id
    )


def _award_for(credential_id: Any) -> Award | None:
    if not isinstance(credential_id, str) or not credential_id.startswith(URN_PREFIX):
        return None
    try:
        value = uuid.UUID(credential_id.removeprefix(URN_PREFIX))
    except ValueError:
        return None
    return Award.objects.filter(credential_id=value).select_related("badge", "recipient").defer("badge__image").first()


def credential_verify(token: str, *, site_url: str) -> Verification:
    """Check a badge file's contents. Never raises for bad input: every failure becomes a problem in the result."""
    result = Verification()
    # People paste with spaces, line breaks or quotes around it; a JWT has none of those inside.
    token = "".join((token or "").split()).strip("\"'")
    if not token:
        result.problems.append(_("There was nothing to check. Paste the badge file’s contents, or choose the file."))
        return result
    if len(token) > TOKEN_MAX_CHARS:
        result.problems.append(
            _(
                "That is far longer than any badge file from here (%(count)s characters; a badge file has a few "
                "thousand). Check that you pasted or chose the right thing."
            )
            % {"count": f"{len(token):,}"}
        )
        return result
    parsed = _unverified(token) if token.count(".") == 2 else None
    if parsed is None:
        result.problems.append(
            _(
                "This is not a badge file we can read. A badge file from here is one long line of letters and "
                "numbers in three parts joined by full stops. Check that you copied all of it."
            )
        )
        return result
    result.readable = True
    header, claims = parsed
    ours = issuer_id(site_url)
    place = place_get()

    if claims.get("iss") not in (None, ours):
        result.problems.append(
            _("It was not issued by %(place)s, so it cannot be checked here. It says it comes from %(issuer)s.")
            % {"place": place.name, "issuer": str(claims.get("iss"))[:200]}
        )
        return result
    if header.get("alg") != ALGORITHM:
        # Never let the token choose a weaker algorithm (or "none"): ours are always RS256.
        result.problems.append(_("It is not signed the way %(place)s signs its badges.") % {"place": place.name})
        return result
    key = SigningKey.objects.filter(kid=_kid_of(header)).only("kid", "public_jwk").first()
    if key is None:
        result.problems.append(
            _(
                "It was not signed with any key %(place)s has published, so it did not come from here, or it has "
                "been made to look as if it did."
            )
            % {"place": place.name}
        )
        return result
    try:
        verified = jwt.decode(
            token,
            jwt.PyJWK(key.public_jwk).key,
            algorithms=[ALGORITHM],
            # Dates are checked below, so that an expired credential is told apart from a forged one.
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False},
        )
    except jwt.InvalidSignatureError:
        result.problems.append(
            _(
                "It has been changed since %(place)s signed it, so its signature no longer matches. Ask the "
                "person who gave it to you for the file they downloaded."
            )
            % {"place": place.name}
        )
        return result
    except jwt.PyJWTError:
        result.problems.append(_("Its signature could not be checked. It may have been damaged when it was copied."))
        return result
    if verified.get("iss") != ours or not _claims_agree(verified):
        result.problems.append(_("Its details contradict each other, so it cannot be relied on."))
        return result
    result.genuine = True

    now = timezone.now()
    result.valid_from = parse_datetime_z(verified.get("validFrom"))
    result.valid_until = parse_datetime_z(verified.get("validUntil"))
    result.current = True
    if result.valid_from is not None and result.valid_from > now + CLOCK_LEEWAY:
        result.current = False
        result.problems.append(_("It does not count until %(date)s.") % {"date": _date(result.valid_from)})
    exp = verified.get("exp")
    if isinstance(exp, int | float) and exp < (now - CLOCK_LEEWAY).timestamp():
        result.current = False
        ended = datetime.fromtimestamp(exp, tz=timezone.get_current_timezone())
        result.problems.append(_("It ran out on %(date)s.") % {"date": _date(ended)})

    subject = verified.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if isinstance(achievement, dict):
        result.badge_name = str(achievement.get("name") or "")
    award = _award_for(verified.get("jti"))
    if award is None:
        slug = slug_from_achievement_id(site_url, achievement.get("id") if isinstance(achievement, dict) else None)
        result.badge = Badge.objects.filter(slug=slug).first() if slug else None
        result.problems.append(
            _("%(place)s no longer holds the award it records, so it cannot vouch for it any more.")
            % {"place": place.name}
        )
        return result
    result.award, result.badge = award, award.badge
    if award.revoked_at is not None:
        result.revoked = True
        result.revoked_at = award.revoked_at
        result.revoke_reason = award.revoke_reason
        if award.revoke_reason:
            result.problems.append(
                _("%(place)s withdrew this badge on %(date)s. The reason given: %(reason)s")
                % {"place": place.name, "date": _date(award.revoked_at), "reason": award.revoke_reason}
            )
        else:
            result.problems.append(
                _("%(place)s withdrew this badge on %(date)s.") % {"place": place.name, "date": _date(award.revoked_at)}
            )
    elif award.status != Award.Status.ACCEPTED:
        result.problems.append(_("The person it was given to no longer holds this badge."))
    return result
