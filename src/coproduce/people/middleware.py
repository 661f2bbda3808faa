from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from coproduce.people.preferences import preferences_for


class PreferencesMiddleware:
    """Puts the reader's display preferences on the request and switches to their language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefs = preferences_for(request)
        request.preferences = prefs  # type: ignore[attr-defined]
        translation.activate(prefs.language)
        request.LANGUAGE_CODE = prefs.language
        return self.get_response(request)
