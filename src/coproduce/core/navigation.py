"""The header navigation: each app's AppConfig lists the areas it adds, so a new app appears by declaring one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.urls import reverse

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Area:
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    # A rules permission the person must hold; None shows the area to everyone, "signed_in" to anyone signed in.
    permission: str | None = None
    # One line for the home page's list of what you can do here.
    summary: Any = ""


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool
    summary: str


def navigation_for(request: HttpRequest) -> list[NavItem]:
    areas: list[Area] = []
    for config in apps.get_app_configs():
        areas.extend(getattr(config, "areas", []))
    user = request.user
    visible = [
        area
        for area in sorted(areas, key=lambda a: a.order)
        if area.permission is None
        or (area.permission == "signed_in" and user.is_authenticated)
        or (area.permission not in (None, "signed_in") and user.has_perm(area.permission))
    ]
    urls = [reverse(area.url_name) for area in visible]
    # The area whose address is the longest prefix of this page is the current one: /people/me/ is "My profile",
    # not also "Who can help?" at /people/.
    matching = [url for url in urls if request.path == url or (url != "/" and request.path.startswith(url))]
    current = max(matching, key=len, default=None)
    return [
        NavItem(label=str(area.label), url=url, current=url == current, summary=str(area.summary))
        for area, url in zip(visible, urls, strict=True)
    ]
