"""The Connect front page: what a person can do here, and what they have going on."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.permissions import require_perm


@require_perm("connect.use")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "connect/home.html", {})
