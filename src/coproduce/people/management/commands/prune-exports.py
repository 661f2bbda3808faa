"""`coproduce prune-exports`: delete downloads of people's data once they are a week old, and clear import previews
nobody finished, since both hold personal details. Run it daily (cron or a scheduled job); running it more often is
harmless."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.people.services.data import EXPORT_KEEP_DAYS, data_export_prune
from coproduce.people.services.people_import import people_import_prune


class Command(BaseCommand):
    help = (
        f"Delete downloads of people's data older than {EXPORT_KEEP_DAYS} days, with their files, and clear "
        "unfinished import previews of the same age."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = data_export_prune()
        cleared = people_import_prune()
        self.stdout.write(f"Deleted {deleted} download(s) and cleared {cleared} unfinished import preview(s).")
