"""Framework versions in the database: which are offered for new rounds, retiring one and bringing it back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coproduce.core.models import AuditEntry
from coproduce.frameworks import FrameworkInvalid, bundled_paths
from coproduce.reflect.models import Framework
from coproduce.reflect.selectors.frameworks import framework_versions, frameworks_listing, frameworks_offered
from coproduce.reflect.services.framework_retirement import framework_bring_back, framework_retire
from coproduce.reflect.services.frameworks import framework_load
from tests.factories import ReflectionRoundFactory, bundled_framework

pytestmark = pytest.mark.django_db


def framework_text(slug: str = "our-own", version: str = "1", title: str = "Our own tool") -> str:
    return f"""\
format: coproduce-framework/1
slug: {slug}
version: "{version}"
title: {title}
summary: A tool an organisation holds a licence for.
credit: Written by the organisation.
kind: rating
scale:
  - value: 1
    label: Not yet
  - value: 2
    label: Mostly
dimensions:
  - key: listening
    title: Listening
    question: How well do we listen?
    easy_read: Do we listen?
"""


def offered_versions() -> dict[str, str]:
    return {framework.slug: framework.version for framework in frameworks_offered()}


def test_migrate_loads_every_bundled_framework_once() -> None:
    slugs = sorted(path.stem for path in bundled_paths())

    assert sorted(Framework.objects.filter(bundled=True).values_list("slug", flat=True)) == slugs
    assert offered_versions() == dict.fromkeys(slugs, "1.0")
    assert [f.title for f in frameworks_offered()] == sorted(f.title for f in frameworks_offered())


def test_a_new_version_replaces_the_old_one_for_new_rounds(place_admin) -> None:
    first = framework_load(actor=place_admin, text=framework_text(version="1"))
    second = framework_load(actor=place_admin, text=framework_text(version="1.1", title="Our own tool, revised"))

    assert offered_versions()["our-own"] == "1.1"
    assert framework_versions(first).offered == second
    assert framework_versions(first).count == 2


def test_newest_is_by_version_number_not_by_when_it_was_loaded(place_admin) -> None:
    ten = framework_load(actor=place_admin, text=framework_text(version="1.10"))
    nine = framework_load(actor=place_admin, text=framework_text(version="1.9"))
    Framework.objects.filter(pk=ten.pk).update(loaded_at=nine.loaded_at - timedelta(days=1))

    assert offered_versions()["our-own"] == "1.10"


def test_retiring_the_newest_version_offers_the_one_before_and_retiring_both_offers_none(place_admin) -> None:
    first = framework_load(actor=place_admin, text=framework_text(version="1"))
    second = framework_load(actor=place_admin, text=framework_text(version="2"))

    framework_retire(actor=place_admin, framework=second)
    assert offered_versions()["our-own"] == "1"

    framework_retire(actor=place_admin, framework=first)
    assert "our-own" not in offered_versions()
    assert framework_versions(first).offered is None

    framework_bring_back(actor=place_admin, framework=second)
    assert offered_versions()["our-own"] == "2"


def test_retiring_keeps_the_version_for_the_rounds_that_used_it(place_admin) -> None:
    framework = bundled_framework("how-are-we-doing")
    round_ = ReflectionRoundFactory(framework=framework)

    framework_retire(actor=place_admin, framework=framework)

    round_.refresh_from_db()
    assert round_.framework == framework and framework.retired_at is not None
    assert "how-are-we-doing" not in offered_versions()


def test_retire_and_bring_back_are_audited_and_doing_either_twice_changes_nothing(place_admin) -> None:
    framework = framework_load(actor=place_admin, text=framework_text())

    framework_retire(actor=place_admin, framework=framework)
    retired_at = Framework.objects.get(pk=framework.pk).retired_at
    framework_retire(actor=place_admin, framework=framework)
    assert Framework.objects.get(pk=framework.pk).retired_at == retired_at

    framework_bring_back(actor=place_admin, framework=framework)
    framework_bring_back(actor=place_admin, framework=framework)
    assert Framework.objects.get(pk=framework.pk).retired_at is None

    actions = list(
        AuditEntry.objects.filter(target_id=str(framework.pk), action__startswith="reflect.framework_")
        .order_by("pk")
        .values_list("action", "actor_label")
    )
    assert actions == [
        ("reflect.framework_load", "Pat"),
        ("reflect.framework_retire", "Pat"),
        ("reflect.framework_bring_back", "Pat"),
    ]


def test_the_listing_splits_offered_from_other_versions_and_counts_rounds(place_admin) -> None:
    old = framework_load(actor=place_admin, text=framework_text(version="1"))
    new = framework_load(actor=place_admin, text=framework_text(version="2"))
    ladder = bundled_framework("ladder")
    framework_retire(actor=place_admin, framework=ladder)
    ReflectionRoundFactory.create_batch(2, framework=old)

    listing = frameworks_listing()

    assert new in listing.offered and old not in listing.offered and ladder not in listing.offered
    assert [f.pk for f in listing.others] == [old.pk, ladder.pk]
    assert {f.pk: f.round_count for f in listing.others}[old.pk] == 2


def test_loading_the_same_file_twice_keeps_one_and_a_changed_file_needs_a_new_version(place_admin) -> None:
    first = framework_load(actor=place_admin, text=framework_text())
    again = framework_load(actor=place_admin, text=framework_text())
    assert again == first

    with pytest.raises(FrameworkInvalid) as raised:
        framework_load(actor=place_admin, text=framework_text(title="Changed without a new version"))
    assert "give this file a new version number" in str(raised.value)
    assert Framework.objects.filter(slug="our-own").count() == 1
