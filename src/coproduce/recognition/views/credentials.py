"""What the place publishes for anyone checking its badges (no sign-in), and the badge file a recipient downloads.

The JSON documents are public by design: Open Badges verifiers, wallets and other platforms fetch them without an
account, so they allow any origin and may be cached for a short while. None of them says who holds a badge.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, public
from coproduce.core.services import place_get
from coproduce.recognition.credentials import (
    achievement_document,
    award_credential_filename,
    issuer_document,
)
from coproduce.recognition.models import Award, Badge
from coproduce.recognition.selectors.credentials import published_key, published_keys, revocation_list
from coproduce.recognition.services.credentials import CredentialNotAvailable, credential_jwt

# Keys and the issuer change rarely; a withdrawn badge should show as withdrawn within a minute.
DOCUMENT_MAX_AGE = 300
REVOCATIONS_MAX_AGE = 60
IMAGE_MAX_AGE = 86_400


def _json(data: Any, *, max_age: int, content_type: str = "application/json") -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False), content_type=f"{content_type}; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_GET
@public
def issuer(request: HttpRequest) -> HttpResponse:
    return _json(issuer_document(place=place_get(), site_url=site_url(request)), max_age=DOCUMENT_MAX_AGE)


@require_GET
@public
def jwks(request: HttpRequest) -> HttpResponse:
    return _json({"keys": published_keys()}, max_age=DOCUMENT_MAX_AGE, content_type="application/jwk-set+json")


@require_GET
@public
def key(request: HttpRequest, kid: str) -> HttpResponse:
    """One public key as a bare JWK: the `kid` in a credential's header is this page's address."""
    jwk = published_key(kid)
    if jwk is None:
        raise Http404
    return _json(jwk, max_age=DOCUMENT_MAX_AGE, content_type="application/jwk+json")


@require_GET
@public
def revocations(request: HttpRequest) -> HttpResponse:
    return _json(revocation_list(site_url=site_url(request)), max_age=REVOCATIONS_MAX_AGE)


@require_GET
@public
def achievement(request: HttpRequest, slug: str) -> HttpResponse:
    # Retired badges still answer: credentials given before they were retired point here.
    badge = get_object_or_404(Badge.objects.defer("image"), slug=slug)
    return _json(achievement_document(badge, place=place_get(), site_url=site_url(request)), max_age=DOCUMENT_MAX_AGE)


@require_GET
@public
def badge_image(request: HttpRequest, slug: str) -> HttpResponse:
    found = Badge.objects.filter(slug=slug).values_list("image", "image_type").first()
    if found is None or not found[0]:
        raise Http404
    data, content_type = bytes(found[0]), found[1]
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(data, content_type=content_type)
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    # An SVG opened on its own is a document: checked for scripts when uploaded, and sandboxed here as well.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE)
    return response


@require_GET
def award_credential(request: HttpRequest, award_id: int) -> HttpResponse:
    """The badge file: the award as a signed Open Badges credential, for its recipient only."""
    award = Award.objects.filter(pk=award_id).select_related("badge", "recipient").first()
    if award is None:
        raise Http404
    check_perm(request, "recognition.download_credential", award)
    try:
        token = credential_jwt(award, site_url=site_url(request))
    except CredentialNotAvailable as not_available:
        try:
            award_url = award.get_absolute_url()
        except NoReverseMatch:
            award_url = ""
        return render(
            request,
            "recognition/verify_credential_unavailable.html",
            {"award": award, "award_url": award_url, "reason": str(not_available)},
            status=409,
        )
    response = HttpResponse(token, content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="{award_credential_filename(award)}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
