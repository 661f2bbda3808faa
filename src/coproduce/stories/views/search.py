"""Story search: one GET page, so a search can be bookmarked, shared and paged without JavaScript. Open to
visitors, who find the stories their tellers shared with anyone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.stories.forms_search import StorySearchForm
from coproduce.stories.selectors.search import MOST_PAGES, StorySearchPage, stories_search
from coproduce.stories.selectors.stories import services_for_filter, themes_for_filter


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), MOST_PAGES)
    except ValueError:
        return 1


def story_search(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.pop("page", None)
    form = StorySearchForm(
        data or None, services=services_for_filter(request.user), themes=themes_for_filter(request.user)
    )
    results: StorySearchPage | None = None
    if form.is_bound and form.is_valid():
        service, theme = form.cleaned_data.get("service"), form.cleaned_data.get("theme")
        text = form.cleaned_data["q"]
        if text or service or theme:
            results = stories_search(
                request.user, text, service=service, theme=theme, page=_page_number(request.GET.get("page"))
            )
    return render(
        request,
        "stories/search.html",
        {"form": form, "results": results, "query": data.urlencode()},
    )
