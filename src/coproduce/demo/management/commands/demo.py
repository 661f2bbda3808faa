"""`coproduce demo`: load the made-up borough of Brackenfold, or say it is already there."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.demo.services import DemoLoadError, demo_place_load


class Command(BaseCommand):
    help = "Load the demo place, its organisations and its people. Running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = demo_place_load()
        except DemoLoadError as exc:
            raise CommandError(str(exc)) from exc
        if not counts.changed:
            self.stdout.write(f"The demo place {counts.place} is already loaded, nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo place {counts.place}: {counts.organisations} organisations, "
                f"{counts.services} services, {counts.people} people."
            )
        )
