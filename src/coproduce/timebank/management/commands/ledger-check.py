"""`coproduce ledger-check`: check every invariant of the timebank ledger, print each problem, exit 1 if any."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from coproduce.timebank.selectors.ledger_check import ledger_problems


class Command(BaseCommand):
    help = (
        "Check the timebank ledger: every transfer sums to zero, stored balances equal their entries, the whole "
        "ledger sums to zero, and no entry has been changed since it was written. Exits 1 if anything is wrong."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0
        for problem in ledger_problems():
            problems += 1
            self.stdout.write(self.style.ERROR(problem))
        if problems:
            self.stdout.write(self.style.ERROR(f"{problems} problem(s) found in the ledger."))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("The ledger is sound: every check passed."))
