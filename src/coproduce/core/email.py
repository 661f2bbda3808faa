from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string

from coproduce.core.tasks import send_email


def email_on_commit(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    """Render an email now and send it in the background once the surrounding transaction commits."""
    body = render_to_string(template, context)
    transaction.on_commit(lambda: send_email.enqueue(to=[to], subject=subject, body=body))


def site_url(request: HttpRequest) -> str:
    """This site's address as the person reached it, without a trailing slash: the start of every link we email."""
    return request.build_absolute_uri("/").rstrip("/")
