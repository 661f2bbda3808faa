"""The story list and story search over a large place, on SQLite and PostgreSQL: `python -m bench.stories_search`.

Builds a place of 300 services in 30 organisations and 200,000 stories (see stories_data.py: about nine in ten
published, the rest withdrawn, waiting or drafts; reach public, members, services or facilitators), then, at
1,000 stories and again at the full size, times through Django's test client (middleware, session, permissions,
template) as four viewers (a visitor, a member, a service's staff, a facilitator):

- the story list (`/stories/`): the newest, a page deep in the list, one service's, one theme's;
- story search (`/stories/search/`): twenty searches, from a rare word to an everyday one, with and without a
  service or theme, one whose words no story has all of;

and counts each page's queries, which must not grow with the place. Each database runs in its own process.
Target from issue 7: page p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlencode

PAGE_TARGET_MS = 100
# The most queries a page may issue, at any size. A search is one statement (two when no story has every word);
# PostgreSQL adds three around each (a transaction that turns off JIT compilation for it).
QUERY_BOUND = 24
SMALL = 1_000

# (what someone types, service filter?, theme filter?). Filters are resolved once the place exists.
SEARCHES: list[tuple[str, bool, str]] = [
    ("ramp", False, ""),
    ("waiting list", False, ""),
    ("food bank", False, ""),
    ("damp and mould", False, ""),
    ("interpreter", False, ""),
    ("lonely", False, ""),
    ("discharge home care", False, ""),
    ("respite", False, ""),
    ("kind staff", False, ""),
    ("staff", False, ""),
    ("online form password", False, ""),
    ("dementia", False, ""),
    ("allotment volunteers", False, ""),
    ("wheelchair bus driver", False, ""),
    ("hoist", True, ""),
    ("benefits", False, "Money"),
    ("appointment", True, "Waiting times"),
    ("", True, ""),
    ("xylophone", False, ""),
    ("ramp allotment interpreter xylophone", False, ""),
]


@dataclass
class Timed:
    kind: str
    ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    queries: set[int] = field(default_factory=set)
    slowest: list[tuple[float, str]] = field(default_factory=list)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@contextmanager
def _timing_search_sql(into: list[float]) -> Iterator[None]:
    """Times only the one statement that searches, however the page calls it."""
    from django.db import connection

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if "WITH fts(story_id)" not in sql:
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            into.append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(wrapper):
        yield


def _clients(place: Any) -> dict[str, Any]:
    from django.test import Client
    from tests.conftest import signed_in_client

    from coproduce.people.models import Person

    return {
        name: Client() if pk is None else signed_in_client(Person.objects.get(pk=pk))
        for name, pk in place.viewers.items()
    }


def _urls(place: Any) -> list[tuple[str, str]]:
    from coproduce.organisations.models import Service

    # The service the staff viewer works for, with the most stories, so its filter is a large one.
    service_id = place.services[0][0]
    assert Service.objects.filter(pk=service_id).exists()
    themes = {name: name.lower().replace(" ", "-") for name in place.themes}
    urls = [
        ("list", "/stories/"),
        ("list", "/stories/?page=200"),
        ("list", f"/stories/?service={service_id}"),
        ("list", f"/stories/?theme={themes['Transport']}"),
    ]
    for text, by_service, theme in SEARCHES:
        query: dict[str, Any] = {"q": text}
        if by_service:
            query["service"] = service_id
        if theme:
            query["theme"] = themes[theme]
        urls.append(("search", "/stories/search/?" + urlencode(query)))
    return urls


def _measure(place: Any, size: int, repeat: int) -> list[Timed]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timed = {"list": Timed("list"), "search": Timed("search")}
    for viewer, client in _clients(place).items():
        for kind, url in _urls(place):
            response = client.get(url)  # warm up: caches, query plans
            assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            timed[kind].queries.add(len(captured.captured_queries))
            for _ in range(repeat):
                with _timing_search_sql(timed[kind].sql_ms):
                    started = time.perf_counter()
                    client.get(url)
                    elapsed = (time.perf_counter() - started) * 1000
                timed[kind].ms.append(elapsed)
                timed[kind].slowest.append((elapsed, f"{viewer}: {url}"))
    for row in timed.values():
        row.slowest = sorted(row.slowest, reverse=True)[:5]
    return list(timed.values())


def _work(stories: int, repeat: int) -> dict[str, Any]:
    from bench.stories_data import database_analyse, database_name, place_prepare, stories_generate

    rng = random.Random(2027)
    started = time.perf_counter()
    place = place_prepare()
    sizes = [SMALL, stories] if stories > SMALL else [stories]
    made = 0
    generating = 0.0
    results = []
    statuses: dict[str, int] = {}
    for size in sizes:
        began = time.perf_counter()
        for status, n in stories_generate(place, size - made, rng).items():
            statuses[status] = statuses.get(status, 0) + n
        made = size
        database_analyse()
        generating += time.perf_counter() - began
        print(f"{size:,} stories ready ({generating:.0f} s generating so far); measuring…", file=sys.stderr, flush=True)
        rows = [{**asdict(row), "queries": sorted(row.queries)} for row in _measure(place, size, repeat)]
        results.append({"stories": size, "rows": rows})
    return {
        "database": database_name(),
        "generated_s": round(generating, 1),
        "total_s": round(time.perf_counter() - started, 1),
        "statuses": statuses,
        "results": results,
        "load": os.getloadavg()[0],
    }


def _child(database: str, stories: int, repeat: int) -> int:
    from bench.stories_data import postgres_child, sqlite_child

    run = sqlite_child if database == "sqlite" else postgres_child
    figures = run(lambda: _work(stories, repeat))
    print("RESULT " + json.dumps(figures, default=str), flush=True)
    return 0


def _table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| database | stories | page | median | p95 | search statement p95 | queries per page |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for sized in result["results"]:
            for row in sized["rows"]:
                sql = f"{_p95(row['sql_ms']):.1f} ms" if row["sql_ms"] else "–"
                queries = sorted(row["queries"])
                count = f"{queries[0]}" if queries[0] == queries[-1] else f"{queries[0]}–{queries[-1]}"
                lines.append(
                    f"| {result['database']} | {sized['stories']:,} | {row['kind']} | "
                    f"{statistics.median(row['ms']):.1f} ms | {_p95(row['ms']):.1f} ms | {sql} | {count} |"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stories_search", description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200_000, help="how many stories at the largest size")
    parser.add_argument("--repeat", type=int, default=5, help="how many times each page is timed per viewer")
    parser.add_argument(
        "--database", choices=("both", "sqlite", "postgresql"), default="both", help="which database to measure"
    )
    parser.add_argument("--verbose", action="store_true", help="also list the slowest pages")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        return _child(args.database, args.stories, args.repeat)

    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = []
    for database in databases:
        print(f"{database}: building {args.stories:,} stories…", flush=True)
        command = [sys.executable, "-m", "bench.stories_search", "--child", "--database", database]
        command += ["--stories", str(args.stories), "--repeat", str(args.repeat)]
        finished = subprocess.run(command, stdout=subprocess.PIPE, text=True)
        found = [line for line in finished.stdout.splitlines() if line.startswith("RESULT ")]
        if finished.returncode or not found:
            print(finished.stdout[-3000:])
            return 1
        result = json.loads(found[-1].removeprefix("RESULT "))
        print(
            f"  {result['database']}: stories by status {result['statuses']}; generated in "
            f"{result['generated_s']:.0f} s; load average {result['load']:.1f} on {os.cpu_count()} CPUs.",
            flush=True,
        )
        results.append(result)
    print()
    print(_table(results))
    print(
        f"\n{len(SEARCHES)} searches and 4 list pages × 4 viewers × {args.repeat} repetitions at each size. "
        f"Target: page p95 < {PAGE_TARGET_MS} ms; at most {QUERY_BOUND} queries, the same at every size."
    )
    if args.verbose:
        for result in results:
            for sized in result["results"]:
                for row in sized["rows"]:
                    print(f"\nSlowest {row['kind']} pages, {result['database']}, {sized['stories']:,} stories:")
                    for elapsed, url in row["slowest"]:
                        print(f"  {elapsed:.1f} ms  {url}")
    largest = [row for result in results for row in result["results"][-1]["rows"]]
    missed = [row["kind"] for row in largest if _p95(row["ms"]) > PAGE_TARGET_MS]
    heavy = [
        row["kind"]
        for result in results
        for sized in result["results"]
        for row in sized["rows"]
        if max(row["queries"]) > QUERY_BOUND
    ]
    if missed:
        print("Missed the target: " + ", ".join(dict.fromkeys(missed)))
    if heavy:
        print("Too many queries: " + ", ".join(dict.fromkeys(heavy)))
    return 1 if missed or heavy else 0


if __name__ == "__main__":
    sys.exit(main())
