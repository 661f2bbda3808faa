"""My exchanges, and one exchange's page with what each side can do next.

An exchange is seen only by the people on its sides, and by facilitators when it waits for their approval; anyone
else gets "not found", so nobody learns who is exchanging with whom.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import require_perm, signed_in_person
from coproduce.people.models import Person
from coproduce.timebank.forms_exchanges import RecordTimeForm
from coproduce.timebank.models import Exchange
from coproduce.timebank.selectors.board import people_sharing_profiles
from coproduce.timebank.selectors.exchanges import (
    exchange_detail,
    exchange_row,
    exchanges_waiting_for_approval,
    my_exchanges,
)
from coproduce.timebank.services.exchanges import (
    ExchangeError,
    RecordOutcome,
    exchange_accept,
    exchange_approve,
    exchange_cancel,
    exchange_decline,
    exchange_record_time,
    exchange_side,
    waiting_for_approval,
)
from coproduce.timebank.services.ledger import minutes_as_text


@require_perm("timebank.use")
def my_exchanges_page(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    approving = person.has_perm("timebank.approve_over_limit")
    return render(
        request,
        "timebank/exchanges_list.html",
        {
            "mine": my_exchanges(person),
            "awaiting_approval": exchanges_waiting_for_approval() if approving else None,
        },
    )


def _visible_exchange(request: HttpRequest, exchange_id: int) -> Exchange:
    """The exchange if this person may see it; otherwise "not found", whether or not it exists."""
    try:
        exchange = exchange_detail(exchange_id)
    except Exchange.DoesNotExist as exc:
        raise Http404 from exc
    person = signed_in_person(request)
    if exchange_side(person, exchange) is None and not _may_approve(person, exchange):
        raise Http404
    return exchange


def _may_approve(person: Person, exchange: Exchange) -> bool:
    return waiting_for_approval(exchange) and bool(person.has_perm("timebank.approve_over_limit"))


def _exchange_page(
    request: HttpRequest, exchange: Exchange, form: RecordTimeForm | None = None, *, status: int = 200
) -> HttpResponse:
    person = signed_in_person(request)
    row = exchange_row(person, exchange)
    if form is None and row.next_step in ("record", "confirm"):
        initial = {"minutes": exchange.minutes, "occurred_on": exchange.occurred_on} if exchange.minutes else {}
        form = RecordTimeForm(initial={key: value for key, value in initial.items() if value})
    people = [account.person_id for account in (exchange.giver, exchange.receiver) if account.person_id]
    return render(
        request,
        "timebank/exchanges_detail.html",
        {
            "exchange": exchange,
            "row": row,
            "form": form,
            "may_approve": _may_approve(person, exchange) and row.side is None,
            "sharing": people_sharing_profiles(people),
        },
        status=status,
    )


@require_perm("timebank.use")
def exchange_page(request: HttpRequest, exchange_id: int) -> HttpResponse:
    return _exchange_page(request, _visible_exchange(request, exchange_id))


def _party_exchange(request: HttpRequest, exchange_id: int) -> Exchange:
    exchange = _visible_exchange(request, exchange_id)
    if exchange_side(signed_in_person(request), exchange) is None:
        raise PermissionDenied
    return exchange


def _exchange_act(request: HttpRequest, exchange_id: int, action: Callable[..., object], done: str) -> HttpResponse:
    """Accept, decline or cancel: the same steps, each safe to repeat because the service checks the state."""
    exchange = _party_exchange(request, exchange_id)
    try:
        action(actor=signed_in_person(request), exchange=exchange)
    except ExchangeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("timebank:exchange", exchange_id=exchange.pk)


@require_POST
@require_perm("timebank.use")
def exchange_accept_view(request: HttpRequest, exchange_id: int) -> HttpResponse:
    return _exchange_act(
        request,
        exchange_id,
        exchange_accept,
        _("You have agreed. When it has happened, say so here and how long it took."),
    )


@require_POST
@require_perm("timebank.use")
def exchange_decline_view(request: HttpRequest, exchange_id: int) -> HttpResponse:
    return _exchange_act(
        request,
        exchange_id,
        exchange_decline,
        _("You have said no, thank you. Nothing more will happen with this exchange."),
    )


@require_POST
@require_perm("timebank.use")
def exchange_cancel_view(request: HttpRequest, exchange_id: int) -> HttpResponse:
    return _exchange_act(request, exchange_id, exchange_cancel, _("The exchange is cancelled. No hours have moved."))


def _say_outcome(request: HttpRequest, outcome: RecordOutcome) -> None:
    exchange = outcome.exchange
    if outcome.counted:
        messages.success(
            request,
            _("Thank you: %(time)s has counted. %(giver)s earned it and %(receiver)s spent it.")
            % {
                "time": minutes_as_text(exchange.minutes or 0),
                "giver": exchange.giver,
                "receiver": exchange.receiver,
            },
        )
    elif outcome.problem:
        messages.error(request, outcome.problem)
    else:
        messages.success(request, _("Thank you. The hours will count when the other side confirms the same time."))


@require_POST
@require_perm("timebank.use")
def exchange_record_view(request: HttpRequest, exchange_id: int) -> HttpResponse:
    exchange = _party_exchange(request, exchange_id)
    form = RecordTimeForm(request.POST)
    if form.is_valid():
        try:
            outcome = exchange_record_time(
                actor=signed_in_person(request),
                exchange=exchange,
                minutes=form.cleaned_data["minutes"],
                occurred_on=form.cleaned_data["occurred_on"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                site_url=site_url(request),
            )
        except ExchangeError as exc:
            form.add_error(None, str(exc))
        else:
            _say_outcome(request, outcome)
            return redirect("timebank:exchange", exchange_id=exchange.pk)
    return _exchange_page(request, exchange, form)


@require_POST
@require_perm("timebank.approve_over_limit")
def exchange_approve_view(request: HttpRequest, exchange_id: int) -> HttpResponse:
    exchange = _visible_exchange(request, exchange_id)
    try:
        outcome = exchange_approve(actor=signed_in_person(request), exchange=exchange)
    except ExchangeError as exc:
        messages.error(request, str(exc))
    else:
        _say_outcome(request, outcome)
        if outcome.counted:
            # It no longer waits for anyone, so its page is for its two sides again.
            return redirect("timebank:exchanges")
    return redirect("timebank:exchange", exchange_id=exchange.pk)
