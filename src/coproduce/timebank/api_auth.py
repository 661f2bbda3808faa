"""Who is calling the JSON API: "Authorization: Token <key>", checked against the stored hash of live keys."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from coproduce.people.models import Person
from coproduce.timebank.models import ApiToken
from coproduce.timebank.services.api_tokens import api_key_hash, api_token_touch

KEYWORD = "Token"


class ApiTokenAuthentication(BaseAuthentication):
    """The caller acts as the person the key belongs to, with exactly that person's permissions."""

    def authenticate(self, request: Request) -> tuple[Person, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            # No key at all: the permission check then answers 401 with the sign-in hint below.
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_('Send the key as "Authorization: Token <your key>".'))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("That key is not valid.")) from exc
        token = (
            ApiToken.objects.select_related("person")
            .filter(key_hash=api_key_hash(key), revoked_at__isnull=True)
            .first()
        )
        # One message for wrong, revoked and closed-account keys: a caller learns nothing about which keys exist.
        if token is None or not token.person.is_active:
            raise exceptions.AuthenticationFailed(_("That key is not valid, or it has been revoked."))
        api_token_touch(token)
        return token.person, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403 when no valid key was sent.
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "coproduce.timebank.api_auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'Send "Authorization: Token <your key>". Make a key on the "API keys" page of the timebank; '
                "it acts as you, with exactly what you may do on the pages."
            ),
        }
