""" "Who can help?": one GET page, so a search can be bookmarked, shared and paged without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.permissions import require_perm
from coproduce.people.forms_search import SearchForm
from coproduce.people.selectors.search import SearchPage, who_can_help
from coproduce.people.visibility import viewer_scope

# Beyond this a page number is a mistake or a robot; the search shows the last page instead.
_MOST_PAGES = 10_000


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), _MOST_PAGES)
    except ValueError:
        return 1


@require_perm("people.search_people")
def search(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.pop("page", None)
    if data:
        # A link that names only some of the form (a bookmark, a tag on a profile) searches both kinds.
        data.setdefault("subjects", "both")
    form = SearchForm(data or None)
    results: SearchPage | None = None
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["q"]
        filters = form.filters()
        if text or filters.any:
            results = who_can_help(
                scope=viewer_scope(request.user),
                text=text,
                filters=filters,
                page=_page_number(request.GET.get("page")),
            )
    return render(
        request,
        "people/search_page.html",
        {"form": form, "results": results, "query": data.urlencode()},
    )
