"""Nominating pioneers, and the facilitators' list of nominations."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coproduce.core.permissions import check_perm, require_perm
from coproduce.organisations.models import Membership
from coproduce.people.forms_pioneers import PioneerNominationForm
from coproduce.people.models import Person
from coproduce.people.selectors.pioneers import pioneer_nominee_groups, pioneer_nominees
from coproduce.people.services.pioneers import PioneerNominationError, pioneer_nominate, pioneer_nomination_problem
from coproduce.people.visibility import narrowest_level, profile_consented, viewer_scope

NOMINEES_PER_PAGE = 20


def _visible_to(viewer: Person, person: Person) -> bool:
    """Whether the viewer may see that this person exists here at all, by the same rule as their profile."""
    organisation_ids = frozenset(Membership.objects.filter(person=person).values_list("organisation_id", flat=True))
    level = narrowest_level(
        viewer_scope(viewer),
        person,
        person_organisation_ids=organisation_ids,
        profile_consented=profile_consented(person),
    )
    return level is not None


def pioneer_nominate_view(request: HttpRequest, person_id: int) -> HttpResponse:
    check_perm(request, "people.nominate_pioneer")
    nominator: Person = request.user  # type: ignore[assignment]
    nominee = get_object_or_404(Person, pk=person_id)
    closed = nominee.closed_at is not None or not nominee.is_active
    if not closed and not _visible_to(nominator, nominee):
        # Someone whose profile is hidden is not shown to exist, here or anywhere else.
        raise Http404
    form = PioneerNominationForm(request.POST or None)
    problem = pioneer_nomination_problem(nominator=nominator, nominee=nominee)
    if request.method == "POST" and form.is_valid():
        try:
            pioneer_nominate(nominator=nominator, nominee=nominee, reason=form.cleaned_data["reason"])
        except PioneerNominationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you. Your nomination of %(name)s is with the facilitators.") % {"name": nominee.display_name},
            )
            return redirect("people:nominate", person_id=nominee.pk)
    elif request.method == "POST" and problem:
        form.add_error(None, problem)
    return render(
        request,
        "people/pioneers_nominate.html",
        {"nominee": nominee, "form": form, "problem": problem if request.method != "POST" else ""},
    )


@require_perm("people.view_pioneers")
def pioneer_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(pioneer_nominees(), NOMINEES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/pioneers_list.html",
        {"page": page, "groups": pioneer_nominee_groups(list(page.object_list))},
    )
