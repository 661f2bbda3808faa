"""Group activities: an organiser records hours for many people at once, paid by their organisation's account."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.core.permissions import require_perm
from coproduce.people.models import Person
from coproduce.timebank.forms_group import GroupActivityForm, PayerForm
from coproduce.timebank.models import Account
from coproduce.timebank.selectors.broker import Payer, group_payers
from coproduce.timebank.services.accounts import account_for_organisation, account_for_service
from coproduce.timebank.services.group import GroupActivityError, Share, group_activity_record
from coproduce.timebank.services.ledger import LedgerError, minutes_as_text


def _payer_account(payer: Payer) -> Account:
    return account_for_service(payer.service) if payer.service else account_for_organisation(payer.organisation)


@require_perm("timebank.record_group_activity")
def group(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, Person)
    payers = group_payers(person)
    by_value = {payer.value: payer for payer in payers}
    may_approve = bool(person.has_perm("timebank.approve_over_limit"))

    if request.method == "POST":
        payer = by_value.get(request.POST.get("payer", ""))
        if payer is None:
            messages.error(request, _("Choose one of the organisations or services you help run."))
            return redirect("timebank:group")
        searching = GroupActivityForm.wants_search(request.POST)
        form = GroupActivityForm(
            request.POST, searching=searching, organisation_id=payer.organisation_id, may_approve=may_approve
        )
        if not searching and form.is_valid():
            data = form.cleaned_data
            shares = [Share(person=someone, minutes=minutes) for someone, minutes in form.shares()]
            try:
                group_activity_record(
                    actor=person,
                    payer=_payer_account(payer),
                    shares=shares,
                    occurred_on=data["occurred_on"],
                    description=data["description"],
                    category=data["category"],
                    idempotency_key=f"group-{data['idempotency_key']}",
                    approved_by=person if data.get("approve") else None,
                )
            except (GroupActivityError, LedgerError) as exc:
                form.add_error(None, str(exc))
            else:
                total = sum(share.minutes for share in shares)
                messages.success(
                    request,
                    ngettext(
                        "Recorded: %(n)s person earned %(total)s from %(payer)s.",
                        "Recorded: %(n)s people earned %(total)s between them from %(payer)s.",
                        len(shares),
                    )
                    % {"n": len(shares), "total": minutes_as_text(total), "payer": payer.label},
                )
                return redirect("timebank:group")
        return render(request, "timebank/group_form.html", {"form": form, "payer": payer})

    payer_form = PayerForm(
        request.GET if "payer" in request.GET else None, payers=[(payer.value, payer.label) for payer in payers]
    )
    chosen: Payer | None = None
    if len(payers) == 1 and not payer_form.is_bound:
        chosen = payers[0]
    elif payer_form.is_bound and payer_form.is_valid():
        chosen = by_value[payer_form.cleaned_data["payer"]]
    if chosen is None:
        return render(request, "timebank/group_payer.html", {"form": payer_form, "payers": payers})
    form = GroupActivityForm(
        initial={"payer": chosen.value}, organisation_id=chosen.organisation_id, may_approve=may_approve
    )
    return render(
        request, "timebank/group_form.html", {"form": form, "payer": chosen, "can_change_payer": len(payers) > 1}
    )
