"""Brackenfold's timebank: a board with offers and requests, six months of exchanges, a morning at the community
garden, a time broker's paper records, and a community pot.

Loading is idempotent like the rest of the demo. Every transfer's idempotency key comes from a stable name in this
file (never from a date or a row id), so a second run, on any day, finds each one and adds nothing; listings and the
exchanges still waiting are matched by their natural keys. Dates are counted back from the day the demo is loaded,
so the timebank always looks lived in.

Hours move only through the timebank's services (the ledger). Listings and the exchanges still waiting are written
here directly, with the system as the actor in the audit log, as the demo does for consents: the made-up people did
not do these things themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.demo.brackenfold import CARERS, GARDEN, KITCHEN, OPEN_DOOR
from coproduce.organisations.models import Organisation, Role
from coproduce.people.models import Neighbourhood, Person
from coproduce.timebank.models import Account, Category, Exchange, Listing, Transfer
from coproduce.timebank.services.accounts import account_for_organisation, account_for_person
from coproduce.timebank.services.exchanges import exchange_record_completed
from coproduce.timebank.services.group import Share, group_activity_record
from coproduce.timebank.services.pot import pot_donate, pot_grant

DOMAIN = "@brackenfold.example"
# Kai has not joined the timebank yet: his account opens the first time he uses it. (It also leaves one demo person
# with no ledger rows, whom tests/demo can remove and load again, as a person with hours never can be.)
NOT_YET_IN_TIMEBANK = frozenset({"kai.brooks"})
BROKER = "amira.haddad"
# The facilitator who approved the garden's morning taking its account past the place's limit.
APPROVER = "neil.sharma"


@dataclass(frozen=True)
class DemoListing:
    # A person's address before the @, or an organisation's name.
    owner: str
    kind: str
    title: str
    category: str
    description: str = ""
    # None: the person's own neighbourhood; "" for anywhere.
    neighbourhood: str | None = None


@dataclass(frozen=True)
class DemoExchange:
    key: str
    giver: str
    receiver: str
    what: str
    category: str
    minutes: int
    days_ago: int
    brokered: bool = False


OFFER, REQUEST = Listing.Kind.OFFER, Listing.Kind.REQUEST

LISTINGS = (
    DemoListing(
        "kwame.mensah",
        OFFER,
        "Bike repairs and a safety check",
        "DIY and repairs",
        "Punctures, gears, brakes. Bring it round on a Saturday morning and I’ll show you how too.",
    ),
    DemoListing(
        "rebecca.shaw",
        OFFER,
        "BSL taster: learn to say more than hello",
        "Learning and teaching",
        "An hour of British Sign Language basics, one to one or with a couple of friends.",
    ),
    DemoListing(
        "aisha.siddiqui", OFFER, "Reading and replying to letters in Urdu or Punjabi", "Translation and interpreting"
    ),
    DemoListing(
        "harjit.gill",
        OFFER,
        "Learn to make dal and roti",
        "Cooking and food",
        "In my kitchen or yours. You will go home with enough for tomorrow.",
    ),
    DemoListing(
        "oliver.grant",
        OFFER,
        "Help setting up a phone or tablet",
        "Getting online and IT help",
        "No jargon, promise. Video calls, photos, accessibility settings, whatever you need.",
        "",
    ),
    DemoListing(
        "brenda.holt",
        OFFER,
        "Knitting for complete beginners",
        "Arts and crafts",
        "Thursday afternoons at the community centre, or at home if getting out is hard.",
    ),
    DemoListing(
        "mehmet.yilmaz",
        OFFER,
        "A listening ear over a walk",
        "Company and befriending",
        "Sometimes it helps to talk to someone who is not trying to fix anything. I’ll walk at your pace.",
    ),
    DemoListing("daniela.costa", OFFER, "Cooking well on a small budget", "Cooking and food"),
    DemoListing("florin.popescu", OFFER, "Small plastering and tiling jobs", "DIY and repairs"),
    DemoListing(
        "meilin.zhou",
        OFFER,
        "Tai chi in Hollybank park",
        "Sport and exercise",
        "Gentle, slow and sociable. Tuesday mornings if the weather is kind.",
    ),
    DemoListing("zainab.hussain", OFFER, "Company over coffee, in Bengali or English", "Company and befriending"),
    DemoListing(
        "sam.hughes",
        OFFER,
        "Train times and planning a journey",
        "Transport and lifts",
        "I know all the train times. I can help you plan a trip and what to do if it goes wrong.",
        "",
    ),
    DemoListing(
        "winston.clarke",
        REQUEST,
        "Someone to show me video calls, properly",
        "Getting online and IT help",
        "My grandchildren keep ringing and I keep pressing the wrong button.",
    ),
    DemoListing(
        "margaret.ellis",
        REQUEST,
        "A lift to the memory clinic on Thursdays",
        "Transport and lifts",
        "For Ron and me, once a fortnight, 10 o’clock. We can manage the bus home.",
    ),
    DemoListing("gloria.baptiste", REQUEST, "Help cutting back my hedge", "Gardening"),
    DemoListing(
        "chloe.barker",
        REQUEST,
        "Help writing my first CV",
        "Admin and paperwork",
        "I have caring experience but no idea how to put it on paper.",
    ),
    DemoListing(
        "derek.mills",
        REQUEST,
        "Help with the Monday shop",
        "Shopping and errands",
        "Reading labels is the hard part. An hour at the Old Town market would do it.",
    ),
    DemoListing("liam.fletcher", REQUEST, "Teach me to cook something other than pasta", "Cooking and food"),
    DemoListing(
        GARDEN,
        OFFER,
        "Come and grow with us on Saturday mornings",
        "Gardening",
        "Raised beds at wheelchair height, tools, gloves and soup. No experience needed.",
        "Hollybank",
    ),
    DemoListing(
        KITCHEN,
        REQUEST,
        "Washing-up heroes for Friday evenings",
        "Cooking and food",
        "Two hours from half past six. The reward is the best seat at the pudding table.",
        "Tanners Wharf",
    ),
    DemoListing(
        OPEN_DOOR,
        REQUEST,
        "Someone to lead a Thursday walking group",
        "Sport and exercise",
        "A gentle hour round the river path for people who find the café too much some days.",
        "Tanners Wharf",
    ),
)

EXCHANGES = (
    DemoExchange(
        "kwame-oliver-bike",
        "kwame.mensah",
        "oliver.grant",
        "Fixed the gears on Oliver’s bike",
        "DIY and repairs",
        60,
        172,
    ),
    DemoExchange(
        "becky-priya-bsl",
        "rebecca.shaw",
        "priya.raman",
        "BSL lesson: greetings and introductions",
        "Learning and teaching",
        90,
        166,
    ),
    DemoExchange(
        "aisha-zainab-letter",
        "aisha.siddiqui",
        "zainab.hussain",
        "Read and explained a letter from the housing office",
        "Translation and interpreting",
        45,
        161,
    ),
    DemoExchange(
        "harjit-liam-dal", "harjit.gill", "liam.fletcher", "Taught Liam to make dal", "Cooking and food", 120, 158
    ),
    DemoExchange(
        "oliver-winston-video",
        "oliver.grant",
        "winston.clarke",
        "Set up video calls on Winston’s tablet",
        "Getting online and IT help",
        90,
        151,
    ),
    DemoExchange(
        "brenda-chloe-knit", "brenda.holt", "chloe.barker", "Knitting lesson for a beginner", "Arts and crafts", 60, 148
    ),
    DemoExchange(
        "winston-ron-dominoes",
        "winston.clarke",
        "ron.ellis",
        "An afternoon of dominoes",
        "Company and befriending",
        120,
        145,
    ),
    DemoExchange(
        "ruth-priya-pruning",
        "ruth.abrahams",
        "priya.raman",
        "Showed Priya how to prune apple trees",
        "Gardening",
        120,
        141,
    ),
    DemoExchange(
        "mehmet-bilal-walk",
        "mehmet.yilmaz",
        "bilal.khan",
        "Walk and talk by the river",
        "Company and befriending",
        60,
        138,
    ),
    DemoExchange(
        "florin-gloria-tiles",
        "florin.popescu",
        "gloria.baptiste",
        "Tiled the splashback in Gloria’s kitchen",
        "DIY and repairs",
        180,
        135,
    ),
    DemoExchange(
        "daniela-peggy-hair", "daniela.costa", "margaret.ellis", "Cut Peggy’s hair at home", "Care and support", 45, 131
    ),
    DemoExchange(
        "joy-daniela-braids",
        "joy.chikwanha",
        "daniela.costa",
        "Braided Daniela’s hair for a wedding",
        "Care and support",
        150,
        128,
    ),
    DemoExchange(
        "liam-florin-forms",
        "liam.fletcher",
        "florin.popescu",
        "Helped with a benefits form",
        "Admin and paperwork",
        90,
        125,
    ),
    DemoExchange(
        "sam-ron-photos",
        "sam.hughes",
        "ron.ellis",
        "Photographed Ron’s joinery for a memory book",
        "Arts and crafts",
        60,
        120,
    ),
    DemoExchange(
        "ron-sam-plane", "ron.ellis", "sam.hughes", "Showed Sam how to use a plane", "Learning and teaching", 90, 116
    ),
    DemoExchange(
        "patrick-kitchen-cook", "patrick.doyle", KITCHEN, "Cooked the Friday meal", "Cooking and food", 180, 112
    ),
    DemoExchange(
        "ahmed-kitchen-setup",
        "ahmed.farah",
        KITCHEN,
        "Set up and washed up at the Friday meal",
        "Cooking and food",
        120,
        110,
    ),
    DemoExchange(
        "kitchen-daniela-course",
        KITCHEN,
        "daniela.costa",
        "A place on the Cook and Learn course",
        "Learning and teaching",
        120,
        108,
    ),
    DemoExchange(
        "peggy-gloria-shawl",
        "margaret.ellis",
        "gloria.baptiste",
        "Knitted Gloria a shawl",
        "Arts and crafts",
        240,
        101,
        brokered=True,
    ),
    DemoExchange(
        "priya-carers-rota",
        "priya.raman",
        CARERS,
        "Built a spreadsheet for the carers’ breaks rota",
        "Admin and paperwork",
        120,
        98,
    ),
    DemoExchange(
        "gloria-peggy-sitting",
        "gloria.baptiste",
        "margaret.ellis",
        "Sat with Ron on a Thursday afternoon",
        "Care and support",
        120,
        95,
        brokered=True,
    ),
    DemoExchange(
        "zainab-carers-coffee",
        "zainab.hussain",
        CARERS,
        "Ran the Bengali carers’ coffee morning",
        "Running groups and events",
        120,
        90,
    ),
    DemoExchange(
        "chloe-opendoor-posters",
        "chloe.barker",
        OPEN_DOOR,
        "Drew the posters for wellbeing week",
        "Arts and crafts",
        120,
        88,
    ),
    DemoExchange(
        "harjit-carers-diwali",
        "harjit.gill",
        CARERS,
        "Cooked for the carers’ Diwali lunch",
        "Cooking and food",
        180,
        85,
    ),
    DemoExchange(
        "carers-peggy-break",
        CARERS,
        "margaret.ellis",
        "A sitting service so Peggy could have a break",
        "Care and support",
        180,
        80,
    ),
    DemoExchange("karen-fiona-haircut", "karen.barker", "fiona.macleod", "Haircut", "Care and support", 45, 78),
    DemoExchange(
        "tomasz-patrick-chair",
        "tomasz.nowak",
        "patrick.doyle",
        "Mended a wobbly kitchen chair",
        "DIY and repairs",
        90,
        75,
    ),
    DemoExchange(
        "meilin-winston-taichi", "meilin.zhou", "winston.clarke", "Tai chi in the park", "Sport and exercise", 60, 72
    ),
    DemoExchange(
        "gemma-kitchen-grant",
        "gemma.walsh",
        KITCHEN,
        "Helped write a grant application",
        "Admin and paperwork",
        120,
        70,
    ),
    DemoExchange(
        "zainab-sarah-bengali",
        "zainab.hussain",
        "sarah.penrose",
        "Taught some Bengali greetings",
        "Learning and teaching",
        60,
        68,
    ),
    DemoExchange(
        "bilal-beth-reports",
        "bilal.khan",
        "beth.turner",
        "Helped Beth write her quality report on the computer",
        "Getting online and IT help",
        90,
        65,
    ),
    DemoExchange(
        "jay-mehmet-story",
        "jay.morgan",
        "mehmet.yilmaz",
        "Helped Mehmet write his story down",
        "Learning and teaching",
        120,
        62,
    ),
    DemoExchange(
        "derek-peggy-books",
        "derek.mills",
        "margaret.ellis",
        "Talking book recommendations over tea",
        "Company and befriending",
        60,
        60,
        brokered=True,
    ),
    DemoExchange(
        "beth-sam-train",
        "beth.turner",
        "sam.hughes",
        "Practised the train journey to the seaside together",
        "Transport and lifts",
        240,
        58,
    ),
    DemoExchange(
        "kwame-chloe-speaking",
        "kwame.mensah",
        "chloe.barker",
        "Practice for speaking up in meetings",
        "Learning and teaching",
        60,
        55,
    ),
    DemoExchange(
        "fiona-paul-walk",
        "fiona.macleod",
        "paul.whitcombe",
        "A hill walk with map reading",
        "Sport and exercise",
        180,
        50,
    ),
    DemoExchange(
        "paul-derek-paper",
        "paul.whitcombe",
        "derek.mills",
        "Read the local paper aloud",
        "Company and befriending",
        60,
        45,
    ),
    DemoExchange(
        "nell-becky-veg",
        "eleanor.whitaker",
        "rebecca.shaw",
        "A morning learning to grow vegetables",
        "Gardening",
        120,
        42,
    ),
    DemoExchange(
        "ron-derek-tools",
        "ron.ellis",
        "derek.mills",
        "Sharpened Derek’s garden tools",
        "DIY and repairs",
        45,
        40,
        brokered=True,
    ),
    DemoExchange(
        "ahmed-oliver-chillies", "ahmed.farah", "oliver.grant", "Chilli seeds and how to grow them", "Gardening", 45, 38
    ),
    DemoExchange(
        "siobhan-marcus-coaching",
        "siobhan.kelly",
        "marcus.bell",
        "A coaching conversation about tenants on interview panels",
        "Learning and teaching",
        60,
        35,
    ),
    DemoExchange(
        "marcus-joy-dj",
        "marcus.bell",
        "joy.chikwanha",
        "DJ’d at Joy’s daughter’s party",
        "Music and performance",
        180,
        30,
    ),
    DemoExchange(
        "bernadette-amira-jollof",
        "bernadette.okafor",
        "amira.haddad",
        "Jollof rice for the drop-in’s birthday party",
        "Cooking and food",
        120,
        28,
    ),
    DemoExchange(
        "amira-karen-embroidery", "amira.haddad", "karen.barker", "An embroidery lesson", "Arts and crafts", 90, 25
    ),
    DemoExchange(
        "oliver-derek-reader",
        "oliver.grant",
        "derek.mills",
        "Set up shortcuts on Derek’s screen reader",
        "Getting online and IT help",
        60,
        20,
    ),
    DemoExchange(
        "daniela-patrick-budget",
        "daniela.costa",
        "patrick.doyle",
        "Cooking on a budget: a week of meals",
        "Cooking and food",
        90,
        15,
    ),
)

# Said to have happened by one side; the other side has not confirmed yet (giver_confirmed says which side has).
WAITING = (
    (
        DemoExchange(
            "liam-joy-wardrobe",
            "liam.fletcher",
            "joy.chikwanha",
            "Built a flat-pack wardrobe",
            "DIY and repairs",
            120,
            3,
        ),
        True,
    ),
    (
        DemoExchange(
            "becky-nell-signs",
            "rebecca.shaw",
            "eleanor.whitaker",
            "BSL signs for the garden’s welcome board",
            "Learning and teaching",
            60,
            2,
        ),
        False,
    ),
)

# Someone has answered a request on the board; the person who asked has not said yes yet.
ANSWERED = (("bilal.khan", "winston.clarke", "Someone to show me video calls, properly"),)

GARDEN_MORNING = "demo-group-garden-spring-planting"
GARDEN_PEOPLE = (
    "ruth.abrahams",
    "sam.hughes",
    "ron.ellis",
    "ahmed.farah",
    "meilin.zhou",
    "oliver.grant",
    "rebecca.shaw",
    "priya.raman",
    "karen.barker",
    "bilal.khan",
    "chloe.barker",
    "beth.turner",
)

DONATIONS = (
    ("kwame.mensah", 60, "For anyone who needs a hand this winter"),
    ("florin.popescu", 90, ""),
    ("marcus.bell", 60, "From the Elm Court DJ fund"),
    ("ruth.abrahams", 30, "Pass it on"),
)
GRANT = ("derek.mills", 120, "Help with shopping while his usual helper is away", "Shopping and errands")


def _email(local: str) -> str:
    return f"{local}{DOMAIN}"


class _Ledger:
    """The demo's people, organisations, categories and accounts, looked up once."""

    def __init__(self, people: dict[str, Person], organisations: dict[str, Organisation]) -> None:
        self.people = {email.removesuffix(DOMAIN): person for email, person in people.items()}
        self.organisations = organisations
        self.categories = {category.name: category for category in Category.objects.all()}
        self.neighbourhoods = {n.name: n for n in Neighbourhood.objects.all()}
        self.accounts: dict[str, Account] = {}
        self.added = 0

    def person(self, local: str) -> Person:
        return self.people[local]

    def account(self, owner: str) -> Account:
        if owner not in self.accounts:
            if owner in self.organisations:
                self.accounts[owner] = account_for_organisation(self.organisations[owner])
            else:
                self.accounts[owner] = account_for_person(self.people[owner])
        return self.accounts[owner]

    def category(self, name: str) -> Category:
        return self.categories[name]


def demo_timebank_ensure(people: dict[str, Person], organisations: dict[str, Organisation]) -> int:
    """Load whatever part of the demo timebank is missing; returns how many rows this run added."""
    with transaction.atomic():
        ledger = _Ledger(people, organisations)
        _accounts_ensure(ledger)
        _listings_ensure(ledger)
        _exchanges_ensure(ledger)
        _waiting_ensure(ledger)
        _garden_ensure(ledger)
        _pot_ensure(ledger)
    return ledger.added


def _accounts_ensure(ledger: _Ledger) -> None:
    have = set(Account.objects.values_list("person_id", "organisation_id"))
    for local, person in ledger.people.items():
        if local in NOT_YET_IN_TIMEBANK:
            continue
        if (person.pk, None) not in have:
            ledger.added += 1
        ledger.account(local)
    for name, organisation in ledger.organisations.items():
        if (None, organisation.pk) not in have:
            ledger.added += 1
        ledger.account(name)


def _days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _listings_ensure(ledger: _Ledger) -> None:
    have = set(Listing.objects.values_list("account_id", "title"))
    for entry in LISTINGS:
        account = ledger.account(entry.owner)
        if (account.pk, entry.title) in have:
            continue
        if entry.neighbourhood is None:
            profile = getattr(ledger.person(entry.owner), "profile", None)
            neighbourhood = profile.neighbourhood if profile is not None else None
        else:
            neighbourhood = ledger.neighbourhoods.get(entry.neighbourhood)
        created_by = (
            ledger.person(entry.owner) if entry.owner in ledger.people else _organisation_admin(ledger, entry.owner)
        )
        listing = Listing.objects.create(
            kind=entry.kind,
            account=account,
            created_by=created_by,
            title=entry.title,
            description=entry.description,
            category=ledger.category(entry.category),
            neighbourhood=neighbourhood,
        )
        audit_record(actor=None, action="timebank.listing_create", target=listing, detail={"source": "demo"})
        ledger.added += 1


def _organisation_admin(ledger: _Ledger, name: str) -> Person:
    admin = (
        Person.objects.filter(memberships__organisation=ledger.organisations[name], memberships__role=Role.ORG_ADMIN)
        .order_by("pk")
        .first()
    )
    assert admin is not None, f"the demo organisation {name} has no admin"
    return admin


def _exchanges_ensure(ledger: _Ledger) -> None:
    keys = [f"demo-exchange-{entry.key}" for entry in EXCHANGES]
    have = set(Transfer.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    for entry, key in zip(EXCHANGES, keys, strict=True):
        if key in have:
            continue
        exchange_record_completed(
            actor=None,
            giver=ledger.account(entry.giver),
            receiver=ledger.account(entry.receiver),
            minutes=entry.minutes,
            occurred_on=_days_ago(entry.days_ago),
            description=entry.what,
            category=ledger.category(entry.category),
            idempotency_key=key,
            # From Amira's paper diary at the carers' drop-in. The system stays the actor in the audit log.
            brokered_by=ledger.person(BROKER) if entry.brokered else None,
        )
        ledger.added += 2  # the exchange and its transfer


def _waiting_ensure(ledger: _Ledger) -> None:
    now = timezone.now()
    for entry, giver_confirmed in WAITING:
        giver, receiver = ledger.account(entry.giver), ledger.account(entry.receiver)
        if Exchange.objects.filter(giver=giver, receiver=receiver, description=entry.what).exists():
            continue
        exchange = Exchange.objects.create(
            giver=giver,
            receiver=receiver,
            description=entry.what,
            category=ledger.category(entry.category),
            minutes=entry.minutes,
            occurred_on=_days_ago(entry.days_ago),
            status=Exchange.Status.DONE,
            proposed_by=ledger.person(entry.receiver),
            giver_confirmed_at=now if giver_confirmed else None,
            receiver_confirmed_at=None if giver_confirmed else now,
        )
        audit_record(actor=None, action="timebank.exchange_record_time", target=exchange, detail={"source": "demo"})
        ledger.added += 1
    for helper, asker, title in ANSWERED:
        listing = Listing.objects.filter(account=ledger.account(asker), title=title).first()
        giver = ledger.account(helper)
        if listing is None or Exchange.objects.filter(listing=listing, giver=giver).exists():
            continue
        exchange = Exchange.objects.create(
            listing=listing,
            giver=giver,
            receiver=listing.account,
            description=title,
            category=listing.category,
            proposed_by=ledger.person(helper),
        )
        audit_record(actor=None, action="timebank.exchange_propose", target=exchange, detail={"source": "demo"})
        ledger.added += 1


def _garden_ensure(ledger: _Ledger) -> None:
    if Transfer.objects.filter(idempotency_key=GARDEN_MORNING).exists():
        return
    group_activity_record(
        actor=None,
        payer=ledger.account(GARDEN),
        shares=[Share(person=ledger.person(local), minutes=120) for local in GARDEN_PEOPLE],
        occurred_on=_days_ago(47),
        description="Spring planting morning at the community garden",
        category=ledger.category("Gardening"),
        idempotency_key=GARDEN_MORNING,
        approved_by=ledger.person(APPROVER),
    )
    ledger.added += 1


def _pot_ensure(ledger: _Ledger) -> None:
    for local, minutes, note in DONATIONS:
        key = f"demo-donation-{local}"
        if Transfer.objects.filter(idempotency_key=key).exists():
            continue
        pot_donate(actor=None, donor=ledger.person(local), minutes=minutes, note=note, idempotency_key=key)
        ledger.added += 1
    local, minutes, what, category = GRANT
    key = f"demo-grant-{local}"
    if not Transfer.objects.filter(idempotency_key=key).exists():
        pot_grant(
            actor=None,
            recipient=ledger.person(local),
            minutes=minutes,
            description=what,
            category=ledger.category(category),
            idempotency_key=key,
        )
        ledger.added += 1
