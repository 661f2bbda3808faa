"""Group activities: one organiser records hours for many people at once ("12 people × 2 hours at the community
garden"). It is one transfer: the organisation's (or service's) account gives, each person earns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, Transfer
from coproduce.timebank.services.accounts import account_for_person
from coproduce.timebank.services.ledger import Leg, transfer_record
from coproduce.timebank.services.submissions import accounts_lock, transfer_with_key

DESCRIPTION_MAX = 300


class GroupActivityError(ValueError):
    """A group activity that cannot be recorded; the message is written for the organiser."""


@dataclass(frozen=True)
class Share:
    person: Person
    minutes: int


def group_activity_record(
    *,
    actor: Person | None,
    payer: Account,
    shares: list[Share],
    occurred_on: date,
    description: str,
    category: Category | None,
    idempotency_key: str,
    approved_by: Person | None = None,
) -> Transfer:
    """One transfer with a leg for each person and one for the account that gives the hours. The same key again
    returns the first transfer and moves nothing."""
    description = description.strip()
    if not description:
        raise GroupActivityError(_("Say what the activity was."))
    if len(description) > DESCRIPTION_MAX:
        raise GroupActivityError(
            _("What the activity was can be up to %(limit)s characters. It has %(count)s: please shorten it.")
            % {"limit": DESCRIPTION_MAX, "count": len(description)}
        )
    if not shares:
        raise GroupActivityError(_("Choose at least one person who took part."))
    if len({share.person.pk for share in shares}) != len(shares):
        raise GroupActivityError(_("Each person can be in the list only once."))
    if any(share.minutes <= 0 for share in shares):
        raise GroupActivityError(_("Each person’s time must be more than zero."))
    if occurred_on > timezone.localdate():
        raise GroupActivityError(_("The date it happened cannot be in the future."))
    if payer.kind in (Account.Kind.PERSON, Account.Kind.POT):
        raise GroupActivityError(_("Choose the organisation or service that gives the hours."))
    legs = [Leg(account_for_person(share.person).pk, share.minutes) for share in shares]
    legs.append(Leg(payer.pk, -sum(share.minutes for share in shares)))
    with transaction.atomic():
        accounts_lock(leg.account_id for leg in legs)
        repeated = transfer_with_key(idempotency_key) is not None
        transfer = transfer_record(
            idempotency_key=idempotency_key,
            legs=legs,
            kind=Transfer.Kind.GROUP,
            description=description,
            recorded_by=actor,
            occurred_on=occurred_on,
            category=category,
            approved_by=approved_by,
        )
        if repeated:
            return transfer
        audit_record(
            actor=actor,
            action="timebank.group_activity",
            target=transfer,
            detail={"payer": payer.pk, "people": len(shares), "minutes": sum(share.minutes for share in shares)},
        )
    return transfer
