"""The place's key for signing badge credentials.

One RSA 2048 key signs at a time (RS256 is the algorithm every Open Badges 3.0 verifier must support). It is made the
first time something is signed, so an installation that never awards a badge never holds one. Rotating retires the
key instead of deleting it: its public half stays published, so every credential it signed still verifies.

The private key is kept in the database (docs/deploy.md says to back it up with everything else): a place has one
database, any web process can sign, and a restore from backup keeps old credentials verifiable.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import transaction
from django.utils import timezone
from jwt.algorithms import RSAAlgorithm

from coproduce.core.models import Place
from coproduce.core.services import audit_record, place_get
from coproduce.recognition.models import SigningKey

if TYPE_CHECKING:
    from coproduce.people.models import Person

KEY_SIZE = 2048
ALGORITHM = "RS256"


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638: SHA-256 over the key's required members in a fixed form, so the same key always gets the same id."""
    required = {"e": jwk["e"], "kty": jwk["kty"], "n": jwk["n"]}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode("ascii")


def _public_jwk(private_key: rsa.RSAPrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    # Only the public members: a JWK that carried "d" would publish the private key.
    public = {"kty": jwk["kty"], "n": jwk["n"], "e": jwk["e"]}
    return {**public, "kid": jwk_thumbprint(public), "use": "sig", "alg": ALGORITHM}


def _key_create() -> SigningKey:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    pem = private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode("ascii")
    jwk = _public_jwk(private_key)
    return SigningKey.objects.create(kid=jwk["kid"], private_pem=pem, public_jwk=jwk)


def _live_key() -> SigningKey | None:
    return SigningKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-pk").first()


def _lock_place() -> None:
    # The place's row is the lock: two web processes signing their first credential at the same moment must not
    # each make a key.
    Place.objects.select_for_update().filter(pk=place_get().pk).first()


def signing_key_current() -> SigningKey:
    """The key that signs now, made (and audited) the first time it is needed."""
    key = _live_key()
    if key is not None:
        return key
    with transaction.atomic():
        _lock_place()
        key = _live_key()
        if key is None:
            key = _key_create()
            audit_record(actor=None, action="recognition.signing_key_create", target=key, detail={"kid": key.kid})
    return key


def signing_key_rotate(*, actor: Person | None) -> SigningKey:
    """Retire the signing key and make a new one. Credentials already given out keep verifying with the old key,
    which stays published; new ones are signed with the new key."""
    with transaction.atomic():
        _lock_place()
        retiring = list(SigningKey.objects.filter(retired_at__isnull=True).values_list("kid", flat=True))
        SigningKey.objects.filter(retired_at__isnull=True).update(retired_at=timezone.now())
        key = _key_create()
        audit_record(
            actor=actor,
            action="recognition.signing_key_rotate",
            target=key,
            detail={"kid": key.kid, "retired": retiring},
        )
    return key


@cache
def private_key_of(kid: str, pem: str) -> rsa.RSAPrivateKey:
    """The loaded private key. A key's PEM never changes for its kid, so each process loads it once."""
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"Signing key {kid} is not an RSA key")
    return key
