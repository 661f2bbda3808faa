"""My actions, and the actions running late across the place."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.permissions import require_perm, signed_in_person
from coproduce.plans.forms import OrganisationFilterForm
from coproduce.plans.selectors import DUE_SOON_DAYS, FINISHED_SHOWN, OPEN_SHOWN, actions_overdue, my_actions_grouped

OVERDUE_PER_PAGE = 50


@require_perm("plans.view_plan")
def my_actions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/my_actions.html",
        {
            "mine": my_actions_grouped(signed_in_person(request)),
            "soon_days": DUE_SOON_DAYS,
            "open_shown": OPEN_SHOWN,
            "finished_shown": FINISHED_SHOWN,
        },
    )


@require_perm("plans.view_overdue")
def overdue(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisation = form.chosen()
    page = Paginator(actions_overdue(organisation=organisation), OVERDUE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/overdue.html",
        {"form": form, "page": page, "query": query.urlencode(), "organisation": organisation},
    )
