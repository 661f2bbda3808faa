"""The people the place's thresholds suggest for badges, for the people who award them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.permissions import require_perm
from coproduce.recognition.selectors.suggestions import badge_suggestions


@require_perm("recognition.view_suggestions")
def suggestions(request: HttpRequest) -> HttpResponse:
    return render(request, "recognition/suggestions_list.html", {"groups": badge_suggestions()})
