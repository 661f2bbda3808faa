"""Background work shared by every app. Each task is idempotent and safe to retry."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text email. Enqueue it with `transaction.on_commit` so a rolled-back change sends nothing.

    A retry after a failure that happened before the mail server accepted the message sends it once; a retry
    after acceptance could send it twice, which for sign-in links and invitations is harmless.
    """
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
