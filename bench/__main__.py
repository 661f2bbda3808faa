"""Run every benchmark in this folder, one after another: each module here that defines `main(argv)`.

Each runs in its own process, so one benchmark's database and Django settings never leak into the next.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    folder = Path(__file__).parent
    failed = 0
    for module in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        source = folder / f"{module.name}.py"
        if module.name.startswith("_") or not source.exists() or "\ndef main(" not in source.read_text():
            continue
        print(f"== bench.{module.name}", flush=True)
        failed += 1 if subprocess.run([sys.executable, "-m", f"bench.{module.name}"]).returncode else 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
