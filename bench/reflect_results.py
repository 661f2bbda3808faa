"""Reflection results over a large place, on SQLite and PostgreSQL: `python -m bench.reflect_results`.

Builds a place of 300 services in 30 organisations, each with 8 reflection rounds (the first 7 closed) of 12
participants, written with bulk_create: two services in three use "How are we doing?" (four areas, stages and
RED/AMBER/GREEN), the third the workforce competencies (seven areas rated 1 to 5), so about 28,800 participants and
140,000 answers, a third of them with evidence. Then it times whole pages through Django's test client (middleware,
session, permissions, charts, template) and counts their queries:

- a round's results page: the latest round of a service (seven earlier rounds, so distance travelled is drawn), for
  each framework, and a first round (no history);
- the place's maturity overview, with every framework and with one.

Each database runs in its own process (SQLite in a temporary file, PostgreSQL in a throwaway cluster, the one the
test suite uses); the parent prints one table. Target from issue 5: page p95 under 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

PAGE_TARGET_MS = 150
QUERY_BOUND = 20
SERVICES = 300
ROUNDS = 8
PEOPLE = 12
ORGANISATIONS = 30
PERSPECTIVES = ("uses_service", "uses_service", "family", "staff", "staff", "manager", "partner", "community")
EVIDENCE = (
    "Nobody asked me what I was good at until last spring.",
    "We pay people for their time when they help train new staff.",
    "The forum is still run by managers; we just turn up.",
    "My son now helps plan the Tuesday group.",
    "Staff listen, but nothing seems to change afterwards.",
    "We swap skills with the lunch club next door.",
)


@dataclass
class Timed:
    name: str
    url: str
    ms: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _database_create(database_url: str) -> None:
    import psycopg

    url = urlparse(database_url)
    host = parse_qs(url.query)["host"][0]
    with psycopg.connect(host=host, user=url.username or "postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{url.path.lstrip("/")}"')


def place_generate(rng: random.Random, services: int) -> dict[str, Any]:
    """The place, written in bulk. Returns the ids the measurements need."""
    from django.db import transaction
    from django.utils import timezone

    from coproduce.organisations.models import Membership, Organisation, Role, Service
    from coproduce.people.models import Person
    from coproduce.reflect.models import Answer, Framework, Participant, ReflectionRound

    frameworks = [
        Framework.objects.filter(slug=slug).latest("loaded_at")
        for slug in ("how-are-we-doing", "workforce-competencies")
    ]
    keys = {framework.pk: [d.key for d in framework.definition.dimensions] for framework in frameworks}
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Organisation {n}", slug=f"organisation-{n}", kind=Organisation.Kind.PROVIDER)
            for n in range(ORGANISATIONS)
        )
        service_rows = Service.objects.bulk_create(
            Service(organisation=organisations[n % ORGANISATIONS], name=f"Service {n}", slug=f"service-{n}")
            for n in range(services)
        )
        people = Person.objects.bulk_create(
            Person(email=f"person{n}@bench.example", preferred_name=f"Person {n}", password="!") for n in range(2000)
        )
        facilitator = Person.objects.create_user(email="facilitator@bench.example", preferred_name="Facilitator")
        Membership.objects.create(person=facilitator, organisation=organisations[0], role=Role.FACILITATOR)
        admin = Person.objects.create_user(
            email="admin@bench.example", preferred_name="Place admin", is_place_admin=True
        )
        start = timezone.now() - timedelta(days=ROUNDS * 120)
        rounds = ReflectionRound.objects.bulk_create(
            ReflectionRound(
                framework=frameworks[1 if index % 3 == 2 else 0],
                organisation_id=service.organisation_id,
                service=service,
                title=f"Round {number + 1} for {service.name}",
                opened_by=facilitator,
            )
            for index, service in enumerate(service_rows)
            for number in range(ROUNDS)
        )
        for position, round_ in enumerate(rounds):
            number = position % ROUNDS
            round_.opened_at = start + timedelta(days=120 * number, minutes=position)
            round_.closed_at = round_.opened_at + timedelta(days=21) if number < ROUNDS - 1 else None
        ReflectionRound.objects.bulk_update(rounds, ["opened_at", "closed_at"], batch_size=1000)
        participants = Participant.objects.bulk_create(
            (
                Participant(
                    round=round_,
                    person=person,
                    name="" if person else f"Paper {n}",
                    perspective=PERSPECTIVES[n % len(PERSPECTIVES)],
                    channel=Participant.Channel.ONLINE if person else Participant.Channel.PAPER,
                    anonymous=rng.random() < 0.3,
                    submitted_at=round_.opened_at + timedelta(days=3),
                )
                for round_ in rounds
                for n, person in enumerate(
                    [*rng.sample(people, PEOPLE - 3), None, None, None] if rng.random() < 0.9 else [None] * PEOPLE
                )
            ),
            batch_size=2000,
        )
        # Answers drift upwards from round to round, and people in the same round disagree now and then.
        by_round = {round_.pk: round_ for round_ in rounds}
        answers = []
        written = 0
        for participant in participants:
            round_ = by_round[participant.round_id]
            number = (round_.opened_at - start).days // 120
            framework_id = round_.framework_id
            highest = 4 if framework_id == frameworks[0].pk else 5
            for key in keys[framework_id]:
                base = 1 + number * (highest - 1) / (ROUNDS - 1)
                value = None if rng.random() < 0.05 else max(1, min(highest, round(base + rng.gauss(0, 0.9))))
                rag = ""
                if framework_id == frameworks[0].pk and value is not None:
                    rag = ("red", "amber", "amber", "green")[value - 1]
                evidence = rng.choice(EVIDENCE) if rng.random() < 0.33 else ""
                answers.append(
                    Answer(participant_id=participant.pk, dimension=key, value=value, rag=rag, evidence=evidence)
                )
            if len(answers) >= 5000:
                Answer.objects.bulk_create(answers)
                written += len(answers)
                answers = []
        Answer.objects.bulk_create(answers)
        written += len(answers)
    latest_of_first = rounds[ROUNDS - 1]
    latest_rating = rounds[2 * ROUNDS + ROUNDS - 1]
    return {
        "facilitator": facilitator.pk,
        "admin": admin.pk,
        "latest_stages": latest_of_first.pk,
        "first_stages": rounds[0].pk,
        "latest_rating": latest_rating.pk,
        "rounds": len(rounds),
        "participants": len(participants),
        "answers": written,
    }


def _time(client: Any, timed: Timed, repeat: int) -> Timed:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(timed.url)  # warm up: caches, query plans
    assert response.status_code == 200, (timed.url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        timed.size = len(client.get(timed.url).content)
    timed.queries = len(captured.captured_queries)
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(timed.url)
        timed.ms.append((time.perf_counter() - started) * 1000)
    return timed


def _measure(services: int, repeat: int) -> dict[str, Any]:
    """Runs inside the process for one database: build the place, time the pages, return the figures."""
    from django.core.management import call_command
    from django.db import connection
    from tests.conftest import signed_in_client

    from coproduce.people.models import Person

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    made = place_generate(random.Random(2025), services)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as a running place's statistics would be; both databases know the word
    generated = time.perf_counter() - started
    facilitator = signed_in_client(Person.objects.get(pk=made["facilitator"]))
    admin = signed_in_client(Person.objects.get(pk=made["admin"]))
    rows = [
        _time(
            facilitator,
            Timed(
                "results: How are we doing?, 8th round (7 earlier)", f"/reflect/rounds/{made['latest_stages']}/results/"
            ),
            repeat,
        ),
        _time(
            facilitator,
            Timed("results: workforce competencies, 8th round", f"/reflect/rounds/{made['latest_rating']}/results/"),
            repeat,
        ),
        _time(
            facilitator,
            Timed("results: How are we doing?, 1st round", f"/reflect/rounds/{made['first_stages']}/results/"),
            repeat,
        ),
        _time(admin, Timed(f"overview: every framework ({services} services)", "/reflect/overview/"), repeat),
        _time(
            admin,
            Timed("overview: one framework", "/reflect/overview/?framework=workforce-competencies"),
            repeat,
        ),
    ]
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        database = f"PostgreSQL {version // 10000}.{version % 100}"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    return {
        "database": database,
        "generated_s": round(generated, 1),
        "made": made,
        "rows": [asdict(row) for row in rows],
        "load": os.getloadavg()[0],
    }


def _child(database: str, services: int, repeat: int) -> int:
    """One database, one process: Django's settings and connections never leak from one to the other."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.config.settings.test")
    if database == "sqlite":
        folder = tempfile.mkdtemp(prefix="coproduce-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        import django

        django.setup()
        try:
            figures = _measure(services, repeat)
        finally:
            from django.db import connection

            connection.close()
            for path in Path(folder).glob("*"):
                path.unlink()
            os.rmdir(folder)
    else:
        from tests.postgres import postgres_cluster

        with postgres_cluster() as env:
            os.environ["DATABASE_URL"] = env["DATABASE_URL"]
            os.environ["COPRODUCE_TEST_DATABASE"] = env["COPRODUCE_TEST_DATABASE"]
            _database_create(env["DATABASE_URL"])
            import django

            django.setup()
            from django.db import connection

            try:
                figures = _measure(services, repeat)
            finally:
                connection.close()
    print("RESULT " + json.dumps(figures, default=str), flush=True)
    return 0


def _table(results: list[dict[str, Any]]) -> str:
    lines = ["| database | page | median | p95 | queries | response |", "|---|---|---|---|---|---|"]
    for result in results:
        for row in result["rows"]:
            lines.append(
                f"| {result['database']} | {row['name']} | {statistics.median(row['ms']):.1f} ms "
                f"| {_p95(row['ms']):.1f} ms | {row['queries']} | {row['size'] / 1024:,.0f} KB |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reflect_results", description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=SERVICES, help="how many services (8 rounds each)")
    parser.add_argument("--repeat", type=int, default=40, help="how many times each page is timed")
    parser.add_argument(
        "--database", choices=("both", "sqlite", "postgresql"), default="both", help="which database to measure"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        return _child(args.database, args.services, args.repeat)

    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = []
    for database in databases:
        print(f"{database}: building {args.services} services × {ROUNDS} rounds × {PEOPLE} people…", flush=True)
        command = [sys.executable, "-m", "bench.reflect_results", "--child", "--database", database]
        command += ["--services", str(args.services), "--repeat", str(args.repeat)]
        finished = subprocess.run(command, capture_output=True, text=True)
        found = [line for line in finished.stdout.splitlines() if line.startswith("RESULT ")]
        if finished.returncode or not found:
            print(finished.stdout[-3000:], finished.stderr[-3000:], sep="\n")
            return 1
        result = json.loads(found[-1].removeprefix("RESULT "))
        made = result["made"]
        print(
            f"  {result['database']}: {made['rounds']:,} rounds, {made['participants']:,} participants, "
            f"{made['answers']:,} answers generated in {result['generated_s']:.0f} s; load average "
            f"{result['load']:.1f} on {os.cpu_count()} CPUs.",
            flush=True,
        )
        results.append(result)
    print()
    print(_table(results))
    print(f"\n{args.repeat} timed requests a page. Target: p95 < {PAGE_TARGET_MS} ms; at most {QUERY_BOUND} queries.")
    rows = [row for result in results for row in result["rows"]]
    missed = [row["name"] for row in rows if _p95(row["ms"]) > PAGE_TARGET_MS]
    heavy = [row["name"] for row in rows if row["queries"] > QUERY_BOUND]
    if missed:
        print("Missed the target: " + "; ".join(dict.fromkeys(missed)))
    if heavy:
        print("Too many queries: " + "; ".join(dict.fromkeys(heavy)))
    return 1 if missed or heavy else 0


if __name__ == "__main__":
    sys.exit(main())
