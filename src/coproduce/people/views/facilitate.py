from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.permissions import require_perm


@require_perm("people.facilitate")
def facilitate(request: HttpRequest) -> HttpResponse:
    """One page for the things facilitators look after, so the header stays short."""
    return render(request, "people/facilitate.html")
