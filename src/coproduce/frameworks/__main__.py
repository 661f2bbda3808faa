"""Check framework files: `python -m coproduce.frameworks FILE.yaml [FILE.yaml ...]`.

Exits 0 when every file is valid, 1 if any is invalid or cannot be read, and 2 when no file is named.
"""

import sys
from pathlib import Path

from coproduce.frameworks.loader import FrameworkInvalid, framework_parse


def main(paths: list[str]) -> int:
    if not paths:
        print("Usage: python -m coproduce.frameworks FILE.yaml [FILE.yaml ...]", file=sys.stderr)
        return 2
    status = 0
    for name in paths:
        try:
            framework = framework_parse(Path(name).read_bytes())
        except FrameworkInvalid as invalid:
            status = 1
            print(f"{name}: not a valid framework")
            for error in invalid.errors:
                print(f"  {error}")
        except OSError as error:
            status = 1
            print(f"{name}: {error.strerror}")
        else:
            count = len(framework.dimensions)
            print(f"{name}: {framework.title} {framework.version}, {count} dimension{'' if count == 1 else 's'}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
