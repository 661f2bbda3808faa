"""The community pot: anyone may give it hours from their own balance; facilitators grant hours from it to someone
who needs them. The pot never goes below zero (its own limit, which no approval lifts)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import Person
from coproduce.timebank.models import Category, Transfer
from coproduce.timebank.services.accounts import account_for_person, community_pot
from coproduce.timebank.services.ledger import Leg, minutes_as_text, transfer_record
from coproduce.timebank.services.submissions import accounts_lock, transfer_with_key

NOTE_MAX = 300


class PotError(ValueError):
    """A gift or grant that cannot be made; the message is written for the person who tried."""


def _check_text(text: str, *, what: str) -> str:
    text = text.strip()
    if len(text) > NOTE_MAX:
        raise PotError(
            _("%(what)s can be up to %(limit)s characters. It has %(count)s: please shorten it.")
            % {"what": what, "limit": NOTE_MAX, "count": len(text)}
        )
    return text


def pot_donate(*, actor: Person | None, donor: Person, minutes: int, note: str, idempotency_key: str) -> Transfer:
    """Give hours from the donor's own balance to the pot. Only hours the donor has can be given: the pot is for
    time already earned, not for going into debt on someone else's behalf."""
    note = _check_text(note, what=_("Your note"))
    if minutes <= 0:
        raise PotError(_("The time must be more than zero."))
    pot, account = community_pot(), account_for_person(donor)
    with transaction.atomic():
        locked = accounts_lock([pot.pk, account.pk])
        if transfer_with_key(idempotency_key) is None:
            balance = locked[account.pk].balance_minutes
            if minutes > balance:
                raise PotError(
                    _("You can give up to the hours you have earned: %(balance)s at the moment.")
                    % {"balance": minutes_as_text(max(balance, 0))}
                )
            repeated = False
        else:
            repeated = True
        transfer = transfer_record(
            idempotency_key=idempotency_key,
            legs=[Leg(account.pk, -minutes), Leg(pot.pk, minutes)],
            kind=Transfer.Kind.DONATION,
            description=note or _("A gift to the community pot"),
            recorded_by=actor,
        )
        if not repeated:
            audit_record(actor=actor, action="timebank.pot_donate", target=transfer, detail={"minutes": minutes})
    return transfer


def pot_grant(
    *,
    actor: Person | None,
    recipient: Person,
    minutes: int,
    description: str,
    category: Category | None,
    idempotency_key: str,
) -> Transfer:
    """Give hours from the pot to someone (a facilitator's decision; the view checks the permission)."""
    description = _check_text(description, what=_("What the hours are for"))
    if actor is not None and actor.pk == recipient.pk:
        raise PotError(_("Someone else needs to grant hours to you from the pot."))
    if not description:
        raise PotError(_("Say what the hours are for."))
    if minutes <= 0:
        raise PotError(_("The time must be more than zero."))
    pot, account = community_pot(), account_for_person(recipient)
    with transaction.atomic():
        locked = accounts_lock([pot.pk, account.pk])
        repeated = transfer_with_key(idempotency_key) is not None
        if not repeated and minutes > locked[pot.pk].balance_minutes:
            raise PotError(
                _("The pot has %(balance)s to give at the moment. Grant that or less.")
                % {"balance": minutes_as_text(max(locked[pot.pk].balance_minutes, 0))}
            )
        transfer = transfer_record(
            idempotency_key=idempotency_key,
            legs=[Leg(pot.pk, -minutes), Leg(account.pk, minutes)],
            kind=Transfer.Kind.GRANT,
            description=description,
            recorded_by=actor,
            category=category,
        )
        if not repeated:
            audit_record(
                actor=actor,
                action="timebank.pot_grant",
                target=transfer,
                detail={"recipient": recipient.pk, "minutes": minutes},
            )
    return transfer
