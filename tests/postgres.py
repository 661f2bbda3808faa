"""Run a command against a throwaway PostgreSQL cluster: `python -m tests.postgres -- pytest ...`.

The cluster lives in a temporary folder, listens only on a Unix socket there, and is removed afterwards. initdb
refuses to run as root, so as root the server runs as the unprivileged `nobody` user instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL's server programs (initdb, pg_ctl) were not found. Install them, for example:\n"
    "  Debian or Ubuntu: sudo apt-get install postgresql\n"
    "  macOS (Homebrew): brew install postgresql@16\n"
    "or point PG_BINDIR at the folder that holds initdb."
)


def find_bindir() -> Path:
    if env := os.environ.get("PG_BINDIR"):
        return Path(env)
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    sys.exit(INSTALL_HINT)


@contextmanager
def postgres_cluster() -> Iterator[dict[str, str]]:
    """Start a throwaway cluster and yield the environment that points at it (DATABASE_URL and
    COPRODUCE_TEST_DATABASE set); stop it and remove its folder afterwards, whatever happened."""
    bindir = find_bindir()
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "nobody", "--"] if as_root else []
    root = Path(tempfile.mkdtemp(prefix="coproduce-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if as_root:
        os.chmod(root, 0o755)
        for folder in (root, sock):
            shutil.chown(folder, "nobody")
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    try:
        subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        options = f"-k {sock} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=200"
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        yield {
            **env,
            "DATABASE_URL": f"postgres://postgres@/coproduce?host={sock}",
            "COPRODUCE_TEST_DATABASE": "postgresql",
        }
    finally:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        sys.exit("usage: python -m tests.postgres -- COMMAND [ARGS...]")
    with postgres_cluster() as env:
        return subprocess.run(argv, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
