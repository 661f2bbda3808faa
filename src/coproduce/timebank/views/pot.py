"""The community pot: its balance and recent grants; giving hours to it; facilitators granting from it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.permissions import require_perm, signed_in_person
from coproduce.timebank.forms_pot import DonateForm, GrantForm
from coproduce.timebank.selectors.pot import pot_page
from coproduce.timebank.services.accounts import account_for_person, community_pot
from coproduce.timebank.services.ledger import LedgerError, minutes_as_text
from coproduce.timebank.services.pot import PotError, pot_donate, pot_grant


def _pot_page(
    request: HttpRequest, donate: DonateForm | None = None, grant: GrantForm | None = None, *, status: int = 200
) -> HttpResponse:
    person = signed_in_person(request)
    may_grant = bool(person.has_perm("timebank.grant_from_pot"))
    if may_grant and grant is None:
        grant = GrantForm()
    return render(
        request,
        "timebank/pot_page.html",
        {
            "pot": pot_page(community_pot()),
            "my_balance": account_for_person(person).balance_minutes,
            "donate": donate or DonateForm(),
            "grant": grant if may_grant else None,
            "may_grant": may_grant,
        },
        status=status,
    )


@require_perm("timebank.use")
def pot(request: HttpRequest) -> HttpResponse:
    return _pot_page(request)


@require_POST
@require_perm("timebank.use")
def pot_give(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = DonateForm(request.POST)
    if form.is_valid():
        try:
            pot_donate(
                actor=person,
                donor=person,
                minutes=form.cleaned_data["minutes"],
                note=form.cleaned_data["note"],
                idempotency_key=f"donation-{form.cleaned_data['idempotency_key']}",
            )
        except (PotError, LedgerError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you for giving %(time)s to the community pot.")
                % {"time": minutes_as_text(form.cleaned_data["minutes"])},
            )
            return redirect("timebank:pot")
    return _pot_page(request, donate=form)


@require_POST
@require_perm("timebank.grant_from_pot")
def pot_grant_view(request: HttpRequest) -> HttpResponse:
    searching = GrantForm.wants_search(request.POST)
    form = GrantForm(request.POST, searching=searching)
    if not searching and form.is_valid():
        data = form.cleaned_data
        try:
            pot_grant(
                actor=signed_in_person(request),
                recipient=data["recipient"],
                minutes=data["minutes"],
                description=data["description"],
                category=data["category"],
                idempotency_key=f"grant-{data['idempotency_key']}",
            )
        except (PotError, LedgerError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s has been given %(time)s from the pot.")
                % {"name": data["recipient"].display_name, "time": minutes_as_text(data["minutes"])},
            )
            return redirect("timebank:pot")
    return _pot_page(request, grant=form)
