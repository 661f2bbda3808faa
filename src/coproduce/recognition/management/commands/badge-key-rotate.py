"""`coproduce badge-key-rotate`: retire the key that signs badge credentials and make a new one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.recognition.services.keys import signing_key_rotate


class Command(BaseCommand):
    help = (
        "Retire the key that signs badge credentials and start signing with a new one. The old public key stays "
        "published, so every badge file it signed still checks."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        key = signing_key_rotate(actor=None)
        self.stdout.write(self.style.SUCCESS(f"New badge signing key {key.kid}. Earlier keys stay published."))
