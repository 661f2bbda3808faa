"""Realistic made-up people for the "Who can help?" benchmark, written fast with bulk_create.

The search documents are built by `coproduce.people.search.person_documents` and `asset_document`, the same pure
functions the services use, so the benchmark searches exactly what a real place would have indexed.
Everything is drawn from one seeded random generator: the same `--people` gives the same place every time.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import (
    CommunityAsset,
    Consent,
    ConsentTopic,
    ConsentWording,
    Language,
    Neighbourhood,
    Person,
    Profile,
    ProfileTag,
    SearchEntry,
    Tag,
    TagSynonym,
    Visibility,
)
from coproduce.people.search import AssetIndexData, HeldTag, PersonIndexData, asset_document, person_documents

V = Visibility

FIRST_NAMES = (
    "Aaliyah Abdul Ada Adam Adebayo Agnieszka Ahmed Aisha Alan Alex Alice Amara Amir Amy Ana Andrew Angela Anil Ann "
    "Anna Arjun Ashok Aston Barbara Bashir Beatrice Ben Bernadette Beth Bilal Bogdan Brenda Brian Carol Catherine "
    "Chen Chidi Chloe Chris Ciaran Claire Colin Connor Craig Dafydd Daniel Daniela Darren David Dawn Dean Deborah "
    "Declan Deepa Denise Derek Des Diane Dorota Dylan Eddie Eileen Elena Eleni Elif Ellie Emeka Emily Emma Eric "
    "Esther Fatima Femi Fiona Florin Frances Gareth Gemma Geoff Gloria Grace Graham Hamza Hannah Harjit Harry Hassan "
    "Heather Helen Ibrahim Ifeoma Imran Irene Isaac Isla Ivan Jack Jacqueline Jade James Jan Janet Jasmine Jay Jean "
    "Jenny Joan John Jon Joy Julie Kai Karen Kasia Kate Kathleen Kavita Keith Kemal Kerry Kevin Kwame Lakshmi Laura "
    "Leah Lee Leon Liam Linda Lisa Lorraine Lucy Luis Lynne Madhu Maggie Malcolm Marcus Margaret Maria Mark Martin "
    "Mary Maureen Megan Mehmet Mei Michael Michelle Mohammed Mustafa Nadia Naomi Neil Nell Nicola Nisha Noor Olga "
    "Oliver Olu Owen Pat Patrick Paul Pauline Peggy Peter Philip Pradeep Priya Rachel Rajesh Rana Ravi Rebecca Rhys "
    "Rita Rob Ron Rosa Rose Ruth Ryan Sadia Sally Sam Samir Sandra Sarah Sean Shabana Sharon Shirley Simon Siobhan "
    "Sophie Stella Stephen Sue Sunil Susan Tariq Teresa Tom Tomasz Tony Tracy Usha Valerie Vikram Wendy Winston "
    "Yasmin Yusuf Zainab Zara Zoe"
).split()
SURNAMES = (
    "Abrahams Adeyemi Ahmed Ali Allen Anderson Atkinson Bailey Baker Baptiste Barker Begum Bell Bennett Bibi Brooks "
    "Brown Butler Campbell Carter Chapman Chen Chikwanha Clarke Collins Cook Cooper Costa Cox Davies Dixon Doyle "
    "Edwards Ellis Evans Farah Fletcher Foster Gill Grant Gray Green Haddad Hall Harris Hassan Hill Holt Hughes "
    "Hussain Jackson James Johnson Jones Kaur Kelly Khan King Kowalski Lee Lewis Lin Lloyd MacLeod Marsh Martin Mason "
    "Mensah Miah Mills Mitchell Moore Morgan Morris Murphy Nowak Nwosu Okafor Owen Parker Patel Penrose Phillips "
    "Popescu Price Rahman Raman Reid Richards Roberts Robinson Rose Shah Sharma Shaw Siddiqui Singh Smith Taylor "
    "Thomas Thompson Turner Walker Walsh Ward Watson White Whitaker Whitcombe Williams Wilson Wood Wright Yilmaz "
    "Young Zhou"
).split()
NEIGHBOURHOODS = (
    "Old Town",
    "Millbrook",
    "Hollybank",
    "Tanners Wharf",
    "Fold Green",
    "Ashgrove",
    "Brook End",
    "Castle Hill",
    "Northgate",
    "Southfields",
    "Eastbridge",
    "Westmoor",
    "Riverside",
    "Kingsway",
    "Oakfield",
    "Elmwood",
    "Meadowbank",
    "Highfield",
    "Longacre",
    "Stonebridge",
    "Church End",
    "Marsh Lane",
    "Mill Hill",
    "Station Quarter",
    "Park View",
    "Canal Side",
    "Hilltop",
    "Greenacres",
    "Foxley",
    "Wharfdale",
)

# Tags a larger place grows beyond the starter list, so the vocabulary is the size a real one would be.
EXTRA_TAGS = (
    "Guitar lessons",
    "Dog walking",
    "Baking bread",
    "Spanish conversation",
    "Polish conversation",
    "Urdu conversation",
    "Arabic conversation",
    "Sign language",
    "Quiz nights",
    "Crossword puzzles",
    "Bird watching",
    "Fishing",
    "Cake decorating",
    "Jam making",
    "Flower arranging",
    "Upholstery",
    "Plumbing",
    "Electrics",
    "Painting and decorating",
    "Tiling",
    "Car maintenance",
    "Motorbikes",
    "Model railways",
    "Local walks",
    "Running",
    "Cricket",
    "Netball",
    "Table tennis",
    "Badminton",
    "Bowls",
    "Snooker",
    "Darts",
    "Ballroom dancing",
    "Line dancing",
    "Salsa",
    "Bollywood dance",
    "Tai chi",
    "Pilates",
    "Meditation groups",
    "Calligraphy",
    "Pottery",
    "Embroidery",
    "Crochet",
    "Quilting",
    "Weaving",
    "Jewellery making",
    "Card making",
    "Scrapbooking",
    "Genealogy",
    "Family history",
    "Book club",
    "Poetry writing",
    "Journalism",
    "Podcasting",
    "Radio",
    "Web design",
    "Coding",
    "Excel spreadsheets",
    "Smartphone help",
    "Video calls",
    "Online shopping help",
    "CV writing",
    "Job interviews",
    "Benefits advice",
    "Housing advice",
    "Debt advice",
    "Tenancy rights",
    "Immigration advice",
    "Hospital visiting",
    "Sitting with someone",
    "Reading to children",
    "Homework club",
    "Maths tutoring",
    "English lessons",
    "ESOL",
    "Youth work",
    "Scouts and guides",
    "Football coaching",
    "Boxing",
    "Martial arts",
    "Swimming lessons",
    "Lifeguarding",
    "Food hygiene",
    "Catering for events",
    "Halal cooking",
    "Vegan cooking",
    "Caribbean cooking",
    "South Asian cooking",
    "Polish cooking",
    "Soup making",
    "Preserving",
    "Beekeeping",
    "Tree planting",
    "Litter picking",
    "Composting",
    "Wildflower meadows",
    "Pond care",
    "Allotment help",
    "Hedge laying",
)

SENTENCES = (
    "I have lived in {hood} for {years} years and love {passion_word}.",
    "I worked as a {job} for most of my life and now I volunteer.",
    "I am a {job}, a {family} and a keen {hobbyist}.",
    "My grandchildren keep me busy, and I still find time for {passion_word}.",
    "People say I am a good listener and I make a decent cup of tea.",
    "I came to Brackenfold from {country} in {year} and never left.",
    "I care for my {relative}, so I know how hard it can be to find help.",
    "I love {passion_word} and I would happily show anyone how to start.",
    "On Sundays you will find me at the {venue} in {hood}.",
    "I run a small {group} on {weekday} evenings.",
    "I am learning {learn_word} and would love someone to practise with.",
    "I can help with {gift_word} if you need a hand.",
    "After I retired I wanted to give something back to {hood}.",
    "I have a lot of patience and I am not easily shocked.",
    "I speak {language} at home and English at work.",
    "I am happiest outdoors, whatever the weather.",
    "I used to be shy, but the {group} changed that.",
    "Ask me about {passion_word}: I could talk about it all day.",
    "I am a {job} by day and a {hobbyist} by night.",
    "I have two dogs and an allotment, and not enough time for either.",
    "I know what it is like to feel alone, and I would like to help others feel less so.",
    "I enjoy {gift_word}, {passion_word} and a good chat.",
    "I am on the committee of the {venue} and we always need volunteers.",
    "I can drive, and I am happy to give lifts to appointments in {hood}.",
)
SLOTS = {
    "job": (
        "nurse teacher bus driver carer chef cleaner engineer electrician plumber shopkeeper librarian social worker "
        "hairdresser postman joiner accountant receptionist porter gardener mechanic"
    ).split(),
    "family": "mum dad grandad nan sister brother aunt uncle son daughter".split(),
    "hobbyist": "gardener cook reader walker baker knitter cyclist singer painter photographer".split(),
    "relative": "mum dad husband wife son daughter brother partner".split(),
    "country": "Poland Jamaica Pakistan Nigeria Ireland India Somalia Romania Ghana Bangladesh Scotland".split(),
    "venue": "community centre library church hall mosque gurdwara cricket club allotments leisure centre".split(),
    "group": "choir walking group knitting circle lunch club book club youth club quiz team".split(),
    "weekday": "Monday Tuesday Wednesday Thursday Friday".split(),
    "year": [str(y) for y in range(1965, 2020, 3)],
    "years": [str(y) for y in range(2, 60)],
}
USUALLY_FREE = (
    "Weekday mornings",
    "Weekday afternoons",
    "Evenings after six",
    "Weekends",
    "Saturday mornings",
    "Most days, but not Fridays",
    "School hours",
    "Tuesday and Thursday afternoons",
)
LIVED = (
    "I have lived with depression for many years.",
    "I am a carer for someone with dementia.",
    "I have used mental health services and found my way through.",
    "I am autistic and I know what it is like when services do not listen.",
    "I have been homeless and I know how it feels.",
    "I live with a long-term health condition.",
    "I have a learning disability and I speak up for others.",
)


@dataclass
class PlaceLists:
    """The shared lists the generated people draw on, as ids and names."""

    tags: list[tuple[int, str]] = field(default_factory=list)
    tag_weights: list[float] = field(default_factory=list)
    languages: list[tuple[int, str]] = field(default_factory=list)
    english: tuple[int, str] = (0, "English")
    neighbourhoods: list[tuple[int, str]] = field(default_factory=list)
    organisations: list[int] = field(default_factory=list)
    organisation_weights: list[float] = field(default_factory=list)
    wording_id: int = 0


def place_prepare(rng: random.Random, *, organisations: int = 200) -> PlaceLists:
    """The shared lists: the starter tags (from migrations) plus a place's own, neighbourhoods, organisations."""
    have = set(Tag.objects.values_list("name", flat=True))
    Tag.objects.bulk_create([Tag(name=name, status=Tag.Status.APPROVED) for name in EXTRA_TAGS if name not in have])
    synonyms = set(TagSynonym.objects.values_list("term", flat=True))
    extra = Tag.objects.filter(name__in=EXTRA_TAGS)
    TagSynonym.objects.bulk_create(
        [
            TagSynonym(tag=tag, term=tag.name.lower().split()[0] + " help")
            for tag in extra
            if tag.name.lower().split()[0] + " help" not in synonyms
        ],
        ignore_conflicts=True,
    )
    lists = PlaceLists()
    lists.tags = list(Tag.objects.filter(status=Tag.Status.APPROVED).order_by("pk").values_list("id", "name"))
    # Some gifts are far more common than others (listening, cooking); a Zipf-like spread, in a seeded order.
    order = list(range(len(lists.tags)))
    rng.shuffle(order)
    weights = [0.0] * len(order)
    for rank, index in enumerate(order):
        weights[index] = 1 / (rank + 1) ** 0.9
    lists.tag_weights = weights
    lists.languages = list(Language.objects.order_by("pk").values_list("id", "name"))
    lists.english = next(language for language in lists.languages if language[1] == "English")
    Neighbourhood.objects.bulk_create([Neighbourhood(name=name) for name in NEIGHBOURHOODS], ignore_conflicts=True)
    lists.neighbourhoods = list(Neighbourhood.objects.order_by("pk").values_list("id", "name"))
    kinds = [kind for kind, _label in Organisation.Kind.choices]
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench organisation {n}", slug=f"bench-organisation-{n}", kind=rng.choice(kinds))
            for n in range(organisations)
        ],
        ignore_conflicts=True,
    )
    lists.organisations = list(
        Organisation.objects.filter(slug__startswith="bench-organisation-").order_by("pk").values_list("id", flat=True)
    )
    lists.organisation_weights = [1 / (rank + 1) for rank in range(len(lists.organisations))]
    lists.wording_id = ConsentWording.objects.filter(topic=ConsentTopic.VISIBLE_PROFILE).order_by("-version")[0].pk
    return lists


def _sentence(rng: random.Random, lists: PlaceLists, hood: str, gifts: list[str], passions: list[str]) -> str:
    template = rng.choice(SENTENCES)
    values = {slot: rng.choice(choices) for slot, choices in SLOTS.items()}
    values["hood"] = hood
    values["passion_word"] = (rng.choice(passions) if passions else rng.choice(SLOTS["hobbyist"])).lower()
    values["gift_word"] = (rng.choice(gifts) if gifts else "odd jobs").lower()
    values["learn_word"] = rng.choice(lists.tags)[1].lower()
    values["language"] = rng.choice(lists.languages)[1]
    return template.format(**values)


def _level(rng: random.Random, usual: Visibility, *, shared: float = 0.8) -> Visibility:
    """Most people keep the suggested level; the rest spread over the others."""
    if rng.random() < shared:
        return usual
    return rng.choice([V.ONLY_ME, V.FACILITATORS, V.ORGANISATIONS, V.EVERYONE])


def _pick_tags(rng: random.Random, lists: PlaceLists, low: int, high: int) -> list[tuple[int, str]]:
    chosen = rng.choices(lists.tags, weights=lists.tag_weights, k=rng.randint(low, high))
    return list(dict.fromkeys(chosen))


class _Copier:
    """Rows straight into PostgreSQL with COPY: building and saving a million model instances through the ORM
    would take most of the time budget. Columns and defaults come from each model's own fields, so a new
    field with a default needs no change here."""

    def __init__(self) -> None:
        self.rows: dict[type[models.Model] | Any, list[dict[str, Any]]] = {}
        self.now = timezone.now()

    def add(self, model: type[models.Model] | Any, **values: Any) -> None:
        self.rows.setdefault(model, []).append(values)

    def flush(self) -> None:
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor:
            for model, rows in self.rows.items():
                fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])]
                defaults = {f.attname: self._default(f) for f in fields}
                columns = ", ".join(f'"{f.column}"' for f in fields)
                with cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])
        self.rows = {}

    def _default(self, field: models.Field[Any, Any]) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        value = field.get_default()
        if isinstance(field, models.JSONField):
            return json.dumps(value)
        return value


def _ids_from(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
        return int(cursor.fetchone()[0])


def _ids_done(model: type[models.Model]) -> None:
    """Move the table's id sequence past the ids written by hand."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM \"{table}\"))")


@contextmanager
def _bulk_loading() -> Iterator[None]:
    """Drop the full-text index while rows pour in and build it once at the end, as any bulk import would."""
    index = _index_definition()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS people_searchentry_document_fts")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(index)


def _index_definition() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'people_searchentry_document_fts'")
        row = cursor.fetchone()
    assert row is not None, "the migration that creates the full-text index has not run"
    return str(row[0])


def people_generate(count: int, *, start: int, lists: PlaceLists, rng: random.Random, batch: int = 10_000) -> None:
    """Add `count` people numbered from `start`, with profiles, tags, languages, consent, memberships and their
    search rows."""
    with _bulk_loading():
        first_id = _ids_from(Person)
        for first in range(start, start + count, batch):
            numbers = range(first, min(first + batch, start + count))
            _people_batch(numbers, first_id + first - start, lists, rng)
        _ids_done(Person)


def _people_batch(numbers: range, first_id: int, lists: PlaceLists, rng: random.Random) -> None:
    rows = _Copier()
    language_link = Profile.languages.through
    for offset, n in enumerate(numbers):
        person_id = first_id + offset
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        # "!" starts an unusable password, as create_user(password=None) sets.
        rows.add(Person, id=person_id, preferred_name=name, email=f"person{n}@bench.example", password="!")
        hood = rng.choice(lists.neighbourhoods)
        gifts = _pick_tags(rng, lists, 1, 4)
        passions = _pick_tags(rng, lists, 1, 4)
        learning = _pick_tags(rng, lists, 0, 3)
        languages = [lists.english] if rng.random() < 0.9 else []
        languages += rng.sample(lists.languages, k=rng.choice((0, 0, 0, 1, 1, 2)))
        languages = list(dict.fromkeys(languages)) or [lists.english]
        gift_names = [name for _id, name in gifts]
        passion_names = [name for _id, name in passions]
        profile = {
            "about_me": " ".join(
                _sentence(rng, lists, hood[1], gift_names, passion_names) for _ in range(rng.randint(1, 5))
            ),
            "about_me_visibility": _level(rng, V.EVERYONE),
            "gifts_visibility": _level(rng, V.EVERYONE),
            "passions_visibility": _level(rng, V.EVERYONE),
            "learning_visibility": _level(rng, V.EVERYONE),
            "lived_experience": rng.choice(LIVED) if rng.random() < 0.25 else "",
            "lived_experience_visibility": _level(rng, V.ONLY_ME, shared=0.6),
            "languages_visibility": _level(rng, V.EVERYONE),
            "neighbourhood_visibility": _level(rng, V.EVERYONE),
            "usually_free": rng.choice(USUALLY_FREE) if rng.random() < 0.7 else "",
            "usually_free_visibility": _level(rng, V.ORGANISATIONS),
        }
        rows.add(Profile, person_id=person_id, neighbourhood_id=hood[0], **profile)
        tags = [
            *(HeldTag(tag_id, name, ProfileTag.Kind.GIFT) for tag_id, name in gifts),
            *(HeldTag(tag_id, name, ProfileTag.Kind.PASSION) for tag_id, name in passions),
            *(HeldTag(tag_id, name, ProfileTag.Kind.LEARN) for tag_id, name in learning),
        ]
        for held in tags:
            rows.add(ProfileTag, profile_id=person_id, tag_id=held.tag_id, kind=str(held.kind))
        for language_id, _name in languages:
            rows.add(language_link, profile_id=person_id, language_id=language_id)
        if rng.random() < 0.3:
            organisation = rng.choices(lists.organisations, weights=lists.organisation_weights)[0]
            role = Role.FACILITATOR if rng.random() < 0.02 else rng.choice([Role.MEMBER, Role.STAFF, Role.CARER])
            rows.add(Membership, person_id=person_id, organisation_id=organisation, role=str(role))
        if rng.random() < 0.1:
            continue  # No consent to a visible profile: no search rows at all.
        rows.add(
            Consent,
            person_id=person_id,
            topic=str(ConsentTopic.VISIBLE_PROFILE),
            wording_id=lists.wording_id,
            given_at=rows.now,
        )
        documents = person_documents(
            PersonIndexData(
                preferred_name=name,
                tags=tags,
                languages=languages,
                neighbourhood=hood,
                **profile,  # type: ignore[arg-type]
            )
        )
        for level, document in documents.items():
            rows.add(SearchEntry, person_id=person_id, level=level, document=document)
    with transaction.atomic():
        rows.flush()


ASSET_WORDS = (
    "group club café centre hub project circle network meet-up drop-in garden workshop library session".split()
)


def assets_generate(count: int, *, start: int, lists: PlaceLists, rng: random.Random) -> None:
    rows = _Copier()
    first_id = _ids_from(CommunityAsset)
    for offset, n in enumerate(range(start, start + count)):
        asset_id = first_id + offset
        tags = _pick_tags(rng, lists, 1, 3)
        hood = rng.choice(lists.neighbourhoods)
        weekday = rng.choice(SLOTS["weekday"])
        asset = {
            "name": f"{hood[1]} {tags[0][1]} {rng.choice(ASSET_WORDS)} {n}"[:150],
            "offers": f"A friendly {tags[0][1].lower()} {rng.choice(ASSET_WORDS)} for everyone in {hood[1]}. "
            f"Come along on a {weekday}: no need to book.",
            "when": f"{weekday}s, {rng.randint(9, 19)}:00",
            "where": f"The {rng.choice(SLOTS['venue'])}, {hood[1]}",
            "access": "Step-free entrance. Accessible toilet." if rng.random() < 0.6 else "",
        }
        rows.add(
            CommunityAsset, id=asset_id, kind=rng.choice(CommunityAsset.Kind.values), neighbourhood_id=hood[0], **asset
        )
        for tag_id, _name in tags:
            rows.add(CommunityAsset.tags.through, communityasset_id=asset_id, tag_id=tag_id)
        document = asset_document(AssetIndexData(tags=tags, neighbourhood=hood, **asset))
        rows.add(SearchEntry, asset_id=asset_id, level=str(V.EVERYONE), document=document)
    with transaction.atomic():
        rows.flush()
    _ids_done(CommunityAsset)


def database_analyse() -> None:
    """Fresh planner statistics and a tidy heap, as autovacuum would leave them after a place grew this big."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def tag_id(lists: PlaceLists, name: str) -> int:
    return next(tag_id for tag_id, tag_name in lists.tags if tag_name == name)


def neighbourhood_id(lists: PlaceLists, name: str) -> int:
    return next(hood_id for hood_id, hood_name in lists.neighbourhoods if hood_name == name)


def language_id(lists: PlaceLists, name: str) -> int:
    return next(language_id for language_id, language_name in lists.languages if language_name == name)
