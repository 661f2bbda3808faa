"""Where to send someone after a form: the `next` address they came with, only if it stays on this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def next_if_safe(request: HttpRequest) -> str:
    """The `next` address if it stays on this site, otherwise ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def safe_next(request: HttpRequest, default: str = "core:home") -> str:
    return next_if_safe(request) or reverse(default)
