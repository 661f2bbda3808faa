"""How long importing people from CSV takes: `.venv/bin/python -m bench.people_import`.

Builds a throwaway database (SQLite in memory by default; PostgreSQL when DATABASE_URL points at one), then for each
file size uploads a generated CSV, checks every row as the preview page does, and imports it. The target from
issue 3 is a 10,000-row file in under a minute.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

SIZES = (1_000, 10_000, 20_000)


@dataclass(frozen=True)
class Result:
    rows: int
    upload_s: float
    check_s: float
    check_queries: int
    import_s: float

    @property
    def total_s(self) -> float:
        return self.upload_s + self.check_s + self.import_s


def csv_text(rows: int, run: int) -> str:
    lines = ["name,email,phone,neighbourhood,gifts,languages,role"]
    for i in range(rows):
        lines.append(
            f"Person {run}-{i},person{run}-{i}@bench.example,07700 9{i % 100000:05d},Millbrook,"
            "cooking; gardening,English; Urdu,volunteer"
        )
    return "\n".join(lines) + "\n"


def run(sizes: tuple[int, ...] = SIZES) -> list[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduce.organisations.models import Organisation, Role
    from coproduce.organisations.services import membership_add
    from coproduce.people.models import Language, Neighbourhood, Person, Tag
    from coproduce.people.services.people_import import (
        people_import_check,
        people_import_confirm,
        people_import_upload,
    )

    organisation = Organisation.objects.create(name="Bench Carers", slug="bench-carers", kind="charity")
    facilitator = Person.objects.create_user(email="facilitator@bench.example", preferred_name="Femi")
    membership_add(actor=None, person=facilitator, organisation=organisation, role=Role.FACILITATOR)
    Neighbourhood.objects.get_or_create(name="Millbrook")
    for name in ("Cooking", "Gardening"):
        Tag.objects.get_or_create(name=name)
    for name in ("English", "Urdu"):
        Language.objects.get_or_create(name=name)

    results = []
    for number, rows in enumerate(sizes):
        raw = csv_text(rows, number).encode()
        started = time.perf_counter()
        people_import = people_import_upload(
            actor=facilitator, organisation=organisation, file_name=f"bench-{rows}.csv", raw=raw
        )
        uploaded = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            check = people_import_check(text=people_import.content, organisation=organisation, actor=facilitator)
        checked = time.perf_counter()
        assert check.all_valid, check.invalid[:3]
        created = people_import_confirm(actor=facilitator, people_import=people_import, only_valid=False)
        imported = time.perf_counter()
        assert created == rows
        results.append(
            Result(
                rows=rows,
                upload_s=uploaded - started,
                check_s=checked - uploaded,
                check_queries=len(queries.captured_queries),
                import_s=imported - checked,
            )
        )
    return results


def table(results: list[Result], database: str) -> str:
    header = " | ".join(
        [f"{'rows':>7}", f"{'upload s':>8}", f"{'preview check s':>15}", "check queries", f"{'import s':>8}", "total s"]
    )
    lines = [f"People import from CSV ({database})", header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.rows:>7,} | {r.upload_s:>8.2f} | {r.check_s:>15.2f} | {r.check_queries:>13} | "
            f"{r.import_s:>8.2f} | {r.total_s:>7.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        sizes = tuple(int(arg) for arg in (sys.argv[1:] if argv is None else argv)) or SIZES
        print(table(run(sizes), connection.vendor))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 0


if __name__ == "__main__":
    sys.exit(main())
