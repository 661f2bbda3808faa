"""Community assets: anyone may read the list and each page; facilitators and admins add and change them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.core.permissions import check_perm, require_perm
from coproduce.people.forms_assets import CommunityAssetForm
from coproduce.people.models import CommunityAsset
from coproduce.people.selectors.assets import community_asset_detail, community_asset_list
from coproduce.people.services.assets import AssetError, community_asset_create, community_asset_update

ASSETS_PER_PAGE = 50


def _asset(asset_id: int) -> CommunityAsset:
    try:
        return community_asset_detail(asset_id)
    except CommunityAsset.DoesNotExist as exc:
        raise Http404 from exc


def asset_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(community_asset_list(), ASSETS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "people/assets_list.html", {"page": page})


def asset_detail(request: HttpRequest, asset_id: int) -> HttpResponse:
    return render(request, "people/assets_detail.html", {"asset": _asset(asset_id)})


@require_perm("people.add_community_asset")
def asset_create(request: HttpRequest) -> HttpResponse:
    form = CommunityAssetForm(request.POST or None, actor=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            asset = community_asset_create(actor=request.user, **form.service_kwargs())  # type: ignore[arg-type]
        except (AssetError, ValidationError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("%(name)s is added. People can find it now.") % {"name": asset.name})
            return redirect("people:asset", asset_id=asset.pk)
    return render(request, "people/assets_form.html", {"form": form, "asset": None})


def asset_edit(request: HttpRequest, asset_id: int) -> HttpResponse:
    asset = _asset(asset_id)
    check_perm(request, "people.change_community_asset", asset)
    # The form writes what was typed onto its instance as it validates; the page keeps showing the saved name.
    saved_name = asset.name
    form = CommunityAssetForm(request.POST or None, instance=asset, actor=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            community_asset_update(actor=request.user, asset=asset, **form.service_kwargs())  # type: ignore[arg-type]
        except (AssetError, ValidationError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("people:asset", asset_id=asset.pk)
    return render(request, "people/assets_form.html", {"form": form, "asset": asset, "saved_name": saved_name})
