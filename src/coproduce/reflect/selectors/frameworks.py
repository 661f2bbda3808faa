"""Reads for the framework pages, and which framework versions are offered for new rounds."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from coproduce.reflect.models import Framework


def _version_key(framework: Framework) -> tuple[tuple[int, ...], float, int]:
    # By version number first ("1.10" is newer than "1.9"), so loading an old file again does not bring it back.
    numbers = tuple(int(part) for part in framework.version.split(".") if part.isdigit())
    return numbers, framework.loaded_at.timestamp(), framework.pk


def _newest_per_slug(frameworks: list[Framework]) -> dict[str, Framework]:
    newest: dict[str, Framework] = {}
    for framework in frameworks:
        current = newest.get(framework.slug)
        if current is None or _version_key(framework) > _version_key(current):
            newest[framework.slug] = framework
    return newest


def _listed() -> QuerySet[Framework]:
    # The stored file is only needed to download it; everything shown comes from `data`.
    return Framework.objects.defer("source").select_related("loaded_by")


def frameworks_offered() -> list[Framework]:
    """The frameworks a new round may use: the newest version of each that is not retired, by title."""
    offered = _newest_per_slug(list(_listed().filter(retired_at__isnull=True)))
    return sorted(offered.values(), key=lambda framework: framework.title.casefold())


@dataclass(frozen=True)
class FrameworkListing:
    offered: list[Framework]
    # Every other version: retired ones, and older ones a newer version has replaced.
    others: list[Framework]


def frameworks_listing() -> FrameworkListing:
    """Every version, each with how many rounds used it, split into those offered and the rest. One query."""
    frameworks = list(_listed().annotate(round_count=Count("rounds")).order_by("title", "slug", "-loaded_at"))
    offered = _newest_per_slug([framework for framework in frameworks if framework.retired_at is None])
    offered_ids = {framework.pk for framework in offered.values()}
    return FrameworkListing(
        offered=sorted(offered.values(), key=lambda framework: framework.title.casefold()),
        others=sorted(
            (framework for framework in frameworks if framework.pk not in offered_ids),
            key=lambda framework: (framework.title.casefold(), [-n for n in _version_key(framework)[0]]),
        ),
    )


@dataclass(frozen=True)
class FrameworkVersions:
    offered: Framework | None
    count: int


def framework_versions(framework: Framework) -> FrameworkVersions:
    """The version of this framework offered for new rounds (it may be this one), and how many versions exist."""
    versions = list(Framework.objects.defer("data", "source").filter(slug=framework.slug))
    offered = _newest_per_slug([version for version in versions if version.retired_at is None])
    return FrameworkVersions(offered=offered.get(framework.slug), count=len(versions))


def framework_round_count(framework: Framework) -> int:
    return framework.rounds.count()
