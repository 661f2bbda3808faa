"""Pages marked public are reached by anyone, even someone signed in who still owes their second sign-in step."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_public_badge_documents_are_not_held_back_by_two_step_sign_in(client_for, place_admin):
    client = client_for(place_admin, verified=False)
    for name in ("recognition:issuer", "recognition:jwks", "recognition:revocations", "recognition:verify"):
        assert client.get(reverse(name)).status_code == 200, name
    # Everything else still waits for the second step.
    response = client.get(reverse("reflect:home"))
    assert response.status_code == 302 and "two" in response["Location"]


def test_badge_images_are_sandboxed(client):
    from coproduce.recognition.models import Badge
    from tests.recognition.credential_support import png_bytes

    Badge.objects.create(
        name="Listens well",
        slug="listens-well",
        description="d",
        criteria="c",
        image=png_bytes(),
        image_type="image/png",
    )
    response = client.get(reverse("recognition:badge-image", args=["listens-well"]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
