"""Keys for the JSON API: made, shown once, stored only as a hash, and revoked by the person they belong to."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import Person
from coproduce.timebank.models import ApiToken

# A person rarely needs more than a few (a phone app, a spreadsheet, a broker's laptop); a cap keeps a runaway
# script from filling the table and keeps the list on the page readable.
MAX_LIVE_TOKENS = 10
# "cp_" says where a key came from when someone finds one pasted somewhere it should not be.
KEY_PREFIX = "cp_"
# Writing last_used_at on every request would turn each read into a write; once a minute says enough.
LAST_USED_EVERY = timedelta(minutes=1)


class ApiTokenError(ValueError):
    """A key that cannot be made; the message is written for the person who tried."""


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, person: Person, name: str) -> tuple[ApiToken, str]:
    """Make a key for `person`. Returns the token and the key itself, which is never stored and never shown again."""
    name = name.strip()
    if not name:
        raise ApiTokenError(_("Say what the key is for, so you can tell your keys apart."))
    with transaction.atomic():
        # Locking the person's row makes two quick clicks count against the cap one after the other.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if ApiToken.objects.filter(person=person, revoked_at__isnull=True).count() >= MAX_LIVE_TOKENS:
            raise ApiTokenError(
                _("You already have %(n)s keys. Revoke one you no longer use before making another.")
                % {"n": MAX_LIVE_TOKENS}
            )
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        # The prefix is shown on the page so a person can tell which key is which; it is too short to guess from.
        token = ApiToken.objects.create(person=person, name=name[:100], key_hash=api_key_hash(key), prefix=key[:8])
        audit_record(actor=person, action="timebank.api_token.create", target=token, detail={"prefix": token.prefix})
    return token, key


def api_token_revoke(*, actor: Person, token: ApiToken) -> ApiToken:
    """Stop a key working at once. Revoking twice is harmless."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=actor, action="timebank.api_token.revoke", target=token, detail={"prefix": token.prefix})
    return token


def api_token_touch(token: ApiToken) -> None:
    """Note that the key was used, at most once a minute (one conditional UPDATE, so concurrent requests agree)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gte=now - LAST_USED_EVERY).update(last_used_at=now)
    token.last_used_at = now
