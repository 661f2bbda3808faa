"""Generated stories and feedback for the stories benchmarks: a place with many services, and texts on real topics.

Every story is about one topic (sometimes two) from TOPICS, written from sentence patterns with the topic's own
words, so search finds realistic numbers of matches (a topic's word is in a few per cent of stories, an everyday
word such as "staff" in a third) and the themes job has real themes to find. Seeded: the same seed gives the same
place on SQLite and PostgreSQL.

Rows are written with bulk_create in batches; search rows are built with the same `story_document` the services
use. On PostgreSQL the full-text index is dropped while rows pour in and built once at the end.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

# (name, its words and phrases as people say them). Theme tags people add are the topic's name.
_TOPIC_LINES = """
Waiting times: waiting list, appointment, phone queue, receptionist, callback, referral, GP surgery, eight
    o'clock rush, cancelled appointment, waiting room
Transport: bus, ramp, wheelchair, bus driver, timetable, taxi, dropped kerb, step-free route, community
    transport, blue badge
Mental health: anxiety, counsellor, crisis line, therapy, peer support, low mood, panic attacks, recovery
    college, talking therapies, mental health nurse
Carers: respite, carer's assessment, my husband's dementia, sitting service, carers' group, a proper break,
    caring role, memory clinic, night care, young carers
Housing: damp, mould, repairs, landlord, tenancy, boiler, heating, housing officer, leaking roof, housing
    register
Money: food bank, vouchers, benefits, universal credit, rent arrears, budgeting, energy bills, debt advice,
    hardship fund, prepayment meter
Gardening: allotment, community garden, volunteers, vegetables, seeds, greenhouse, compost, raised beds,
    harvest, tomatoes
Loneliness: lonely, lunch club, new friends, a chat, company, isolated, coffee morning, befriender, knitting
    circle, phone buddy
Communication: interpreter, translation, letters, jargon, easy read, sign language, leaflet, plain English,
    hearing loop, large print
Hospital discharge: discharge, ward, nurses, medication, hospital, home care, district nurse, care package,
    physiotherapy, discharge lounge
Young people: school, SEND support, teacher, EHCP, bullying, youth club, college, exam stress, school nurse,
    holiday club
Digital: online form, website, computer, password, email, smartphone, digital help, video call, app, library
    computers
Kindness: kindness, respect, patience, warm welcome, dignity, a smile, thank you card, listening ear, cup of
    tea, gentle manner
Equipment: hoist, adaptation, occupational therapist, grab rails, stairlift, walking frame, wet room, equipment
    store, home assessment, bath seat
"""


def _topics(text: str) -> dict[str, list[str]]:
    """Topic: words, words, ...; an indented line goes on from the one before."""
    joined = text.strip().replace("\n    ", " ")
    return {
        name: [word.strip() for word in words.split(",")]
        for name, words in (line.split(": ", 1) for line in joined.splitlines())
    }


TOPICS = _topics(_TOPIC_LINES)

TITLES = [
    "Trouble with the {a}",
    "The {a} that changed things",
    "Why the {a} matters",
    "No one told me about the {a}",
    "At last: the {a}",
    "My story about the {a}",
    "What happened with the {a}",
    "The {a} and the {b}",
    "Thank you for the {a}",
    "Still waiting for the {a}",
]
SENTENCES = [
    "When I asked about the {a}, nobody seemed to know about the {b}.",
    "The {a} made a real difference, especially the {b}.",
    "It took weeks to sort out the {a}, and the {b} was never mentioned.",
    "I wish someone had told me about the {a} sooner.",
    "My {relative} and I felt the {a} was not right for us.",
    "Staff were {adjective} about the {a} and the {b}.",
    "Next time I hope the {a} is better organised.",
    "Things got better once the {a} was sorted out.",
    "I rang three times about the {a} before anyone called back.",
    "The {a} is the reason I keep going there.",
    "Please think about people who rely on the {a}.",
    "Without the {a} I do not know what we would have done.",
]
FILLER = [
    "I have lived in the borough for {years} years.",
    "It was a Tuesday morning in the rain.",
    "I am writing this so that others know what to expect.",
    "My neighbour helped me write this down.",
    "I did not want to make a fuss.",
    "Everyone has a bad day now and then.",
    "It is the little things that count.",
    "I told my family about it that evening.",
]
RELATIVES = ["mum", "dad", "son", "daughter", "husband", "wife", "partner", "neighbour", "friend", "grandson"]
ADJECTIVES = ["kind", "rushed", "helpful", "patient", "confused", "friendly", "brilliant", "dismissive", "warm"]
REACHES = [("public", 40), ("members", 40), ("services", 12), ("facilitators", 8)]
STATUSES = [("published", 90), ("withdrawn", 4), ("waiting", 3), ("draft", 3)]
ORGANISATIONS = 30
SERVICES = 300
TELLERS = 20_000


@dataclass
class Place:
    organisations: list[int] = field(default_factory=list)
    services: list[tuple[int, str, int]] = field(default_factory=list)  # id, name, organisation id
    themes: dict[str, tuple[int, str]] = field(default_factory=dict)  # topic -> (id, name)
    tellers: list[int] = field(default_factory=list)
    viewers: dict[str, int | None] = field(default_factory=dict)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def story_text(rng: random.Random) -> tuple[str, str, list[str]]:
    """(title, body, topics) of one made-up story."""
    topics = [rng.choice(list(TOPICS))]
    if rng.random() < 0.3:
        topics = list(dict.fromkeys([*topics, rng.choice(list(TOPICS))]))
    words = [w for topic in topics for w in TOPICS[topic]]

    def fill(pattern: str) -> str:
        return pattern.format(
            a=rng.choice(words),
            b=rng.choice(words),
            relative=rng.choice(RELATIVES),
            adjective=rng.choice(ADJECTIVES),
            years=rng.randint(2, 40),
        )

    title = fill(rng.choice(TITLES))
    title = title[0].upper() + title[1:]
    sentences = [fill(rng.choice(SENTENCES)) for _ in range(rng.randint(3, 8))]
    for _ in range(rng.randint(0, 3)):
        sentences.insert(rng.randrange(len(sentences) + 1), fill(rng.choice(FILLER)))
    return title, " ".join(sentences), topics


def feedback_text(rng: random.Random) -> str:
    words = TOPICS[rng.choice(list(TOPICS))]
    return " ".join(
        rng.choice(SENTENCES).format(
            a=rng.choice(words), b=rng.choice(words), relative=rng.choice(RELATIVES), adjective="rushed", years=3
        )
        for _ in range(rng.randint(1, 3))
    )


def place_prepare() -> Place:
    """Organisations, services, theme tags, tellers, and the people the pages are read as."""
    from django.db import transaction

    from coproduce.organisations.models import Membership, Organisation, Role, Service
    from coproduce.people.models import Person
    from coproduce.stories.models import Theme

    place = Place()
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Provider {n}", slug=f"provider-{n}", kind=Organisation.Kind.PROVIDER)
            for n in range(ORGANISATIONS)
        )
        place.organisations = [o.pk for o in organisations]
        topics = list(TOPICS)
        services = Service.objects.bulk_create(
            Service(
                organisation=organisations[n % ORGANISATIONS],
                name=f"{topics[n % len(topics)].split()[0]} service {n}",
                slug=f"service-{n}",
            )
            for n in range(SERVICES)
        )
        place.services = [(s.pk, s.name, s.organisation_id) for s in services]
        themes = Theme.objects.bulk_create(Theme(name=name, slug=name.lower().replace(" ", "-")) for name in TOPICS)
        place.themes = {t.name: (t.pk, t.name) for t in themes}
        tellers = Person.objects.bulk_create(
            (
                Person(email=f"teller{n}@bench.example", preferred_name=f"Teller {n}", password="!")
                for n in range(TELLERS)
            ),
            batch_size=5000,
        )
        place.tellers = [p.pk for p in tellers]
        member = Person.objects.create_user(email="member@bench.example", preferred_name="Member")
        staff = Person.objects.create_user(email="staff@bench.example", preferred_name="Staff")
        Membership.objects.create(person=staff, organisation=organisations[0], role=Role.STAFF)
        facilitator = Person.objects.create_user(email="facilitator@bench.example", preferred_name="Facilitator")
        Membership.objects.create(person=facilitator, organisation=organisations[1], role=Role.FACILITATOR)
        place.viewers = {"visitor": None, "member": member.pk, "staff": staff.pk, "facilitator": facilitator.pk}
    return place


@contextmanager
def _bulk_loading() -> Iterator[None]:
    """On PostgreSQL, drop the full-text index while rows pour in and build it once at the end."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'stories_storysearchentry_document_fts'")
        row = cursor.fetchone()
        assert row is not None, "the migration that creates the full-text index has not run"
        cursor.execute("DROP INDEX stories_storysearchentry_document_fts")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(row[0])


def stories_generate(place: Place, count: int, rng: random.Random, *, batch: int = 5000) -> dict[str, int]:
    """`count` stories (about nine in ten published), their services, theme tags and search rows."""
    from django.db import transaction
    from django.utils import timezone

    from coproduce.stories.models import Story, StorySearchEntry
    from coproduce.stories.search import StoryIndexData, story_document

    now = timezone.now()
    made: dict[str, int] = {}
    with _bulk_loading():
        for first in range(0, count, batch):
            rows: list[Story] = []
            extras: list[tuple[list[tuple[int, str, int]], list[tuple[int, str]]]] = []
            for _n in range(first, min(first + batch, count)):
                title, body, topics = story_text(rng)
                status = _weighted(rng, STATUSES)
                published = status in ("published", "withdrawn")
                when = now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
                rows.append(
                    Story(
                        teller_id=rng.choice(place.tellers),
                        identity=rng.choice(["named", "username", "anonymous"]),
                        pen_name="A neighbour",
                        title=title[:200],
                        body=body,
                        reach=_weighted(rng, REACHES),
                        status=status,
                        submitted_at=when,
                        published_at=when if published else None,
                        withdrawn_at=when + timedelta(days=3) if status == "withdrawn" else None,
                    )
                )
                services = rng.sample(place.services, k=rng.choice((1, 1, 1, 2)))
                themes = [place.themes[topic] for topic in topics if rng.random() < 0.5]
                extras.append((services, themes))
                made[status] = made.get(status, 0) + 1
            with transaction.atomic():
                stories = Story.objects.bulk_create(rows)
                Story.services.through.objects.bulk_create(
                    Story.services.through(story_id=story.pk, service_id=service_id)
                    for story, (services, _t) in zip(stories, extras, strict=True)
                    for service_id, _name, _org in services
                )
                Story.themes.through.objects.bulk_create(
                    Story.themes.through(story_id=story.pk, theme_id=theme_id)
                    for story, (_s, themes) in zip(stories, extras, strict=True)
                    for theme_id, _name in themes
                )
                StorySearchEntry.objects.bulk_create(
                    StorySearchEntry(
                        story_id=story.pk,
                        document=story_document(
                            StoryIndexData(
                                title=story.title,
                                body=story.body,
                                services=[(pk, name) for pk, name, _org in services],
                                themes=themes,
                            )
                        ),
                    )
                    for story, (services, themes) in zip(stories, extras, strict=True)
                    if story.status == "published"
                )
    return made


def feedback_generate(place: Place, count: int, rng: random.Random, *, batch: int = 5000) -> None:
    from django.db import transaction

    from coproduce.stories.models import Feedback

    for first in range(0, count, batch):
        with transaction.atomic():
            Feedback.objects.bulk_create(
                Feedback(service_id=rng.choice(place.services)[0], body=feedback_text(rng), hide_identity=True)
                for _n in range(first, min(first + batch, count))
            )


def database_analyse() -> None:
    """Fresh planner statistics, as a running place's would be."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def database_name() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        return f"PostgreSQL {version // 10000}.{version % 100}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def sqlite_child(work: Any) -> Any:
    """Run `work()` against a fresh SQLite file in a temporary folder (migrated), then remove it."""
    import os
    import tempfile
    from pathlib import Path

    folder = tempfile.mkdtemp(prefix="coproduce-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        return work()
    finally:
        connection.close()
        for path in Path(folder).glob("*"):
            path.unlink()
        os.rmdir(folder)


def postgres_child(work: Any) -> Any:
    """Run `work()` against a throwaway PostgreSQL cluster (migrated), then remove it."""
    import os
    from urllib.parse import parse_qs, urlparse

    import psycopg
    from tests.postgres import postgres_cluster

    with postgres_cluster() as env:
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
        os.environ["COPRODUCE_TEST_DATABASE"] = env["COPRODUCE_TEST_DATABASE"]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.config.settings.test")
        url = urlparse(env["DATABASE_URL"])
        host = parse_qs(url.query)["host"][0]
        with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{url.path.lstrip("/")}"')
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        try:
            call_command("migrate", verbosity=0)
            return work()
        finally:
            connection.close()
