"""Loading framework files into the place."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from coproduce.core.services import audit_record
from coproduce.frameworks import FrameworkError, FrameworkInvalid, bundled_paths, framework_parse
from coproduce.people.models import Person
from coproduce.reflect.models import Framework


def framework_load(*, actor: Person | None, text: str | bytes, bundled: bool = False) -> Framework:
    """Check a framework file and keep it. Loading the same file twice is harmless; changing a loaded version is not.

    Raises FrameworkInvalid with every problem and its line.
    """
    definition = framework_parse(text)
    source = text.decode("utf-8") if isinstance(text, bytes) else text
    with transaction.atomic():
        existing = (
            Framework.objects.select_for_update().filter(slug=definition.slug, version=definition.version).first()
        )
        if existing is not None:
            if existing.source.strip() == source.strip():
                return existing
            # Rounds already answered against this version must keep meaning what they meant.
            raise FrameworkInvalid(
                [
                    FrameworkError(
                        None,
                        "version",
                        f"version {definition.version} of '{definition.slug}' is already loaded with different "
                        "content; give this file a new version number",
                    )
                ]
            )
        framework = Framework.objects.create(
            slug=definition.slug,
            version=definition.version,
            title=definition.title,
            kind=definition.kind,
            data=_plain(framework_parse_data(source)),
            source=source,
            bundled=bundled,
            loaded_by=actor,
        )
        if bundled:
            # Bundled files arrive with the code, at migrate, like the tables: the code's history records them.
            return framework
        audit_record(
            actor=actor,
            action="reflect.framework_load",
            target=framework,
            detail={"slug": framework.slug, "version": framework.version, "bundled": bundled},
        )
    return framework


def framework_parse_data(source: str) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(source)
    assert isinstance(data, dict)
    return data


def _plain(data: Any) -> Any:
    # YAML can hold dates and other types JSON cannot; a valid framework has none, but be sure before storing.
    if isinstance(data, dict):
        return {str(key): _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    return data


def frameworks_bundled_load() -> list[Framework]:
    """The frameworks that come with Coproduce, loaded once per version."""
    return [framework_load(actor=None, text=path.read_text(encoding="utf-8"), bundled=True) for path in bundled_paths()]


def frameworks_bundled_load_signal(**kwargs: Any) -> None:
    # After migrate, so that a new installation (and each test database) has the bundled frameworks.
    frameworks_bundled_load()
