from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coproduce.accounts.forms import SignInForm


def safe_next(request: HttpRequest, default: str = "core:home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    from django.urls import reverse

    return reverse(default)


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        assert form.person is not None
        login(request, form.person, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(safe_next(request))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": safe_next(request), "demo_mode": settings.COPRODUCE_DEMO_MODE},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:home")
