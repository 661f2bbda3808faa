"""Reflection frameworks as data: YAML files checked against schema.json, read into plain dataclasses.

This package never imports Django, so a framework file can be checked anywhere (`python -m coproduce.frameworks
FILE.yaml`) and the bundled ones are tested without a database.
"""

from coproduce.frameworks.loader import (
    BUNDLED_DIR,
    Dimension,
    Framework,
    FrameworkError,
    FrameworkInvalid,
    Level,
    ScalePoint,
    Subjects,
    bundled_paths,
    framework_from_data,
    framework_parse,
)

__all__ = [
    "BUNDLED_DIR",
    "Dimension",
    "Framework",
    "FrameworkError",
    "FrameworkInvalid",
    "Level",
    "ScalePoint",
    "Subjects",
    "bundled_paths",
    "framework_from_data",
    "framework_parse",
]
