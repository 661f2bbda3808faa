from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from coproduce.accounts.two_factor import second_factor_required
from coproduce.core.permissions import is_public

# Pages a person who still owes a second factor may reach: the 2FA pages themselves, signing out, and the
# pages every visitor may read.
_ALLOWED_PREFIXES = ("/static/", "/sign-out/", "/sign-in/", "/accessibility/", "/privacy/", "/settings/")


class TwoFactorRequiredMiddleware:
    """Admins, and anyone who has turned two-step sign-in on, must give a code before they reach anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        # Decided per view, so that a page marked public (core.permissions.public) is never held back.
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not is_public(view_func)
            and not user.is_verified()  # type: ignore[attr-defined]
            and second_factor_required(user)
        ):
            return redirect(f"{reverse('accounts:two-factor')}?{urlencode({'next': request.get_full_path()})}")
        return None
