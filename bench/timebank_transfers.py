"""Timebank transfers per second on PostgreSQL: `python -m bench.timebank_transfers [--clients 8]`.

Starts a throwaway PostgreSQL (the one the test suite uses, restarted with fsync, full-page writes and synchronous
commit on as in production; --no-fsync keeps the test suite's faster, crash-unsafe settings), migrates it, opens
1,000 person accounts with starting hours from an organisation, then has 8 concurrent clients make about 5,000
random transfers among them (15 minutes to 3 hours each, random pairs), three times over:

- "ledger": each client is a process with its own connection calling transfer_record directly, as a web worker
  does behind the pages;
- "JSON API": 1,000 a run through POST /api/v1/transfers/ with an API key and an Idempotency-Key, through
  Django's test client (the whole middleware and DRF stack, no HTTP server or network).

It prints transfers per second (median of the runs), latency per transfer (p50, p95), the CPU one transfer costs
(client and database backend, so a figure that holds up when the machine is shared, with the ceiling it implies),
how often clients waited for each other's row locks (sampled from pg_locks), deadlocks, and where one transfer's
time goes, statement by statement. Set BENCH_PROFILE=1 to print a CPU profile of transfer_record as well.

Target from issue 4: at least 500 transfers per second on 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import multiprocessing
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TARGET_PER_SECOND = 500
# How often the lock sampler looks at pg_locks during a run.
SAMPLE_EVERY_S = 0.005
STARTING_MINUTES = 600
# Generous, so that after tens of thousands of random transfers few are refused: this measures recording time, and
# the tests (tests/timebank/test_concurrency.py) are where tight limits are exercised.
PLACE_LIMIT = -6000


@dataclass
class ClientResult:
    started: float
    finished: float
    latencies_ms: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    # CPU seconds this client and its database backend used during the run: what the work costs, whatever else the
    # machine is doing at the time.
    client_cpu_s: float = 0.0
    database_cpu_s: float = 0.0


class _CpuMeter:
    """CPU time of this process and of the PostgreSQL backend serving its connection (read from /proc)."""

    def __init__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.backend = int(cursor.fetchone()[0])
        self.client = time.process_time()
        self.database = self._backend_cpu()

    def _backend_cpu(self) -> float:
        try:
            fields = Path(f"/proc/{self.backend}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the server runs elsewhere: no figure rather than a wrong one
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, result: ClientResult) -> None:
        result.client_cpu_s = time.process_time() - self.client
        result.database_cpu_s = self._backend_cpu() - self.database


@dataclass
class Run:
    transfers_per_second: float
    latencies_ms: list[float]
    outcomes: Counter[str]
    seconds: float
    # From sampling pg_locks: the average number of clients waiting for another's row lock, and how often any was.
    waiting_clients: float
    any_waiting_share: float
    deadlocks: int
    # CPU milliseconds per recorded transfer: clients and their database backends.
    client_cpu_ms: float
    database_cpu_ms: float


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _connect(database_url: str, dbname: str | None = None) -> Any:
    from urllib.parse import parse_qs, urlparse

    import psycopg

    url = urlparse(database_url)
    host = parse_qs(url.query)["host"][0]
    return psycopg.connect(
        host=host, user=url.username or "postgres", dbname=dbname or url.path.lstrip("/"), autocommit=True
    )


def _cluster_make_durable(database_url: str) -> None:
    """Restart the throwaway cluster as a production server runs: fsync, full-page writes and synchronous commit on.

    tests/postgres.py starts it with fsync and full-page writes off, which is right for tests (nothing there needs to
    survive a crash) but wrong for this figure: every transfer's commit must wait for the disk in production.
    Settings given on the server's command line outrank ALTER SYSTEM, so only a restart with new options changes
    them. The cluster's folders are where tests/postgres.py puts them: the socket folder beside the data folder.
    """
    import subprocess
    from urllib.parse import parse_qs, urlparse

    from tests.postgres import find_bindir

    sock = Path(parse_qs(urlparse(database_url).query)["host"][0])
    run_as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    options = (
        f"-k {sock} -c listen_addresses='' -c max_connections=200 "
        "-c fsync=on -c full_page_writes=on -c synchronous_commit=on"
    )
    subprocess.run(
        [*run_as, str(find_bindir() / "pg_ctl"), "-D", str(sock.parent / "data"), "-o", options, "-w", "restart"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _durability() -> str:
    with _connect(os.environ["DATABASE_URL"]) as conn:
        shown = [
            f"{name} {conn.execute(f'SHOW {name}').fetchone()[0]}"
            for name in ("fsync", "synchronous_commit", "full_page_writes")
        ]
    return ", ".join(shown)


def _database_create(database_url: str) -> None:
    from urllib.parse import urlparse

    with _connect(database_url, "postgres") as conn:
        conn.execute(f'CREATE DATABASE "{urlparse(database_url).path.lstrip("/")}"')


@contextmanager
def _sampling_locks(into: list[int]) -> Iterator[None]:
    """Counts, every few milliseconds, the backends waiting for a lock another holds (what FOR UPDATE waits on)."""
    import threading

    stop = threading.Event()

    def sample() -> None:
        with _connect(os.environ["DATABASE_URL"]) as conn:
            while not stop.is_set():
                row = conn.execute("SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted").fetchone()
                into.append(int(row[0]) if row else 0)
                stop.wait(SAMPLE_EVERY_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield
    finally:
        stop.set()
        sampler.join()


def _deadlocks() -> int:
    with _connect(os.environ["DATABASE_URL"]) as conn:
        row = conn.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()").fetchone()
    return int(row[0]) if row else 0


# --- the place ---------------------------------------------------------------------------------------------------


@dataclass
class Place:
    accounts: list[int]  # person account ids
    people: list[int]  # the person behind each account, same order
    keys: dict[int, str]  # person id -> API key


def _place_prepare(accounts: int, rng: random.Random) -> Place:
    from coproduce.organisations.models import Membership, Organisation, Role
    from coproduce.people.models import Person
    from coproduce.timebank.models import Account, Transfer
    from coproduce.timebank.services.accounts import account_for_organisation
    from coproduce.timebank.services.api_tokens import api_token_create
    from coproduce.timebank.services.ledger import MAX_MINUTES_PER_LEG, Leg, timebank_settings, transfer_record

    type(timebank_settings()).objects.update(min_balance_minutes=PLACE_LIMIT)
    people = Person.objects.bulk_create(
        [Person(preferred_name=f"Member {n}", email=f"member{n}@bench.example", password="!") for n in range(accounts)]
    )
    funder_org = Organisation.objects.create(name="Bench Funder", slug="bench-funder")
    # Some memberships, so member_kind (read for every person entry) finds real roles as it would in a place.
    roles = [Role.USES_SERVICE, Role.CARER, Role.VOLUNTEER, Role.STAFF]
    Membership.objects.bulk_create(
        [Membership(person=p, organisation=funder_org, role=rng.choice(roles)) for p in people if rng.random() < 0.6]
    )
    opened = Account.objects.bulk_create([Account(kind=Account.Kind.PERSON, person=p) for p in people])
    funder = account_for_organisation(funder_org)
    Account.objects.filter(pk=funder.pk).update(min_balance_minutes=-(2**31 - 1))
    # Starting hours through the real ledger, several people per transfer (one leg may carry at most a week).
    per_transfer = MAX_MINUTES_PER_LEG // STARTING_MINUTES
    for start in range(0, len(opened), per_transfer):
        group = opened[start : start + per_transfer]
        transfer_record(
            idempotency_key=f"fund-{start}",
            legs=[Leg(funder.pk, -STARTING_MINUTES * len(group))] + [Leg(a.pk, STARTING_MINUTES) for a in group],
            kind=Transfer.Kind.GROUP,
            description="Starting hours",
            recorded_by=None,
        )
    keys = {p.pk: api_token_create(person=p, name="Bench")[1] for p in people}
    return Place(accounts=[a.pk for a in opened], people=[p.pk for p in people], keys=keys)


# --- one client --------------------------------------------------------------------------------------------------


def _client_ledger(work: list[tuple[str, int, int, int]], gate: Any, queue: Any) -> None:
    from django.db import connection

    from coproduce.timebank.models import Transfer
    from coproduce.timebank.services.ledger import BalanceLimitError, LedgerError, Leg, transfer_record

    connection.ensure_connection()
    result = ClientResult(started=0.0, finished=0.0)
    gate.wait()
    meter = _CpuMeter()
    result.started = time.monotonic()
    for key, giver, receiver, minutes in work:
        began = time.perf_counter()
        try:
            transfer_record(
                idempotency_key=key,
                legs=[Leg(giver, minutes), Leg(receiver, -minutes)],
                kind=Transfer.Kind.EXCHANGE,
                description="Help in the garden",
                recorded_by=None,
            )
            result.outcomes["recorded"] += 1
        except BalanceLimitError:
            result.outcomes["over the limit"] += 1
        except LedgerError:
            result.outcomes["refused"] += 1
        result.latencies_ms.append((time.perf_counter() - began) * 1000)
    result.finished = time.monotonic()
    meter.stop(result)
    connection.close()
    queue.put(result)


def _client_api(work: list[tuple[str, int, int, int]], gate: Any, queue: Any, keys: dict[int, str]) -> None:
    import json

    from django.db import connection
    from django.test import Client

    client = Client()
    connection.ensure_connection()
    result = ClientResult(started=0.0, finished=0.0)
    gate.wait()
    meter = _CpuMeter()
    result.started = time.monotonic()
    for key, helped, caller, minutes in work:
        # The caller received help: their hours go down, the helper's up (see api.TransfersView.post).
        began = time.perf_counter()
        response = client.post(
            "/api/v1/transfers/",
            json.dumps({"to_person": helped, "minutes": minutes, "description": "Help in the garden"}),
            content_type="application/json",
            headers={"Authorization": f"Token {keys[caller]}", "Idempotency-Key": key},
        )
        result.latencies_ms.append((time.perf_counter() - began) * 1000)
        outcome = {201: "recorded", 200: "recorded", 422: "over the limit"}.get(response.status_code)
        result.outcomes[outcome or f"HTTP {response.status_code}"] += 1
    result.finished = time.monotonic()
    meter.stop(result)
    connection.close()
    queue.put(result)


def _measure(mode: str, place: Place, transfers: int, clients: int, rng: random.Random, run: int, threads: bool) -> Run:
    from django.db import connections

    pool, target = {
        "ledger": (place.accounts, _client_ledger),
        "api": (place.people, _client_api),
    }[mode]
    work: list[list[tuple[str, int, int, int]]] = [[] for _ in range(clients)]
    for n in range(transfers):
        a, b = rng.sample(pool, 2)
        work[n % clients].append((f"bench-{mode}-{run}-{n}", a, b, rng.randint(15, 180)))
    connections.close_all()  # a forked client must never share the parent's socket
    if threads:
        import queue as queue_module
        import threading

        gate: Any = threading.Barrier(clients)
        results_queue: Any = queue_module.Queue()
        starter: Any = threading.Thread
    else:
        context = multiprocessing.get_context("fork")
        gate = context.Barrier(clients)
        results_queue = context.Queue()
        starter = context.Process
    extra = (place.keys,) if mode == "api" else ()
    # Daemons, so an interrupted benchmark (Ctrl+C) never waits for its clients before removing its database.
    workers = [starter(target=target, args=(chunk, gate, results_queue, *extra), daemon=True) for chunk in work]
    deadlocks_before = _deadlocks()
    samples: list[int] = []
    try:
        with _sampling_locks(samples):
            for worker in workers:
                worker.start()
            results: list[ClientResult] = [results_queue.get(timeout=600) for _ in workers]
    except BaseException:
        for worker in workers:
            if hasattr(worker, "terminate"):
                worker.terminate()
        raise
    for worker in workers:
        worker.join()
    seconds = max(r.finished for r in results) - min(r.started for r in results)
    outcomes: Counter[str] = Counter()
    for r in results:
        outcomes.update(r.outcomes)
    return Run(
        transfers_per_second=outcomes["recorded"] / seconds,
        latencies_ms=[ms for r in results for ms in r.latencies_ms],
        outcomes=outcomes,
        seconds=seconds,
        waiting_clients=statistics.mean(samples) if samples else 0.0,
        any_waiting_share=sum(1 for n in samples if n) / len(samples) if samples else 0.0,
        deadlocks=_deadlocks() - deadlocks_before,
        client_cpu_ms=sum(r.client_cpu_s for r in results) * 1000 / max(1, outcomes["recorded"]),
        database_cpu_ms=sum(r.database_cpu_s for r in results) * 1000 / max(1, outcomes["recorded"]),
    )


# --- where the time goes -----------------------------------------------------------------------------------------

_STATEMENTS = [
    ("lock the accounts, reading the place's limit and roles (SELECT … FOR UPDATE)", re.compile(r"FOR UPDATE")),
    ("insert the transfer unless its key is taken (ON CONFLICT DO NOTHING)", re.compile(r'INTO "timebank_transfer"')),
    ("read the first transfer back (a retry only)", re.compile(r'FROM "timebank_transfer"')),
    ("savepoints", re.compile(r"SAVEPOINT")),
    ("insert the entries (one statement)", re.compile(r'INSERT INTO "timebank_entry"')),
    ("update the balances", re.compile(r'UPDATE "timebank_account"')),
    ("insert the audit row", re.compile(r'INSERT INTO "core_auditentry"')),
    ("commit (runs the deferred sum check)", re.compile(r"^COMMIT$|__commit__")),
]


def _where_the_time_goes(place: Place, count: int, rng: random.Random) -> tuple[list[tuple[str, float, float]], float]:
    """One client, no contention: time per statement kind, per transfer; and the whole transfer_record call."""
    import cProfile
    import pstats

    from django.db import connection

    from coproduce.timebank.models import Transfer
    from coproduce.timebank.services.ledger import BalanceLimitError, Leg, transfer_record

    spent: dict[str, float] = defaultdict(float)
    seen: Counter[str] = Counter()

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            label = next((name for name, pattern in _STATEMENTS if pattern.search(sql)), f"other: {sql[:60]}")
            spent[label] += (time.perf_counter() - began) * 1000
            seen[label] += 1

    # Django commits through the connection, not execute(); time it by wrapping the connection's commit.
    original_commit = connection.commit

    def timed_commit() -> None:
        began = time.perf_counter()
        try:
            original_commit()
        finally:
            spent["commit (runs the deferred sum check)"] += (time.perf_counter() - began) * 1000
            seen["commit (runs the deferred sum check)"] += 1

    connection.commit = timed_commit  # type: ignore[method-assign]
    profiling = bool(os.environ.get("BENCH_PROFILE"))
    profile = cProfile.Profile(time.process_time)
    began = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        for n in range(count):
            a, b = rng.sample(place.accounts, 2)
            if profiling:
                profile.enable()
            # A refusal is rare with the bench's limit; its few statements still count as this transfer's work.
            with contextlib.suppress(BalanceLimitError):
                transfer_record(
                    idempotency_key=f"profile-{n}",
                    legs=[Leg(a, 30), Leg(b, -30)],
                    kind=Transfer.Kind.EXCHANGE,
                    description="Profiled",
                    recorded_by=None,
                )
            if profiling:
                profile.disable()
    whole = (time.perf_counter() - began) * 1000 / count
    connection.commit = original_commit  # type: ignore[method-assign]
    if profiling:
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    rows = [(label, seen[label] / count, spent[label] / count) for label in sorted(spent, key=lambda k: -spent[k])]
    return rows, whole


# --- the whole run -----------------------------------------------------------------------------------------------


def _run(accounts: int, transfers: int, api_transfers: int, clients: int, runs: int, api: bool, threads: bool) -> int:
    from django.core.management import call_command
    from django.db import connection

    rng = random.Random(2026)
    # A refusal at a limit is an expected answer here, not something to log for each request.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    place = _place_prepare(accounts, rng)
    print(f"{accounts:,} accounts with starting hours ready in {time.perf_counter() - began:.0f} s; measuring…")
    modes = ["ledger"] + (["api"] if api else [])
    rows: dict[str, list[Run]] = {}
    for mode in modes:
        rows[mode] = []
        for run in range(runs):
            # The API row is slower by design (a whole request each): a fifth as many keeps the run short.
            count = api_transfers if mode == "api" else transfers
            measured = _measure(mode, place, count, clients, rng, run, threads)
            rows[mode].append(measured)
            print(
                f"  {mode} run {run + 1}: {measured.transfers_per_second:,.0f} transfers/s "
                f"({dict(measured.outcomes)}, {measured.seconds:.1f} s; CPU per transfer "
                f"{measured.client_cpu_ms:.2f} ms client + {measured.database_cpu_ms:.2f} ms database; "
                f"load average {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    breakdowns = {"ledger": _where_the_time_goes(place, 300, rng)}
    problems = [line for line in _ledger_check()]
    version = connection.cursor().connection.info.server_version

    print()
    print(
        f"PostgreSQL {version // 10000}.{version % 100}; {accounts:,} accounts; {transfers:,} transfers per run "
        f"({api_transfers:,} through the API); "
        f"{clients} concurrent clients ({'threads' if threads else 'processes'}), each with its own connection; "
        f"{os.cpu_count()} CPUs; load average at the end {os.getloadavg()[0]:.1f}; {_durability()}."
    )
    print()
    cores = os.cpu_count() or 1
    print(
        "| path | transfers/s (median of runs) | p50 per transfer | p95 per transfer | CPU per transfer (client "
        f"+ database) | ceiling on {cores} idle cores | clients waiting for a lock (mean) | time any client waited "
        "| deadlocks, retries | refused at a limit |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    labels = {
        "ledger": "transfer_record directly",
        "api": "JSON API (test client)",
    }
    for mode, measured in rows.items():
        median = sorted(measured, key=lambda r: r.transfers_per_second)[len(measured) // 2]
        cpu_ms = statistics.median(r.client_cpu_ms + r.database_cpu_ms for r in measured)
        ceiling = f"{cores * 1000 / cpu_ms:,.0f}/s" if cpu_ms else "?"
        print(
            f"| {labels[mode]} | {statistics.median(r.transfers_per_second for r in measured):,.0f} "
            f"| {_p(median.latencies_ms, 0.5):.1f} ms | {_p(median.latencies_ms, 0.95):.1f} ms "
            f"| {median.client_cpu_ms:.2f} + {median.database_cpu_ms:.2f} ms | {ceiling} "
            f"| {median.waiting_clients:.2f} of {clients} | {median.any_waiting_share:.0%} "
            f"| {median.deadlocks}, 0 | {median.outcomes['over the limit']:,} |"
        )
    for mode, (breakdown, whole_ms) in breakdowns.items():
        print()
        print(
            f"Where one transfer's time goes, {labels[mode]} (one client, no contention, 300 transfers): "
            f"{whole_ms:.2f} ms in all"
        )
        print()
        print("| statement | statements per transfer | ms per transfer |")
        print("|---|---|---|")
        for label, per, ms in breakdown:
            print(f"| {label} | {per:.1f} | {ms:.2f} |")
        accounted = sum(ms for _label, _per, ms in breakdown)
        print(f"| Python around the statements (Django, the service, seals) | | {whole_ms - accounted:.2f} |")
    print()
    print(
        f"The ceiling is {cores} cores divided by the CPU one transfer costs (this process and its PostgreSQL "
        "backend; the WAL writer and other background work not counted): what the clients could reach on a machine "
        "doing nothing else. Transfers/s is what they reached here, with whatever else was running."
    )
    print()
    if problems:
        print("ledger-check found problems:", *problems, sep="\n  ")
    else:
        print("ledger-check: the ledger is sound after the benchmark.")
    ledger_median = statistics.median(r.transfers_per_second for r in rows["ledger"])
    missed = ledger_median < TARGET_PER_SECOND
    print(f"Target: at least {TARGET_PER_SECOND} transfers/s. {'Missed.' if missed else 'Met.'}")
    return 1 if missed or problems else 0


def _ledger_check() -> list[str]:
    from coproduce.timebank.selectors.ledger_check import ledger_problems

    return list(ledger_problems())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.timebank_transfers", description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000, help="how many person accounts")
    parser.add_argument("--transfers", type=int, default=5_000, help="how many transfers in each run")
    parser.add_argument("--api-transfers", type=int, default=1_000, help="how many in each run through the API")
    parser.add_argument("--clients", type=int, default=8, help="how many concurrent clients")
    parser.add_argument("--runs", type=int, default=3, help="how many runs of each path (the median is reported)")
    parser.add_argument("--no-api", action="store_true", help="skip the row through the JSON API")
    parser.add_argument("--threads", action="store_true", help="clients as threads instead of processes")
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="keep the test cluster's fsync=off and full_page_writes=off (commits never wait for the disk)",
    )
    args = parser.parse_args(argv)

    from tests.postgres import postgres_cluster

    with postgres_cluster() as env:
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
        os.environ["COPRODUCE_TEST_DATABASE"] = env["COPRODUCE_TEST_DATABASE"]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.config.settings.test")
        if not args.no_fsync:
            _cluster_make_durable(env["DATABASE_URL"])
        _database_create(env["DATABASE_URL"])
        import django

        django.setup()
        from django.db import connection

        try:
            return _run(
                args.accounts,
                args.transfers,
                args.api_transfers,
                args.clients,
                args.runs,
                not args.no_api,
                args.threads,
            )
        finally:
            connection.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
