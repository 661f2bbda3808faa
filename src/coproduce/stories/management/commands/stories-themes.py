"""`coproduce stories-themes [--seed N] [--themes K]`: find the themes across what people say, now, in this process."""

from __future__ import annotations

import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.stories.models import ThemeRun
from coproduce.stories.services.themes import (
    DEFAULT_THEMES,
    MAX_THEMES,
    MIN_THEMES,
    ThemeRunError,
    theme_run_now,
)


class Command(BaseCommand):
    help = (
        "Find themes across published stories and feedback to managers (a new run, done at once rather than "
        "queued). The same texts with the same seed and number of themes give the same themes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
        parser.add_argument(
            "--themes",
            type=int,
            default=DEFAULT_THEMES,
            help=f"how many themes to look for, {MIN_THEMES} to {MAX_THEMES} (default {DEFAULT_THEMES})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["seed"] < 0:
            raise CommandError("--seed must be 0 or more.")
        started = time.perf_counter()
        try:
            run = theme_run_now(actor=None, seed=options["seed"], theme_count=options["themes"])
        except ThemeRunError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        if run.status != ThemeRun.Status.DONE:
            raise CommandError(f"Run {run.pk} failed: {run.error}")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"Run {run.pk}: {run.texts:,} texts, {run.themes.count()} themes in {elapsed:.1f} s "
            f"(peak memory {peak_mb:,.0f} MB); fingerprint {run.fingerprint[:16]}."
        )
        for theme in run.themes.order_by("position"):
            self.stdout.write(f"  {theme.position}. {', '.join(theme.terms)} ({theme.size:,})")
