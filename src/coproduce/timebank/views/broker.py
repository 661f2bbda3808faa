"""A time broker records a finished exchange from a paper record, for two members who do not use computers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.core.permissions import require_perm
from coproduce.people.models import Person
from coproduce.timebank.forms_exchanges import BrokerForm
from coproduce.timebank.selectors.broker import brokered_recently
from coproduce.timebank.services.accounts import account_for_person
from coproduce.timebank.services.exchanges import ExchangeError, exchange_record_completed
from coproduce.timebank.services.ledger import LedgerError, minutes_as_text


@require_perm("timebank.broker")
def broker(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, Person)
    may_approve = bool(person.has_perm("timebank.approve_over_limit"))
    if request.method != "POST":
        form = BrokerForm(may_approve=may_approve)
    else:
        searching = BrokerForm.wants_search(request.POST)
        form = BrokerForm(request.POST, searching=searching, may_approve=may_approve)
        if not searching and form.is_valid():
            data = form.cleaned_data
            try:
                exchange = exchange_record_completed(
                    actor=person,
                    giver=account_for_person(data["giver"]),
                    receiver=account_for_person(data["receiver"]),
                    minutes=data["minutes"],
                    occurred_on=data["occurred_on"],
                    description=data["description"],
                    category=data["category"],
                    idempotency_key=f"broker-{data['idempotency_key']}",
                    brokered_by=person,
                    approved_by=person if data.get("approve") else None,
                )
            except (ExchangeError, LedgerError) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Recorded: %(giver)s gave %(receiver)s %(time)s. It has counted.")
                    % {
                        "giver": data["giver"].display_name,
                        "receiver": data["receiver"].display_name,
                        "time": minutes_as_text(exchange.minutes or 0),
                    },
                )
                return redirect("timebank:broker")
    return render(request, "timebank/broker_form.html", {"form": form, "recent": brokered_recently(person)})
