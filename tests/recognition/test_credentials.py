"""Awards exported as Open Badges 3.0 credentials: valid against 1EdTech's schema, signed as a VC-JWT with a key the
place publishes, and checked honestly (tampered, foreign, withdrawn, expired and vanished credentials all fail)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import UTC, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.core.services import place_get
from coproduce.recognition.credentials import (
    CONTEXT_OB,
    CONTEXT_VC,
    award_credential_filename,
    credential_document,
    jwt_claims,
    key_url,
)
from coproduce.recognition.models import Award, SigningKey
from coproduce.recognition.services.credentials import (
    CredentialNotAvailable,
    credential_build,
    credential_jwt,
    credential_verify,
)
from coproduce.recognition.services.keys import jwk_thumbprint, signing_key_current, signing_key_rotate
from tests.factories import PersonFactory
from tests.recognition.credential_support import (
    context_document,
    make_award,
    make_badge,
    revoke,
    schema_errors,
)

SITE = "http://testserver"
pytestmark = pytest.mark.django_db


def _segments(token: str) -> list[dict[str, Any]]:
    def decode(part: str) -> dict[str, Any]:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))

    header, payload, _signature = token.split(".")
    return [decode(header), decode(payload)]


def _encode(part: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


# --- the credential ------------------------------------------------------------------------------------------------


def test_an_accepted_award_is_an_open_badge_credential_that_validates_against_the_published_schema() -> None:
    award = make_award()
    credential = credential_build(award, site_url=SITE)

    assert schema_errors("achievementcredential.json", credential) == []
    assert credential["@context"][:2] == [CONTEXT_VC, CONTEXT_OB]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"urn:uuid:{award.credential_id}"
    assert credential["validFrom"] == award.awarded_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert credential["issuer"] == {
        "id": f"{SITE}/badges/issuer.json",
        "type": ["Profile"],
        "name": place_get().name,
        "url": f"{SITE}/",
    }
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["id"] == f"{SITE}/badges/listens-well/achievement.json"
    assert achievement["type"] == ["Achievement"]
    assert achievement["criteria"] == {"narrative": award.badge.criteria}
    assert achievement["image"] == {
        "id": f"{SITE}/badges/listens-well/image",
        "type": "Image",
        "caption": "Two speech bubbles",
    }
    assert credential["evidence"] == [{"type": ["Evidence"], "narrative": award.evidence}]
    assert credential["credentialStatus"] == {"id": f"{SITE}/badges/revocations.json", "type": "1EdTechRevocationList"}
    assert credential["credentialSchema"][0]["type"] == "1EdTechJsonSchemaValidator2019"


def test_the_schema_check_can_fail() -> None:
    """The validator used above really rejects a credential that breaks the schema."""
    credential = credential_build(make_award(), site_url=SITE)
    del credential["validFrom"]
    credential["credentialSubject"]["identifier"][0]["hashed"] = "yes"
    credential["validUntil"] = "next Tuesday"
    errors = schema_errors("achievementcredential.json", credential)
    assert any("validFrom" in e for e in errors)
    assert any("hashed" in e for e in errors)
    assert any("validUntil" in e for e in errors)


def test_every_type_the_credential_uses_is_defined_in_the_open_badges_context() -> None:
    context = context_document()["@context"]
    credential = credential_build(make_award(), site_url=SITE)
    used = {
        *credential["type"],
        *credential["issuer"]["type"],
        *credential["credentialSubject"]["type"],
        *credential["credentialSubject"]["achievement"]["type"],
        credential["credentialSubject"]["achievement"]["image"]["type"],
        credential["credentialSubject"]["identifier"][0]["type"],
        *credential["evidence"][0]["type"],
    } - {"VerifiableCredential"}
    assert used <= set(context), used - set(context)


def test_the_recipient_is_a_salted_hash_of_their_email_never_the_address_itself() -> None:
    recipient = PersonFactory(email="Rosa.Lane@Example.org", preferred_name="Rosa")
    award = make_award(recipient=recipient)
    token = credential_jwt(award, site_url=SITE)
    _header, payload = _segments(token)

    identity = payload["credentialSubject"]["identifier"][0]
    assert identity["type"] == "IdentityObject" and identity["hashed"] is True
    assert identity["identityType"] == "emailAddress"
    expected = hashlib.sha256(("rosa.lane@example.org" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert "example.org" not in json.dumps(payload).lower()
    assert "Rosa" not in json.dumps(payload)
    # The same award always gets the same salt; another award gets another.
    assert credential_build(award, site_url=SITE)["credentialSubject"]["identifier"][0]["salt"] == identity["salt"]
    other = make_award(badge=make_badge("Cooks for thirty"), recipient=recipient)
    assert credential_build(other, site_url=SITE)["credentialSubject"]["identifier"][0]["salt"] != identity["salt"]


def test_someone_with_only_a_phone_number_is_identified_by_its_hash() -> None:
    recipient = PersonFactory(email=None, phone="07700 900123")
    credential = credential_build(make_award(recipient=recipient), site_url=SITE)
    identity = credential["credentialSubject"]["identifier"][0]
    assert identity["identityType"] == "ext:phoneNumber"
    assert "900123" not in json.dumps(credential)
    assert schema_errors("achievementcredential.json", credential) == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"status": Award.Status.OFFERED}, "has not been accepted"),
        ({"status": Award.Status.DECLINED}, "has not been accepted"),
        ({"revoked_at": timezone.now(), "revoke_reason": "Mistake"}, "withdrawn"),
    ],
)
def test_only_accepted_awards_that_still_stand_export(change: dict[str, Any], words: str) -> None:
    award = make_award(**change)
    with pytest.raises(CredentialNotAvailable, match=words):
        credential_build(award, site_url=SITE)
    with pytest.raises(CredentialNotAvailable):
        credential_jwt(award, site_url=SITE)
    assert not SigningKey.objects.exists()


def test_the_filename_comes_from_the_badge() -> None:
    assert award_credential_filename(make_award(badge=make_badge("Story gatherer"))) == "story-gatherer.jwt"


# --- the JWT -----------------------------------------------------------------------------------------------------


def test_the_jwt_is_the_credential_with_its_registered_claims_and_a_kid_that_dereferences_to_the_key() -> None:
    award = make_award()
    token = credential_jwt(award, site_url=SITE)
    header, payload = _segments(token)
    key = SigningKey.objects.get()

    assert header == {"alg": "RS256", "typ": "JWT", "kid": f"{SITE}/badges/keys/{key.kid}.json"}
    credential = credential_build(award, site_url=SITE)
    assert {k: v for k, v in payload.items() if k not in {"iss", "jti", "nbf"}} == credential
    assert payload["iss"] == credential["issuer"]["id"]
    assert payload["jti"] == credential["id"]
    assert payload["nbf"] == int(award.awarded_at.replace(microsecond=0).timestamp())
    # No subject id (the recipient is named by a hashed identifier) and no end date, so no sub and no exp.
    assert "sub" not in payload and "exp" not in payload
    assert schema_errors("achievementcredential.json", payload) == []

    client = Client()
    published = client.get(header["kid"].removeprefix(SITE))
    assert published.status_code == 200
    assert published.json() == key.public_jwk
    assert "d" not in published.json()


def test_the_jwt_verifies_with_the_key_published_at_jwks_json() -> None:
    token = credential_jwt(make_award(), site_url=SITE)
    response = Client().get("/badges/jwks.json")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert all("d" not in jwk and "p" not in jwk for jwk in keys)

    kid = jwt.get_unverified_header(token)["kid"].rsplit("/", 1)[-1].removesuffix(".json")
    (jwk,) = [jwk for jwk in keys if jwk["kid"] == kid]
    assert jwk["kid"] == jwk_thumbprint(jwk)
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"])
    assert claims["iss"] == f"{SITE}/badges/issuer.json"

    with pytest.raises(jwt.InvalidSignatureError):
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwt.decode(token, other.public_key(), algorithms=["RS256"])


def test_the_thumbprint_is_rfc_7638() -> None:
    # The worked example in RFC 7638, section 3.1.
    jwk = {
        "kty": "RSA",
        "n": (
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n"
            "3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0"
            "zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-"
            "csFCur-kEgU8awapJzKnqDKgw"
        ),
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert jwk_thumbprint(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def test_the_key_is_made_once_and_its_making_is_audited() -> None:
    first = signing_key_current()
    assert signing_key_current() == first
    credential_jwt(make_award(), site_url=SITE)
    assert SigningKey.objects.count() == 1
    assert AuditEntry.objects.filter(action="recognition.signing_key_create").count() == 1
    assert "PRIVATE KEY" in first.private_pem
    assert set(first.public_jwk) == {"kty", "n", "e", "kid", "use", "alg"}


def test_a_rotated_key_still_verifies_what_it_signed(place_admin: Any) -> None:
    award = make_award()
    before = credential_jwt(award, site_url=SITE)
    old = SigningKey.objects.get()

    new = signing_key_rotate(actor=place_admin)
    old.refresh_from_db()
    assert old.retired_at is not None and new.retired_at is None and new.kid != old.kid
    assert signing_key_current() == new
    entry = AuditEntry.objects.get(action="recognition.signing_key_rotate")
    assert entry.actor == place_admin and entry.detail == {"kid": new.kid, "retired": [old.kid]}

    after = credential_jwt(award, site_url=SITE)
    assert jwt.get_unverified_header(after)["kid"] == key_url(SITE, new.kid)
    for token in (before, after):
        checked = credential_verify(token, site_url=SITE)
        assert checked.genuine and checked.trustworthy, checked.problems
    kids = [jwk["kid"] for jwk in Client().get("/badges/jwks.json").json()["keys"]]
    assert kids == [new.kid, old.kid]


# --- verification --------------------------------------------------------------------------------------------------


def test_a_genuine_credential_verifies() -> None:
    award = make_award()
    checked = credential_verify(credential_jwt(award, site_url=SITE), site_url=SITE)
    assert checked.readable and checked.genuine and checked.current and not checked.revoked
    assert checked.award == award and checked.badge == award.badge and checked.badge_name == "Listens well"
    assert checked.problems == [] and checked.trustworthy


def test_a_tampered_credential_fails_and_says_so() -> None:
    award = make_award()
    header, payload = _segments(credential_jwt(award, site_url=SITE))
    signature = credential_jwt(award, site_url=SITE).rsplit(".", 1)[1]
    payload["credentialSubject"]["achievement"]["name"] = "Runs the council"
    tampered = f"{_encode(header)}.{_encode(payload)}.{signature}"

    checked = credential_verify(tampered, site_url=SITE)
    assert checked.readable and not checked.genuine and not checked.trustworthy
    assert checked.award is None
    assert any("changed since" in problem for problem in checked.problems)


def test_a_credential_signed_by_another_key_fails() -> None:
    award = make_award()
    claims = jwt_claims(credential_document(award, place=place_get(), site_url=SITE))
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    unknown_kid = jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": f"{SITE}/badges/keys/abc.json"})
    checked = credential_verify(unknown_kid, site_url=SITE)
    assert not checked.genuine and any("not signed with any key" in p for p in checked.problems)

    # Borrowing our key's name does not help: the signature does not match the key of that name.
    ours = signing_key_current()
    borrowed = jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": key_url(SITE, ours.kid)})
    checked = credential_verify(borrowed, site_url=SITE)
    assert not checked.genuine and any("changed since" in p for p in checked.problems)


def test_a_token_that_picks_a_weaker_algorithm_is_refused() -> None:
    award = make_award()
    claims = jwt_claims(credential_document(award, place=place_get(), site_url=SITE))
    key = signing_key_current()
    # The classic attack: HMAC "signed" with the public key, hoping the verifier uses it as a shared secret.
    forged_header = {"alg": "HS256", "typ": "JWT", "kid": key_url(SITE, key.kid)}
    unsigned = f"{_encode(forged_header)}.{_encode(claims)}."
    for token in (unsigned + "c2lnbmF0dXJl", f"{_encode({'alg': 'none'})}.{_encode(claims)}."):
        checked = credential_verify(token, site_url=SITE)
        assert not checked.genuine and checked.problems


def test_a_credential_from_another_issuer_is_not_ours() -> None:
    award = make_award()
    token = credential_jwt(award, site_url="https://elsewhere.example")
    checked = credential_verify(token, site_url=SITE)
    assert not checked.genuine and any("not issued by" in p for p in checked.problems)


def test_a_withdrawn_award_verifies_as_revoked_with_its_reason() -> None:
    award = make_award()
    token = credential_jwt(award, site_url=SITE)
    revoke(award, reason="The evidence was about someone else.")

    checked = credential_verify(token, site_url=SITE)
    assert checked.genuine and checked.current and checked.revoked and not checked.trustworthy
    assert checked.revoke_reason == "The evidence was about someone else."
    assert any("The evidence was about someone else." in p for p in checked.problems)

    listed = Client().get("/badges/revocations.json").json()
    assert listed == {
        "id": f"{SITE}/badges/revocations.json",
        "issuer": f"{SITE}/badges/issuer.json",
        "revokedCredentials": [
            {"id": f"urn:uuid:{award.credential_id}", "revoked": True, "reason": "The evidence was about someone else."}
        ],
    }


def test_an_expired_credential_is_genuine_but_not_current() -> None:
    award = make_award()
    credential = credential_document(award, place=place_get(), site_url=SITE)
    credential["validUntil"] = (timezone.now() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    claims = jwt_claims(credential)
    assert "exp" in claims
    key = signing_key_current()
    from coproduce.recognition.services.keys import private_key_of

    token = jwt.encode(
        claims, private_key_of(key.kid, key.private_pem), algorithm="RS256", headers={"kid": key_url(SITE, key.kid)}
    )
    checked = credential_verify(token, site_url=SITE)
    assert checked.genuine and not checked.current and not checked.trustworthy
    assert any("ran out" in p for p in checked.problems)


def test_a_credential_whose_award_is_gone_says_so() -> None:
    award = make_award()
    token = credential_jwt(award, site_url=SITE)
    badge = award.badge
    award.delete()

    checked = credential_verify(token, site_url=SITE)
    assert checked.genuine and checked.award is None and checked.badge == badge and not checked.trustworthy
    assert any("no longer holds the award" in p for p in checked.problems)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "nothing to check"),
        ("   \n ", "nothing to check"),
        ("x" * 30_000, "far longer"),
        ("hello there", "not a badge file"),
        ("aaa.bbb.ccc", "not a badge file"),
        ("eyJhbGciOiJSUzI1NiJ9.not-json!.c2ln", "not a badge file"),
        ('{"@context": []}', "not a badge file"),
    ],
)
def test_unreadable_input_gets_a_plain_message(text: str, words: str) -> None:
    checked = credential_verify(text, site_url=SITE)
    assert not checked.readable and not checked.genuine
    assert len(checked.problems) == 1 and words in checked.problems[0]


def test_whitespace_and_quotes_around_a_pasted_token_do_not_matter() -> None:
    token = credential_jwt(make_award(), site_url=SITE)
    wrapped = '"' + token[:40] + "\n  " + token[40:] + '"\n'
    assert credential_verify(wrapped, site_url=SITE).trustworthy


# --- the public documents ------------------------------------------------------------------------------------------


def test_the_issuer_profile_validates_against_the_profile_schema() -> None:
    place = place_get()
    place.description = "A borough that works with the people it serves."
    place.contact_email = "badges@example.org"
    place.save()
    response = Client().get("/badges/issuer.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    profile = response.json()
    assert schema_errors("profile.json", profile) == []
    assert profile["id"] == f"{SITE}/badges/issuer.json" and profile["type"] == ["Profile"]
    assert profile["name"] == place.name and profile["email"] == "badges@example.org"


def test_the_achievement_document_matches_the_badge_in_credentials() -> None:
    award = make_award()
    response = Client().get("/badges/listens-well/achievement.json")
    assert response.status_code == 200
    document = response.json()
    achievement = credential_build(award, site_url=SITE)["credentialSubject"]["achievement"]
    assert {k: v for k, v in document.items() if k not in {"@context", "creator"}} == achievement
    assert document["creator"]["id"] == f"{SITE}/badges/issuer.json"
    # An Achievement on its own is checked with the AchievementSubject's rules for one.
    wrapper = credential_build(award, site_url=SITE)
    wrapper["credentialSubject"]["achievement"] = {k: v for k, v in document.items() if k != "@context"}
    assert schema_errors("achievementcredential.json", wrapper) == []
    assert Client().get("/badges/no-such-badge/achievement.json").status_code == 404


def test_the_badge_image_is_served_with_its_type_and_cache_headers() -> None:
    badge = make_badge()
    client = Client()
    response = client.get("/badges/listens-well/image")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == bytes(badge.image)
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    again = client.get("/badges/listens-well/image", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/badges/nothing-here/image").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/badges/issuer.json",
        "/badges/jwks.json",
        "/badges/revocations.json",
        "/badges/listens-well/achievement.json",
        "/badges/listens-well/image",
        "/badges/verify/",
    ],
)
def test_the_public_addresses_need_no_sign_in(path: str) -> None:
    make_badge()
    signing_key_current()
    response = Client().get(path)
    assert response.status_code == 200, response
    if path.endswith(".json"):
        assert response["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_key_address_is_not_found() -> None:
    assert Client().get("/badges/keys/nope.json").status_code == 404


def test_the_key_and_revocation_lists_cost_the_same_few_queries_however_many_there_are(
    django_assert_max_num_queries: Any,
) -> None:
    client = Client()

    def fill(keys: int, revoked: int) -> None:
        for _ in range(keys):
            signing_key_rotate(actor=None)
        badge = make_badge(f"Badge {Award.objects.count()}")
        for _ in range(revoked):
            revoke(make_award(badge=badge))

    for keys, revoked in ((1, 1), (3, 8)):
        fill(keys, revoked)
        with django_assert_max_num_queries(2):
            assert len(client.get("/badges/jwks.json").json()["keys"]) >= keys
        with django_assert_max_num_queries(2):
            assert len(client.get("/badges/revocations.json").json()["revokedCredentials"]) >= revoked


# --- the badge file ----------------------------------------------------------------------------------------------


def test_only_the_recipient_downloads_the_badge_file(client_for: Any) -> None:
    award = make_award(badge=make_badge("Cooks for thirty"))
    url = reverse("recognition:award-credential", kwargs={"award_id": award.pk})
    assert url == f"/badges/awards/{award.pk}/credential.jwt"

    response = client_for(award.recipient).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cooks-for-thirty.jwt"'
    assert "no-store" in response["Cache-Control"]
    assert credential_verify(response.content.decode(), site_url=SITE).trustworthy

    assert client_for(PersonFactory()).get(url).status_code == 403
    facilitator_like = PersonFactory(is_place_admin=True)
    assert client_for(facilitator_like).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    assert client_for(award.recipient).get("/badges/awards/999999/credential.jwt").status_code == 404


def test_a_badge_not_yet_accepted_has_no_file_and_the_page_says_why(client_for: Any) -> None:
    award = make_award(status=Award.Status.OFFERED)
    response = client_for(award.recipient).get(reverse("recognition:award-credential", kwargs={"award_id": award.pk}))
    assert response.status_code == 409
    assert "has not been accepted" in response.content.decode()


def test_the_rotate_command_makes_a_new_key_and_keeps_the_old_one_published() -> None:
    from django.core.management import call_command

    old = signing_key_current()
    call_command("badge-key-rotate", stdout=io.StringIO())
    assert signing_key_current() != old
    assert {jwk["kid"] for jwk in Client().get("/badges/jwks.json").json()["keys"]} == set(
        SigningKey.objects.values_list("kid", flat=True)
    ) and SigningKey.objects.count() == 2
    assert AuditEntry.objects.filter(action="recognition.signing_key_rotate", actor=None).count() == 1
