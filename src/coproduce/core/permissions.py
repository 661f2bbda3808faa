"""One way for views to ask "may this person do this?": visitors are sent to sign in, others get a 403 page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from coproduce.people.models import Person

View = TypeVar("View", bound=Callable[..., HttpResponse])


def check_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Raise the right thing when the person may not: SignInRequired for visitors, PermissionDenied otherwise."""
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise SignInRequired
    raise PermissionDenied


class SignInRequired(Exception):
    """Raised for a visitor who must sign in; the middleware turns it into a redirect to the sign-in page."""


def require_perm(perm: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


class SignInRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None


def public(view: View) -> View:
    """Mark a page anyone may read, signed in or not and whatever sign-in step they owe: documents other systems
    fetch (a badge's issuer, keys and revocation list) and pages such as checking a badge."""
    view.coproduce_public = True  # type: ignore[attr-defined]
    return view


def is_public(view: Any) -> bool:
    return bool(getattr(view, "coproduce_public", False))


def signed_in_person(request: HttpRequest) -> Person:
    """The person behind a request that a permission check has already let through, so is signed in."""
    from coproduce.people.models import Person

    assert isinstance(request.user, Person)
    return request.user
