"""Exchanges: time one account gives another, agreed first and counted once both sides say the same thing.

proposed → agreed (the other side accepts) or declined; agreed → done when one side records the time and date;
the hours count (one ledger transfer, keyed "exchange-<id>") only when both sides have confirmed the same minutes
and date. A side that records a different time sets the other side's confirmation aside, so the two must agree.
Either side may cancel until the hours count. If counting would take an account below its limit, the exchange waits,
both sides confirmed, until a facilitator approves it. A time broker records a finished exchange from a paper
record in one go (exchange_record_completed), and it counts at once.

Which side a person speaks for is decided by exchange_side: their own account first, so someone who is personally
one side never also answers for the other side, even when they work for the organisation on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, audited_with_key, place_get
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, Exchange, Listing, Transfer
from coproduce.timebank.services.ledger import BalanceLimitError, LedgerError, Leg, transfer_record

GIVER = "giver"
RECEIVER = "receiver"
OPEN_STATUSES = (Exchange.Status.PROPOSED, Exchange.Status.AGREED, Exchange.Status.DONE)
DESCRIPTION_MAX = 300


class ExchangeError(ValueError):
    """Something that cannot be done to an exchange now; the message is written for the person who tried."""


@dataclass(frozen=True)
class RecordOutcome:
    exchange: Exchange
    # The hours are in the ledger.
    counted: bool
    # Why they could not be counted yet although both sides agree (a balance limit, a closed account), or "".
    problem: str = ""
    # The problem is a balance limit a facilitator may lift.
    needs_approval: bool = False


def exchange_transfer_key(exchange: Exchange) -> str:
    return f"exchange-{exchange.pk}"


def account_acts_for(person: Person | None, account: Account) -> bool:
    return person is not None and bool(person.has_perm("timebank.act_for_account", account))


def exchange_side(person: Person | None, exchange: Exchange) -> str | None:
    """ "giver", "receiver" or None: which side of the exchange this person speaks for."""
    if person is None or not person.is_authenticated:
        return None
    for side, account in ((GIVER, exchange.giver), (RECEIVER, exchange.receiver)):
        if account.kind == Account.Kind.PERSON and account.person_id == person.pk:
            return side
    for side, account in ((GIVER, exchange.giver), (RECEIVER, exchange.receiver)):
        if account_acts_for(person, account):
            return side
    return None


def proposing_side(exchange: Exchange) -> str:
    """The side that asked. An answer to a listing comes from the side that does not own the listing."""
    listing_account_id = exchange.listing.account_id if exchange.listing_id and exchange.listing else None
    if listing_account_id == exchange.giver_id:
        return RECEIVER
    if listing_account_id == exchange.receiver_id:
        return GIVER
    receiver = exchange.receiver
    if receiver.kind == Account.Kind.PERSON and receiver.person_id == exchange.proposed_by_id:
        return RECEIVER
    return GIVER


def other_side(side: str) -> str:
    return RECEIVER if side == GIVER else GIVER


def side_account(exchange: Exchange, side: str) -> Account:
    return exchange.giver if side == GIVER else exchange.receiver


def side_confirmed(exchange: Exchange, side: str) -> bool:
    return (exchange.giver_confirmed_at if side == GIVER else exchange.receiver_confirmed_at) is not None


def waiting_for_approval(exchange: Exchange) -> bool:
    """Both sides agree on the time but the hours have not counted: a balance limit is in the way."""
    return (
        exchange.status == Exchange.Status.DONE
        and exchange.transfer_id is None
        and exchange.giver_confirmed_at is not None
        and exchange.receiver_confirmed_at is not None
    )


def _locked(exchange: Exchange) -> Exchange:
    return (
        Exchange.objects.select_for_update(of=("self",))
        .select_related(
            "giver__person",
            "giver__organisation",
            "giver__service__organisation",
            "receiver__person",
            "receiver__organisation",
            "receiver__service__organisation",
            "listing",
            "category",
        )
        .get(pk=exchange.pk)
    )


def _require_side(actor: Person, exchange: Exchange) -> str:
    side = exchange_side(actor, exchange)
    if side is None:
        raise ExchangeError(_("You are not part of this exchange."))
    return side


def _email_person_of(account: Account, *, subject: str, template: str, context: dict[str, object]) -> None:
    """Tell a person-account's owner; organisations read their exchanges on the page instead."""
    person = account.person if account.kind == Account.Kind.PERSON else None
    if person is None or not person.email or not person.is_active:
        return
    email_on_commit(to=person.email, subject=subject, template=template, context={"person": person, **context})


def exchange_propose(
    *, actor: Person, listing: Listing, account: Account, description: str, idempotency_key: str, site_url: str = ""
) -> Exchange:
    """Answer a listing for `account` ("I can help" to a request, "I'd like this" to an offer). The same form sent
    twice, or answering again while an exchange from the same account is still open, returns that exchange."""
    description = description.strip() or listing.title
    if len(description) > DESCRIPTION_MAX:
        raise ExchangeError(
            _("What you agree can be up to %(limit)s characters. It has %(count)s: please shorten it.")
            % {"limit": DESCRIPTION_MAX, "count": len(description)}
        )
    with transaction.atomic():
        listing = Listing.objects.select_for_update().select_related("account").get(pk=listing.pk)
        earlier = audited_with_key(action="timebank.exchange_propose", actor=actor, idempotency_key=idempotency_key)
        if earlier is not None:
            return Exchange.objects.get(pk=earlier.target_id)
        if not listing.is_open:
            raise ExchangeError(_("This listing has been taken off the board, so it cannot be answered."))
        if account.pk == listing.account_id or account_acts_for(actor, listing.account):
            raise ExchangeError(_("This is your own listing, so someone else needs to answer it."))
        if account.closed_at is not None or listing.account.closed_at is not None:
            raise ExchangeError(_("One of these timebank accounts is closed."))
        if listing.kind == Listing.Kind.OFFER:
            giver, receiver = listing.account, account
        else:
            giver, receiver = account, listing.account
        open_already = Exchange.objects.filter(
            listing=listing, giver=giver, receiver=receiver, status__in=OPEN_STATUSES
        ).first()
        if open_already is not None:
            return open_already
        exchange = Exchange.objects.create(
            listing=listing,
            giver=giver,
            receiver=receiver,
            description=description,
            category=listing.category,
            proposed_by=actor,
        )
        audit_record(
            actor=actor,
            action="timebank.exchange_propose",
            target=exchange,
            detail={"listing": listing.pk, "giver": giver.pk, "receiver": receiver.pk, "key": idempotency_key},
        )
        creator = listing.created_by
        if creator.email and creator.is_active and creator.pk != actor.pk:
            email_on_commit(
                to=creator.email,
                subject=_("Someone has answered “%(title)s”") % {"title": listing.title},
                template="timebank/email/exchanges_proposed.txt",
                context={
                    "person": creator,
                    "listing": listing,
                    "exchange": exchange,
                    "who": str(account),
                    "place": place_get(),
                    "link": f"{site_url}{reverse('timebank:exchange', args=[exchange.pk])}",
                },
            )
    return exchange


def exchange_accept(*, actor: Person, exchange: Exchange) -> Exchange:
    return _answer(actor=actor, exchange=exchange, status=Exchange.Status.AGREED)


def exchange_decline(*, actor: Person, exchange: Exchange) -> Exchange:
    return _answer(actor=actor, exchange=exchange, status=Exchange.Status.DECLINED)


def _answer(*, actor: Person, exchange: Exchange, status: str) -> Exchange:
    with transaction.atomic():
        exchange = _locked(exchange)
        side = _require_side(actor, exchange)
        if exchange.status == status:
            return exchange  # the same answer sent twice
        if exchange.status != Exchange.Status.PROPOSED:
            raise ExchangeError(_("This exchange has already been answered."))
        if side == proposing_side(exchange):
            raise ExchangeError(
                _("The other side needs to answer this. You can cancel it if you have changed your mind.")
            )
        exchange.status = status
        exchange.save(update_fields=["status", "updated_at"])
        action = "timebank.exchange_accept" if status == Exchange.Status.AGREED else "timebank.exchange_decline"
        audit_record(actor=actor, action=action, target=exchange, detail={"side": side})
    return exchange


def exchange_cancel(*, actor: Person | None, exchange: Exchange, side: str | None = None) -> Exchange:
    """Either side may call it off until the hours count. `side` is given only by account closing (actor None)."""
    with transaction.atomic():
        exchange = _locked(exchange)
        if actor is not None:
            side = _require_side(actor, exchange)
        if exchange.status == Exchange.Status.CANCELLED:
            return exchange
        if exchange.status not in OPEN_STATUSES or exchange.transfer_id is not None:
            raise ExchangeError(_("This exchange is finished, so it cannot be cancelled."))
        exchange.status = Exchange.Status.CANCELLED
        exchange.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="timebank.exchange_cancel", target=exchange, detail={"side": side})
    return exchange


def exchange_record_time(
    *,
    actor: Person,
    exchange: Exchange,
    minutes: int,
    occurred_on: date,
    idempotency_key: str = "",
    site_url: str = "",
) -> RecordOutcome:
    """One side says it happened: how long and when. When both sides have said the same, the hours count.

    A form sent again (the same key) changes nothing: after the other side has recorded a different time, a
    refreshed page must not quietly put back the first one."""
    if minutes <= 0:
        raise ExchangeError(_("The time must be more than zero."))
    if occurred_on > timezone.localdate():
        raise ExchangeError(_("The date it happened cannot be in the future."))
    with transaction.atomic():
        exchange = _locked(exchange)
        side = _require_side(actor, exchange)
        if idempotency_key and audited_with_key(
            action="timebank.exchange_record_time", actor=actor, idempotency_key=idempotency_key
        ):
            return RecordOutcome(exchange=exchange, counted=exchange.transfer_id is not None)
        if exchange.transfer_id is not None:
            raise ExchangeError(_("The hours for this exchange have already counted."))
        if exchange.status not in (Exchange.Status.AGREED, Exchange.Status.DONE):
            raise ExchangeError(_("Only an agreed exchange can be recorded as done."))
        now = timezone.now()
        same_as_recorded = exchange.minutes == minutes and exchange.occurred_on == occurred_on
        other = other_side(side)
        if not (exchange.status == Exchange.Status.DONE and same_as_recorded and side_confirmed(exchange, other)):
            # A first record, or a different one: the other side must now agree with this one.
            exchange.minutes, exchange.occurred_on = minutes, occurred_on
            setattr(exchange, f"{other}_confirmed_at", None)
        setattr(exchange, f"{side}_confirmed_at", now)
        exchange.status = Exchange.Status.DONE
        changed = ["minutes", "occurred_on", "giver_confirmed_at", "receiver_confirmed_at", "status", "updated_at"]
        exchange.save(update_fields=changed)
        audit_record(
            actor=actor,
            action="timebank.exchange_record_time",
            target=exchange,
            detail={"side": side, "minutes": minutes, "occurred_on": occurred_on.isoformat(), "key": idempotency_key},
        )
        if not side_confirmed(exchange, other):
            _email_person_of(
                side_account(exchange, other),
                subject=_("Please confirm the time for “%(what)s”") % {"what": exchange.description},
                template="timebank/email/exchanges_confirm.txt",
                context={
                    "exchange": exchange,
                    "who": str(side_account(exchange, side)),
                    "place": place_get(),
                    "link": f"{site_url}{reverse('timebank:exchange', args=[exchange.pk])}",
                },
            )
            return RecordOutcome(exchange=exchange, counted=False)
        return _count(actor=actor, exchange=exchange, approved_by=None)


def exchange_approve(*, actor: Person, exchange: Exchange) -> RecordOutcome:
    """A facilitator lets an agreed exchange take an account below its limit, and the hours count."""
    with transaction.atomic():
        exchange = _locked(exchange)
        if exchange.transfer_id is not None:
            return RecordOutcome(exchange=exchange, counted=True)
        if not waiting_for_approval(exchange):
            raise ExchangeError(_("Both sides need to confirm the same time before it can be approved."))
        if exchange_side(actor, exchange) is not None:
            raise ExchangeError(_("You are part of this exchange, so another facilitator needs to approve it."))
        outcome = _count(actor=actor, exchange=exchange, approved_by=actor)
        if outcome.counted:
            audit_record(actor=actor, action="timebank.exchange_approve", target=exchange)
        return outcome


def _count(*, actor: Person | None, exchange: Exchange, approved_by: Person | None) -> RecordOutcome:
    assert exchange.minutes is not None
    try:
        transfer = transfer_record(
            idempotency_key=exchange_transfer_key(exchange),
            legs=[Leg(exchange.giver_id, exchange.minutes), Leg(exchange.receiver_id, -exchange.minutes)],
            kind=Transfer.Kind.EXCHANGE,
            description=exchange.description,
            recorded_by=actor,
            occurred_on=exchange.occurred_on,
            category=exchange.category,
            approved_by=approved_by,
        )
    except BalanceLimitError as exc:
        # The confirmations stand; the exchange waits for a facilitator rather than being lost.
        return RecordOutcome(exchange=exchange, counted=False, problem=str(exc), needs_approval=True)
    except LedgerError as exc:
        return RecordOutcome(exchange=exchange, counted=False, problem=str(exc))
    exchange.transfer = transfer
    exchange.status = Exchange.Status.CONFIRMED
    exchange.save(update_fields=["transfer", "status", "updated_at"])
    return RecordOutcome(exchange=exchange, counted=True)


def exchange_record_completed(
    *,
    actor: Person | None,
    giver: Account,
    receiver: Account,
    minutes: int,
    occurred_on: date,
    description: str,
    category: Category | None,
    idempotency_key: str,
    brokered_by: Person | None = None,
    approved_by: Person | None = None,
) -> Exchange:
    """Record an exchange that has already happened, both sides agreeing (a time broker entering a paper record):
    it counts at once. The same idempotency key again returns the first exchange and moves nothing."""
    description = description.strip()
    if not description:
        raise ExchangeError(_("Say what the time was for."))
    if len(description) > DESCRIPTION_MAX:
        raise ExchangeError(
            _("What it was for can be up to %(limit)s characters. It has %(count)s: please shorten it.")
            % {"limit": DESCRIPTION_MAX, "count": len(description)}
        )
    if giver.pk == receiver.pk:
        raise ExchangeError(_("Choose two different people: someone cannot give time to themselves."))
    if occurred_on > timezone.localdate():
        raise ExchangeError(_("The date it happened cannot be in the future."))
    earlier = Exchange.objects.filter(transfer__idempotency_key=idempotency_key).first()
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            transfer = transfer_record(
                idempotency_key=idempotency_key,
                legs=[Leg(giver.pk, minutes), Leg(receiver.pk, -minutes)],
                kind=Transfer.Kind.EXCHANGE,
                description=description,
                recorded_by=actor,
                occurred_on=occurred_on,
                category=category,
                approved_by=approved_by,
            )
            now = timezone.now()
            exchange = Exchange.objects.create(
                giver=giver,
                receiver=receiver,
                description=description,
                category=category,
                minutes=minutes,
                occurred_on=occurred_on,
                status=Exchange.Status.CONFIRMED,
                proposed_by=actor or brokered_by or _someone_on(giver, receiver),
                giver_confirmed_at=now,
                receiver_confirmed_at=now,
                brokered_by=brokered_by,
                transfer=transfer,
            )
            audit_record(
                actor=actor,
                action="timebank.exchange_record",
                target=exchange,
                detail={
                    "giver": giver.pk,
                    "receiver": receiver.pk,
                    "minutes": minutes,
                    "brokered_by": brokered_by.pk if brokered_by else None,
                },
            )
    except IntegrityError:
        # The same submission, a moment earlier, on another connection: its exchange holds this transfer.
        earlier = Exchange.objects.filter(transfer__idempotency_key=idempotency_key).first()
        if earlier is None:
            raise
        return earlier
    return exchange


def _someone_on(giver: Account, receiver: Account) -> Person:
    """Who an exchange recorded by the system (the demo) is noted as proposed by: a person on it."""
    for account in (receiver, giver):
        if account.kind == Account.Kind.PERSON and account.person is not None:
            return account.person
    raise ExchangeError(_("An exchange needs a person on one side."))
