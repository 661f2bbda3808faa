"""What the place publishes so that anyone can check its badge credentials: its keys and its revocation list."""

from __future__ import annotations

from typing import Any

from coproduce.recognition.credentials import URN_PREFIX, issuer_id, revocation_list_id
from coproduce.recognition.models import Award, SigningKey


def published_keys() -> list[dict[str, Any]]:
    """Every public key the place has signed with, newest first. Retired keys stay, so that what they signed still
    verifies."""
    return [dict(jwk) for jwk in SigningKey.objects.order_by("-created_at", "-pk").values_list("public_jwk", flat=True)]


def published_key(kid: str) -> dict[str, Any] | None:
    jwk = SigningKey.objects.filter(kid=kid).values_list("public_jwk", flat=True).first()
    return dict(jwk) if jwk is not None else None


def revocation_list(*, site_url: str) -> dict[str, Any]:
    """The 1EdTech revocation list: every withdrawn award's credential id, with the reason given."""
    revoked = (
        Award.objects.filter(revoked_at__isnull=False)
        .order_by("revoked_at", "pk")
        .values_list("credential_id", "revoke_reason")
    )
    return {
        "id": revocation_list_id(site_url),
        "issuer": issuer_id(site_url),
        "revokedCredentials": [
            {"id": f"{URN_PREFIX}{credential_id}", "revoked": True, "reason": reason}
            for credential_id, reason in revoked
        ],
    }
