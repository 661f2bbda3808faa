from __future__ import annotations

import subprocess
import sys

_IMPORT_PRODUCTION = """
import os
os.environ["SECRET_KEY"] = "x" * 50
os.environ["ALLOWED_HOSTS"] = "coproduce.example"
os.environ["DATABASE_URL"] = "postgres://coproduce:secret@localhost:5432/coproduce"
os.environ["COPRODUCE_DEMO_MODE"] = {demo_mode!r}
import coproduce.config.settings.production
"""


def _import_production(demo_mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _IMPORT_PRODUCTION.format(demo_mode=demo_mode)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_demo_mode():
    result = _import_production("1")
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr


def test_production_settings_import_without_demo_mode():
    # The control: the refusal above is about demo mode, not a missing variable.
    result = _import_production("0")
    assert result.returncode == 0, result.stderr
