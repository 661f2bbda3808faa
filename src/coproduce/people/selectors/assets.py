"""Reading community assets: the list and one asset, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from coproduce.people.models import CommunityAsset, Tag


def _approved_tags() -> Prefetch:
    return Prefetch("tags", queryset=Tag.objects.filter(status=Tag.Status.APPROVED).order_by("name"))


def community_asset_list() -> QuerySet[CommunityAsset]:
    return (
        CommunityAsset.objects.select_related("neighbourhood", "organisation")
        .prefetch_related(_approved_tags())
        .order_by("name", "pk")
    )


def community_asset_detail(asset_id: int) -> CommunityAsset:
    return (
        CommunityAsset.objects.select_related("neighbourhood", "organisation", "added_by")
        .prefetch_related(_approved_tags())
        .get(pk=asset_id)
    )
