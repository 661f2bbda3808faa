"""Helpers for the accounts tests: invitations made directly, and links read back out of emails."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from coproduce.accounts.models import Invitation, invitation_token_hash
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person


def link_in(message: EmailMessage) -> str:
    """The site-relative address of the one link in an email."""
    match = re.search(r"http://testserver(/\S+)", str(message.body))
    assert match, message.body
    return match.group(1)


@pytest.fixture
def make_invitation(db: None):
    def make(
        *,
        token: str = "a-token-only-the-email-knows",
        email: str = "newcomer@example.org",
        preferred_name: str = "Sam",
        invited_by: Person,
        organisation: Organisation | None = None,
        role: str = "",
        expired: bool = False,
        accepted: bool = False,
    ) -> Invitation:
        now = timezone.now()
        return Invitation.objects.create(
            email=email,
            preferred_name=preferred_name,
            invited_by=invited_by,
            organisation=organisation,
            role=role,
            token_hash=invitation_token_hash(token),
            created_at=now - timedelta(days=20 if expired else 1),
            expires_at=now - timedelta(days=6) if expired else now + timedelta(days=13),
            accepted_at=now if accepted else None,
        )

    return make
