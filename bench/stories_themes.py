"""The themes job over 200,000 texts: `python -m bench.stories_themes [--texts 200000] [--database sqlite]`.

Builds a place with published stories and feedback to managers on fourteen real topics (see stories_data.py),
200,000 texts in all, plus withdrawn stories, drafts and stories waiting to be checked that the job must skip. Then
runs the job exactly as the background task does (`theme_run_perform`: stream the texts from the database in
batches, TF-IDF, NMF, save each text's strongest theme) in a fresh process of its own, so its peak memory (the
process's maximum resident set, from getrusage) is the job's alone, and reports:

- minutes, and the share spent reading, factorising and saving;
- peak memory;
- the themes found, to check they are the topics the texts were written about.

Targets from issue 7: under 10 minutes and under 4 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MINUTES_TARGET = 10
MEMORY_TARGET_GB = 4


def _generate(texts: int) -> dict[str, Any]:
    """Stories (nine in ten published, so about that many texts) and feedback to make up the rest."""
    from bench.stories_data import (
        STATUSES,
        database_analyse,
        feedback_generate,
        place_prepare,
        stories_generate,
    )

    rng = random.Random(2028)
    started = time.perf_counter()
    place = place_prepare()
    published_share = dict(STATUSES)["published"] / sum(w for _s, w in STATUSES)
    made = stories_generate(place, int(texts * 0.9 / published_share), rng)
    feedback = max(0, texts - made.get("published", 0))
    feedback_generate(place, feedback, rng)
    database_analyse()
    return {"statuses": made, "feedback": feedback, "generated_s": round(time.perf_counter() - started, 1)}


def _job(themes: int, seed: int) -> dict[str, Any]:
    """Runs in its own process: the job, timed part by part, and the process's peak memory."""
    import resource

    import django

    django.setup()
    from django.db import transaction

    from coproduce.algorithms import themes as algorithm
    from coproduce.stories.models import FoundTheme, ThemeRun
    from coproduce.stories.services import themes as service

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    marks: dict[str, float] = {}
    original_find = algorithm.themes_find

    def timed_find(texts: Any, settings: Any) -> Any:
        began = time.perf_counter()
        found = original_find(texts, settings)
        marks["read_and_factorise_s"] = time.perf_counter() - began
        return found

    service.themes_find = timed_find  # type: ignore[assignment]
    with transaction.atomic():
        run = ThemeRun.objects.create(seed=seed, theme_count=themes)
    started = time.perf_counter()
    done = service.theme_run_perform(run_id=run.pk)
    elapsed = time.perf_counter() - started
    assert done is not None and done.status == ThemeRun.Status.DONE, done.error if done else "gone"
    found = [
        {"terms": theme.terms, "size": theme.size} for theme in FoundTheme.objects.filter(run=done).order_by("position")
    ]
    return {
        "texts": done.texts,
        "elapsed_s": round(elapsed, 1),
        "read_and_factorise_s": round(marks.get("read_and_factorise_s", 0.0), 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "baseline_mb": round(baseline / 1024),
        "fingerprint": done.fingerprint,
        "themes": found,
    }


def _in_child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    finished = subprocess.run(
        [sys.executable, "-m", "bench.stories_themes", *args], stdout=subprocess.PIPE, text=True, env=env
    )
    found = [line for line in finished.stdout.splitlines() if line.startswith("RESULT ")]
    if finished.returncode or not found:
        print(finished.stdout[-3000:])
        raise SystemExit(1)
    return dict(json.loads(found[-1].removeprefix("RESULT ")))


def _run(env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    print(f"building {args.texts:,} texts…", flush=True)
    made = _in_child(["--step", "generate", "--texts", str(args.texts)], env)
    print(f"  {made}", flush=True)
    runs = []
    for _ in range(args.runs):
        print(f"finding {args.themes} themes (seed {args.seed})…", flush=True)
        runs.append(_in_child(["--step", "job", "--themes", str(args.themes), "--seed", str(args.seed)], env))
    return {"made": made, "runs": runs}


def _step(args: argparse.Namespace) -> int:
    import django

    if args.step == "generate":
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        figures = _generate(args.texts)
    else:
        figures = _job(args.themes, args.seed)
    from django.db import connection

    from bench.stories_data import database_name

    figures["database"] = database_name()
    connection.close()
    print("RESULT " + json.dumps(figures, default=str), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stories_themes", description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200_000, help="how many stories and pieces of feedback")
    parser.add_argument("--themes", type=int, default=8, help="how many themes to look for")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=1, help="run the job this many times (the same themes each time)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--step", choices=("generate", "job"), help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.step:
        return _step(args)

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.test"}
    if args.database == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="coproduce-bench-"))
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        try:
            result = _run(env, args)
        finally:
            for path in folder.glob("*"):
                path.unlink()
            folder.rmdir()
    else:
        from urllib.parse import parse_qs, urlparse

        import psycopg
        from tests.postgres import postgres_cluster

        with postgres_cluster() as cluster:
            env.update(DATABASE_URL=cluster["DATABASE_URL"], COPRODUCE_TEST_DATABASE=cluster["COPRODUCE_TEST_DATABASE"])
            url = urlparse(cluster["DATABASE_URL"])
            host = parse_qs(url.query)["host"][0]
            with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{url.path.lstrip("/")}"')
            result = _run(env, args)

    runs = result["runs"]
    last = runs[-1]
    print()
    print("| database | texts | themes | time | of which reading and factorising | peak memory | load average |")
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        print(
            f"| {run['database']} | {run['texts']:,} | {len(run['themes'])} | {run['elapsed_s']:.0f} s "
            f"({run['elapsed_s'] / 60:.1f} min) | {run['read_and_factorise_s']:.0f} s | {run['peak_mb'] / 1024:.2f} GB "
            f"(process at rest {run['baseline_mb']} MB) | {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs |"
        )
    print("\nThemes found (largest first):")
    for theme in last["themes"]:
        print(f"  {theme['size']:>7,}  {', '.join(theme['terms'])}")
    if len(runs) > 1:
        same = len({run["fingerprint"] for run in runs}) == 1 and len({json.dumps(r["themes"]) for r in runs}) == 1
        print(f"\nSame data and seed, {len(runs)} runs: {'identical themes' if same else 'DIFFERENT themes'}.")
        if not same:
            return 1
    missed = last["elapsed_s"] > MINUTES_TARGET * 60 or last["peak_mb"] > MEMORY_TARGET_GB * 1024
    print(f"\nTargets: under {MINUTES_TARGET} minutes and under {MEMORY_TARGET_GB} GB on 2 cores.")
    if missed:
        print("Missed a target.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
