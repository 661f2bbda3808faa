"""Community assets: the groups, places, clubs and resources a place already has. Each write is audited and
re-indexed in the same transaction, so "Who can help?" finds an asset the moment it is saved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import CommunityAsset, Neighbourhood, Person, Tag
from coproduce.people.search import search_index_asset

if TYPE_CHECKING:
    from coproduce.organisations.models import Organisation


class AssetError(ValueError):
    pass


def _approved_only(tags: Sequence[Tag]) -> list[Tag]:
    waiting = sorted(tag.name for tag in tags if tag.status != Tag.Status.APPROVED)
    if waiting:
        # Unreviewed words must not become how the place finds things.
        raise AssetError(
            _("These are not in the shared list, so they cannot be added: %(names)s.") % {"names": ", ".join(waiting)}
        )
    return list({tag.pk: tag for tag in tags}.values())


def _asset_fields(
    *,
    name: str,
    kind: str,
    offers: str,
    when: str,
    where: str,
    neighbourhood: Neighbourhood | None,
    access: str,
    contact: str,
    organisation: Organisation | None,
) -> dict[str, object]:
    """The asset's own fields as they will be stored, for both adding and changing one."""
    if kind not in CommunityAsset.Kind.values:
        raise AssetError(_("Choose what kind of thing it is."))
    return {
        "name": name.strip(),
        "kind": kind,
        "offers": offers.strip(),
        "when": when.strip(),
        "where": where.strip(),
        "neighbourhood": neighbourhood,
        "access": access.strip(),
        "contact": contact.strip(),
        "organisation": organisation,
    }


def community_asset_create(
    *,
    actor: Person | None,
    name: str,
    kind: str,
    offers: str,
    tags: Sequence[Tag] = (),
    when: str = "",
    where: str = "",
    neighbourhood: Neighbourhood | None = None,
    access: str = "",
    contact: str = "",
    organisation: Organisation | None = None,
) -> CommunityAsset:
    fields = _asset_fields(
        name=name,
        kind=kind,
        offers=offers,
        when=when,
        where=where,
        neighbourhood=neighbourhood,
        access=access,
        contact=contact,
        organisation=organisation,
    )
    approved = _approved_only(tags)
    with transaction.atomic():
        asset = CommunityAsset(**fields, added_by=actor if actor is not None and actor.pk else None)
        asset.full_clean()
        asset.save()
        asset.tags.set(approved)
        search_index_asset(asset)
        audit_record(
            actor=actor,
            action="community_asset.create",
            target=asset,
            detail={"tags": sorted(tag.name for tag in approved)},
        )
    return asset


def community_asset_update(
    *,
    actor: Person,
    asset: CommunityAsset,
    name: str,
    kind: str,
    offers: str,
    tags: Sequence[Tag] = (),
    when: str = "",
    where: str = "",
    neighbourhood: Neighbourhood | None = None,
    access: str = "",
    contact: str = "",
    organisation: Organisation | None = None,
) -> CommunityAsset:
    wanted = _asset_fields(
        name=name,
        kind=kind,
        offers=offers,
        when=when,
        where=where,
        neighbourhood=neighbourhood,
        access=access,
        contact=contact,
        organisation=organisation,
    )
    approved = _approved_only(tags)
    with transaction.atomic():
        asset = CommunityAsset.objects.select_for_update().get(pk=asset.pk)
        changed = sorted(field for field, value in wanted.items() if getattr(asset, field) != value)
        for field in changed:
            setattr(asset, field, wanted[field])
        before = set(asset.tags.values_list("pk", flat=True))
        after = {tag.pk for tag in approved}
        if before != after:
            changed.append("tags")
        if not changed:
            return asset
        asset.full_clean()
        asset.save()
        asset.tags.set(approved)
        search_index_asset(asset)
        audit_record(
            actor=actor,
            action="community_asset.update",
            target=asset,
            detail={"changed": changed, "tags": sorted(tag.name for tag in approved)},
        )
    return asset
