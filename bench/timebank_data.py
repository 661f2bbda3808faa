"""A made-up timebank ledger for the statement and report benchmark, written fast with PostgreSQL's COPY.

About 5,000 accounts (people in every role, organisations, services, the community pot) and two years of
transfers: exchanges between people, hours organisations and services give and receive, group activities, gifts to
the pot and grants from it, and a few corrections. Every transfer sums to zero, every entry carries the seal the
ledger service would have written (services.ledger.entry_seal), and every stored balance is set to the sum of its
account's entries, so `ledger_problems()` finds the generated ledger sound. Limits are not enforced: this is a
ledger shape for timing reads, not a story.

The rows go in with COPY, chunk by chunk, with the ledger's triggers switched off for this session only
(session_replication_role = replica): the deferred trigger would otherwise re-add every transfer once per entry at
commit. The check at the end of the benchmark is what vouches for the result.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from coproduce.organisations.models import Membership, Organisation, Role, Service
from coproduce.people.models import Person
from coproduce.timebank.models import Account, Category, Transfer
from coproduce.timebank.services.ledger import entry_seal

K = Transfer.Kind
DESCRIPTIONS = (
    "Help with the garden",
    "Lift to the hospital",
    "Cooked a meal",
    "Sat with Mum for the afternoon",
    "Fixed a dripping tap",
    "Walked the dog",
    "Help filling in a form",
    "Reading together",
    "Set up a new phone",
    "Shopping and a cup of tea",
    "Childcare after school",
    "Painted the hall",
    "Conversation practice in English",
    "Ran the Tuesday coffee morning",
    "Helped at the food bank",
    "Taught a knitting class",
    "Trained new staff about living with dementia",
    "Sorted the recycling rota",
    "Hair cut",
    "Guitar lesson",
)
MINUTES = (30, 45, 60, 60, 60, 60, 90, 90, 120, 120, 180, 240)
# How people's roles spread, for Entry.member_kind (people count under the role that best fits, as in the ledger).
ROLES = (
    (Role.USES_SERVICE, 0.25),
    (Role.CARER, 0.12),
    (Role.VOLUNTEER, 0.18),
    (Role.STAFF, 0.12),
    (Role.FACILITATOR, 0.02),
    (Role.ORG_ADMIN, 0.01),
    (Role.MEMBER, 0.30),
)
CHUNK_TRANSFERS = 40_000


@dataclass
class Ledger:
    people: list[int] = field(default_factory=list)  # account ids
    bodies: list[int] = field(default_factory=list)  # organisation and service account ids
    pot: int = 0
    kinds: dict[int, str] = field(default_factory=dict)  # account id -> member_kind
    busy_person: int = 0  # the account whose statement is timed
    busy_person_id: int = 0  # its person
    big_organisation: int = 0  # the organisation account with the most entries
    big_organisation_id: int = 0
    categories: list[int] = field(default_factory=list)
    balances: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    entries: int = 0
    transfers: int = 0


def accounts_prepare(rng: random.Random, *, people: int, organisations: int, services: int) -> Ledger:
    """People with memberships, organisations with services, and an account for each (plus the pot)."""
    ledger = Ledger()
    kinds = [kind for kind, _label in Organisation.Kind.choices]
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Timebank bench organisation {n}", slug=f"tb-bench-{n}", kind=rng.choice(kinds))
            for n in range(organisations)
        ]
    )
    orgs = list(Organisation.objects.filter(slug__startswith="tb-bench-").order_by("pk").values_list("pk", flat=True))
    Service.objects.bulk_create(
        [
            Service(organisation_id=orgs[n % len(orgs)], name=f"Bench service {n}", slug=f"bench-service-{n}")
            for n in range(services)
        ]
    )
    Person.objects.bulk_create(
        [
            Person(preferred_name=f"Member {n}", email=f"member{n}@timebank.example", password="!")
            for n in range(people)
        ],
        batch_size=2000,
    )
    person_ids = list(
        Person.objects.filter(email__endswith="@timebank.example").order_by("pk").values_list("pk", flat=True)
    )
    roles = [role for role, _w in ROLES]
    weights = [w for _role, w in ROLES]
    chosen = rng.choices(roles, weights, k=len(person_ids))
    # The busy person, whose statement is timed, uses a service: the people the timebank is most for.
    chosen[0] = Role.USES_SERVICE
    Membership.objects.bulk_create(
        [
            Membership(person_id=pk, organisation_id=orgs[rng.randrange(len(orgs))], role=role)
            for pk, role in zip(person_ids, chosen, strict=True)
        ],
        batch_size=2000,
    )
    Account.objects.bulk_create([Account(kind=Account.Kind.PERSON, person_id=pk) for pk in person_ids], batch_size=2000)
    Account.objects.bulk_create([Account(kind=Account.Kind.ORGANISATION, organisation_id=pk) for pk in orgs])
    service_ids = list(
        Service.objects.filter(slug__startswith="bench-service-").order_by("pk").values_list("pk", flat=True)
    )
    Account.objects.bulk_create([Account(kind=Account.Kind.SERVICE, service_id=pk) for pk in service_ids])

    by_person = dict(zip(person_ids, chosen, strict=True))
    for account_id, person_id in Account.objects.filter(person_id__in=person_ids).values_list("pk", "person_id"):
        ledger.people.append(account_id)
        ledger.kinds[account_id] = str(by_person[person_id])
    ledger.people.sort()
    for account_id, organisation_id in (
        Account.objects.filter(organisation_id__in=orgs).order_by("pk").values_list("pk", "organisation_id")
    ):
        ledger.bodies.append(account_id)
        ledger.kinds[account_id] = "organisation"
        if organisation_id == orgs[0]:
            ledger.big_organisation, ledger.big_organisation_id = account_id, organisation_id
    for account_id in Account.objects.filter(service_id__in=service_ids).values_list("pk", flat=True):
        ledger.bodies.append(account_id)
        ledger.kinds[account_id] = "service"
    ledger.pot = Account.objects.get(kind=Account.Kind.POT).pk
    ledger.kinds[ledger.pot] = "pot"
    ledger.busy_person = ledger.people[0]
    ledger.busy_person_id = person_ids[0]
    ledger.categories = list(Category.objects.order_by("pk").values_list("pk", flat=True))
    return ledger


def _next_ids() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM timebank_transfer")
        transfer = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM timebank_entry")
        entry = cursor.fetchone()[0]
    return transfer + 1, entry + 1


def ledger_generate(
    rng: random.Random, ledger: Ledger, *, entries: int, months: int = 24, busy_entries: int = 2000
) -> None:
    """Write about `entries` ledger entries spread over `months`, oldest first, then set every balance."""
    # About 2.3 entries a transfer on average (group activities have many).
    expected_transfers = max(1, int(entries / 2.3))
    busy_every = max(1, expected_transfers // busy_entries)
    now = timezone.now()
    start = now - timedelta(days=30.44 * months)
    span = (now - timedelta(hours=1) - start).total_seconds()
    people, bodies = ledger.people, ledger.bodies
    reversible: list[tuple[int, str, int | None, list[tuple[int, int]]]] = []
    transfer_id, entry_id = _next_ids()
    transfer_rows: list[tuple[object, ...]] = []
    entry_rows: list[tuple[object, ...]] = []
    made = 0
    index = 0
    raw = connection.connection
    assert raw is not None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        while made < entries:
            # Spread by entries written, so the last transfer lands just before the end however the mix falls.
            created = start + timedelta(seconds=span * made / entries + rng.random() * 60)
            day = timezone.localdate(created)
            # Most help is recorded the day it happens or soon after; brokers enter paper records weeks later.
            occurred = day - timedelta(
                days=rng.choice((0, 0, 0, 1, 2, 3)) if rng.random() < 0.95 else rng.randint(7, 40)
            )
            minutes = rng.choice(MINUTES)
            category = rng.choice(ledger.categories) if rng.random() < 0.9 else None
            roll = rng.random()
            reverses = None
            if index % busy_every == 0 and ledger.busy_person:
                other = rng.choice(people)
                while other == ledger.busy_person:
                    other = rng.choice(people)
                pair = (ledger.busy_person, other) if rng.random() < 0.5 else (other, ledger.busy_person)
                kind, legs = K.EXCHANGE, [(pair[0], minutes), (pair[1], -minutes)]
            elif roll < 0.80:
                giver, receiver = rng.sample(people, 2)
                kind, legs = K.EXCHANGE, [(giver, minutes), (receiver, -minutes)]
            elif roll < 0.86:
                body, person = rng.choice(bodies), rng.choice(people)
                # An organisation gives hours for work done for it, or a member spends hours at a service.
                sign = 1 if rng.random() < 0.6 else -1
                kind, legs = K.DIRECT, [(person, sign * minutes), (body, -sign * minutes)]
            elif roll < 0.89:
                body = ledger.big_organisation if rng.random() < 0.4 else rng.choice(bodies)
                group = rng.sample(people, rng.randint(6, 15))
                kind, legs = K.GROUP, [(body, -minutes * len(group)), *[(p, minutes) for p in group]]
            elif roll < 0.93:
                kind, legs = K.DONATION, [(rng.choice(people), -minutes), (ledger.pot, minutes)]
            elif roll < 0.95 and ledger.balances[ledger.pot] >= minutes:
                kind, legs = K.GRANT, [(ledger.pot, -minutes), (rng.choice(people), minutes)]
            elif roll < 0.96 and reversible:
                original_id, _kind, category, original_legs = reversible.pop(rng.randrange(len(reversible)))
                reverses = original_id
                kind, legs = K.REVERSAL, [(account, -m) for account, m in original_legs]
                occurred = day
            else:
                giver, receiver = rng.sample(people, 2)
                kind, legs = K.EXCHANGE, [(giver, minutes), (receiver, -minutes)]
            key = f"bench-{transfer_id}"
            description = rng.choice(DESCRIPTIONS) if kind != K.REVERSAL else "Correction: entered twice"
            transfer_rows.append(
                (transfer_id, key, kind, description, category, occurred, None, None, reverses, created)
            )
            for account, m in legs:
                seal = entry_seal(transfer_id=transfer_id, account_id=account, minutes=m, idempotency_key=key)
                entry_rows.append((entry_id, transfer_id, account, m, ledger.kinds[account], seal, created))
                ledger.balances[account] += m
                entry_id += 1
            if kind in (K.EXCHANGE, K.DIRECT) and rng.random() < 0.01:
                reversible.append((transfer_id, kind, category, legs))
            made += len(legs)
            transfer_id += 1
            index += 1
            if len(transfer_rows) >= CHUNK_TRANSFERS:
                _copy(raw, transfer_rows, entry_rows)
                transfer_rows, entry_rows = [], []
        _copy(raw, transfer_rows, entry_rows)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
            cursor.execute("SELECT setval(pg_get_serial_sequence('timebank_transfer', 'id'), %s)", [transfer_id - 1])
            cursor.execute("SELECT setval(pg_get_serial_sequence('timebank_entry', 'id'), %s)", [entry_id - 1])
            values = list(ledger.balances.items())
            cursor.execute(
                "UPDATE timebank_account AS a SET balance_minutes = a.balance_minutes + v.minutes "
                "FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::bigint[]) AS minutes) AS v WHERE a.id = v.id",
                [[a for a, _m in values], [m for _a, m in values]],
            )
    ledger.entries += made
    ledger.transfers += index
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE timebank_entry")
        cursor.execute("ANALYZE timebank_transfer")
        cursor.execute("ANALYZE timebank_account")


def _copy(raw: object, transfers: list[tuple[object, ...]], entries: list[tuple[object, ...]]) -> None:
    cursor = raw.cursor()  # type: ignore[attr-defined]
    with cursor.copy(
        "COPY timebank_transfer (id, idempotency_key, kind, description, category_id, occurred_on, recorded_by_id, "
        "approved_by_id, reverses_id, created_at) FROM STDIN"
    ) as copy:
        for row in transfers:
            copy.write_row(row)
    with cursor.copy(
        "COPY timebank_entry (id, transfer_id, account_id, minutes, member_kind, seal, created_at) FROM STDIN"
    ) as copy:
        for row in entries:
            copy.write_row(row)


def month_bounds(months_ago: int) -> tuple[date, date]:
    """The first and last day of the month `months_ago` before this one, in the place's time zone."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months_ago
    first = date(index // 12, index % 12 + 1, 1)
    following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first, following - timedelta(days=1)
