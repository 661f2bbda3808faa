"""The ledger under load on PostgreSQL: 8 workers × 250 random transfers among 50 accounts, some sent twice.

Each worker is a thread with its own database connection, calling transfer_record as the pages and the API do.
About one request in ten is sent again with the same idempotency key: half straight away from the same worker
(a double click), half from another worker at about the same moment (a retry racing its original). Limits are
tight, so some transfers are refused. Afterwards the ledger must be sound, no balance below its limit, and every
key that succeeded must have made exactly one transfer.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from coproduce.timebank.models import Account, Transfer
from coproduce.timebank.selectors.ledger_check import ledger_problems
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.ledger import (
    BalanceLimitError,
    IdempotencyConflictError,
    Leg,
    account_limit,
    timebank_settings,
    transfer_record,
)
from tests.factories import OrganisationFactory, PersonFactory

WORKERS = 8
PER_WORKER = 250
ACCOUNTS = 50
LIMIT = -120
STARTING = 120
RETRY_SHARE = 0.10

pytestmark = [
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="needs PostgreSQL: SQLite lets one writer in at a time and has no row locks, so nothing races",
    ),
    # Committed for real, so each worker sees the others' writes; serialized_rollback brings back the rows the
    # data migrations made (the place's settings, the pot, the categories) for the tests that run after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass(frozen=True)
class Planned:
    key: str
    giver: int
    receiver: int
    minutes: int

    def legs(self) -> list[Leg]:
        return [Leg(self.giver, self.minutes), Leg(self.receiver, -self.minutes)]


def plan(account_ids: list[int], rng: random.Random) -> tuple[list[list[Planned]], set[str], set[str]]:
    """Each worker's list of requests, with retries placed in; and which keys were retried, and how."""
    queues: list[list[Planned]] = [[] for _ in range(WORKERS)]
    for worker in range(WORKERS):
        for n in range(PER_WORKER):
            giver, receiver = rng.sample(account_ids, 2)
            queues[worker].append(Planned(f"w{worker}-{n}", giver, receiver, rng.randint(15, 180)))
    again: set[str] = set()
    racing: set[str] = set()
    for worker, queue in enumerate(queues):
        for position in sorted(rng.sample(range(PER_WORKER), int(PER_WORKER * RETRY_SHARE)), reverse=True):
            planned = queue[position]
            if rng.random() < 0.5:
                queue.insert(position + 1, planned)
                again.add(planned.key)
            else:
                other = queues[(worker + 1 + rng.randrange(WORKERS - 1)) % WORKERS]
                other.insert(min(position, len(other)), planned)
                racing.add(planned.key)
    return queues, again, racing


def test_concurrent_transfers_keep_the_ledger_sound():
    started = time.monotonic()
    timebank_settings()
    type(timebank_settings()).objects.update(min_balance_minutes=LIMIT)
    funder = account_for_organisation(OrganisationFactory(name="Funder"))
    Account.objects.filter(pk=funder.pk).update(min_balance_minutes=-(10**9))
    accounts = [account_for_person(PersonFactory()) for _ in range(ACCOUNTS)]
    for account in accounts:
        transfer_record(
            idempotency_key=f"fund-{account.pk}",
            legs=[Leg(funder.pk, -STARTING), Leg(account.pk, STARTING)],
            kind=Transfer.Kind.DIRECT,
            description="Starting hours",
            recorded_by=None,
        )
    funded = Transfer.objects.count()
    queues, again, racing = plan([a.pk for a in accounts], random.Random(20260314))

    made: dict[str, list[int]] = defaultdict(list)
    outcomes: Counter[str] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()
    gate = threading.Barrier(WORKERS)

    def work(queue: list[Planned]) -> None:
        try:
            gate.wait()
            for planned in queue:
                try:
                    transfer = transfer_record(
                        idempotency_key=planned.key,
                        legs=planned.legs(),
                        kind=Transfer.Kind.EXCHANGE,
                        description="Help",
                        recorded_by=None,
                    )
                except BalanceLimitError:
                    with lock:
                        outcomes["over the limit"] += 1
                except IdempotencyConflictError as exc:  # never expected: the same key always carries the same legs
                    with lock:
                        errors.append(exc)
                else:
                    with lock:
                        made[planned.key].append(transfer.pk)
                        outcomes["recorded"] += 1
        except BaseException as exc:  # a deadlock or any database error fails the test below, with its cause
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(queue,)) for queue in queues]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker is stuck"
    assert errors == []

    assert list(ledger_problems()) == []
    place_limit = timebank_settings().min_balance_minutes
    for account in Account.objects.filter(pk__in=[a.pk for a in accounts]):
        assert account.balance_minutes >= account_limit(account, place_limit), account.pk

    # No transfer counted twice: one transfer per key that succeeded, and every retry got that same transfer back.
    assert Transfer.objects.count() - funded == len(made)
    assert all(len(set(ids)) == 1 for ids in made.values())
    retried = again | racing
    assert Counter(Transfer.objects.filter(idempotency_key__in=retried).values_list("idempotency_key", flat=True)) == {
        key: 1 for key in retried if key in made
    }
    # And the balances say the same: starting hours plus each succeeded transfer, once.
    expected = {a.pk: STARTING for a in accounts}
    planned_by_key = {p.key: p for queue in queues for p in queue}
    for key in made:
        for leg in planned_by_key[key].legs():
            expected[leg.account_id] += leg.minutes
    assert dict(Account.objects.filter(pk__in=expected).values_list("pk", "balance_minutes")) == expected

    # The test exercised what it claims to: limits refused some, and retries (both kinds) reached the ledger.
    assert outcomes["over the limit"] > 0
    assert any(len(made[key]) > 1 for key in racing if key in made)
    assert any(len(made[key]) > 1 for key in again if key in made)

    out = StringIO()
    call_command("ledger-check", stdout=out)
    assert "The ledger is sound" in out.getvalue()
    assert time.monotonic() - started < 90


def test_the_same_api_request_sent_at_once_from_many_places_counts_once():
    """The API tells a caller truthfully whether their request made the transfer (201) or found it (200)."""
    from coproduce.timebank.services.api_transfers import help_received_record

    receiver, helper = PersonFactory(), PersonFactory()
    answers: list[bool] = []
    errors: list[BaseException] = []
    gate = threading.Barrier(WORKERS)

    def send() -> None:
        try:
            gate.wait()
            recorded = help_received_record(
                receiver=receiver, helper=helper, minutes=45, description="Lift to the clinic", client_key="lift-1"
            )
            answers.append(recorded.created)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(answers) == [False] * (WORKERS - 1) + [True]
    assert Transfer.objects.filter(idempotency_key=f"api-{receiver.pk}-lift-1").count() == 1
    assert account_for_person(helper).balance_minutes == 45
    assert list(ledger_problems()) == []
