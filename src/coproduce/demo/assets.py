"""Brackenfold's community assets: the groups, places and resources the borough already has, so that "Who can
help?" finds more than people. Everything here is invented; phone numbers are from Ofcom's 07700 900xxx drama
range and addresses use the reserved `.example` domain.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from coproduce.demo.brackenfold import (
    ASHGROVE,
    FOLD_GREEN,
    GARDEN,
    HOLLYBANK,
    KITCHEN,
    KNIT,
    MILLBROOK,
    OLD_TOWN,
    TANNERS_WHARF,
)
from coproduce.organisations.models import Organisation
from coproduce.people.models import CommunityAsset, Neighbourhood, Tag
from coproduce.people.selectors.tags import tags_match
from coproduce.people.services.assets import community_asset_create
from coproduce.people.services.tags import TagError, tag_create

Kind = CommunityAsset.Kind


@dataclass(frozen=True)
class DemoAsset:
    name: str
    kind: CommunityAsset.Kind
    offers: str
    neighbourhood: str
    tags: tuple[str, ...] = ()
    when: str = ""
    where: str = ""
    access: str = ""
    contact: str = ""
    organisation: str = ""


BRACKENFOLD_ASSETS = (
    DemoAsset(
        name="Thursday Knit and Natter",
        kind=Kind.GROUP,
        offers=(
            "Knitting, crochet and a good chat over tea. Beginners are taught, wool and needles are provided, and "
            "plenty of people come just for the company."
        ),
        neighbourhood=FOLD_GREEN,
        tags=("Knitting", "Crafts", "Befriending"),
        when="Thursdays, 1pm to 3pm",
        where="Fold Green Community Centre, small hall",
        access="Step-free entrance from the car park. Accessible toilet. Chairs with arms. Hearing loop.",
        contact="Ask for Maureen on 07700 900201",
        organisation=KNIT,
    ),
    DemoAsset(
        name="Hollybank Community Garden",
        kind=Kind.PLACE,
        offers=(
            "Half an acre of raised beds, a polytunnel and a kettle. Come and grow vegetables, learn from people "
            "who have done it for years, or just sit in the sun. No experience needed, and there is always soup."
        ),
        neighbourhood=HOLLYBANK,
        tags=("Gardening", "Nature and wildlife", "Sustainability"),
        when="Tuesday and Saturday mornings, 10am to 1pm",
        where="Behind Hollybank Library, Station Road",
        access="Level paths throughout. Raised beds at wheelchair height. Accessible toilet in the library.",
        contact="garden@hollybank.example",
        organisation=GARDEN,
    ),
    DemoAsset(
        name="Tuesday Lunch Club",
        kind=Kind.GROUP,
        offers=(
            "A hot two-course lunch for £3, cooked by volunteers, followed by a quiz or bingo. A good way to meet "
            "neighbours, especially if you live on your own. Volunteers who like cooking for a crowd are welcome."
        ),
        neighbourhood=TANNERS_WHARF,
        tags=("Cooking", "Welcoming people", "Befriending"),
        when="Tuesdays, 12 noon to 2pm",
        where="St Mark’s church hall, Wharf Street",
        access="Ramp at the side door. Accessible toilet. Tell us about any diet and we will cook for it.",
        contact="07700 900202",
        organisation=KITCHEN,
    ),
    DemoAsset(
        name="Digital Help Sessions at Millbrook Library",
        kind=Kind.RESOURCE,
        offers=(
            "Free one-to-one help with phones, tablets and computers: email, video calls with family, online "
            "forms, booking a GP appointment and staying safe online. Bring your own device or borrow one."
        ),
        neighbourhood=MILLBROOK,
        tags=("IT help", "Form filling", "Social media"),
        when="Mondays and Wednesdays, 2pm to 4pm",
        where="Millbrook Library, Market Street",
        access="Step-free. Large-print guides. Book ahead for a quiet room or a BSL interpreter.",
        contact="millbrook.library@brackenfold.example or 07700 900203",
    ),
    DemoAsset(
        name="Ashgrove Men’s Shed",
        kind=Kind.PLACE,
        offers=(
            "A workshop where men (and anyone who fancies it) make, mend and chat shoulder to shoulder. "
            "Woodwork, bike repairs, bird boxes for the garden, and a brew."
        ),
        neighbourhood=ASHGROVE,
        tags=("Woodwork", "DIY", "Bike repair"),
        when="Wednesdays and Fridays, 10am to 3pm",
        where="Unit 4, Ashgrove Trading Estate",
        access="Ground floor, wide doors. Accessible toilet. Tools for people with a weaker grip.",
        contact="ashgroveshed@brackenfold.example",
    ),
    DemoAsset(
        name="Little Acorns Parent and Toddler Group",
        kind=Kind.GROUP,
        offers=(
            "Play, songs and a snack for under-fives, and tea and a chat for the grown-ups who bring them: "
            "parents, grandparents, carers and childminders."
        ),
        neighbourhood=OLD_TOWN,
        tags=("Childcare", "Singing", "Music"),
        when="Mondays and Thursdays in term time, 9:30am to 11:30am",
        where="Old Town Methodist Church, Bridge Street",
        access="Step-free. Space for buggies and wheelchairs. Baby-changing in the accessible toilet.",
        contact="littleacorns@brackenfold.example",
    ),
    DemoAsset(
        name="Brackenfold Food Bank",
        kind=Kind.RESOURCE,
        offers=(
            "Food parcels for three days, toiletries and a warm welcome, run by St Mark’s Church and the Al-Noor "
            "Mosque with volunteers of every faith and none. Advisers can help with benefits and budgeting."
        ),
        neighbourhood=TANNERS_WHARF,
        tags=("Money and budgeting", "Shopping help", "Welcoming people"),
        when="Mondays, Wednesdays and Fridays, 11am to 1pm",
        where="St Mark’s church hall, Wharf Street",
        access="Ramp at the side door. Food can be delivered to people who cannot get out.",
        contact="07700 900204",
        organisation=KITCHEN,
    ),
    DemoAsset(
        name="Wednesday Walkers",
        kind=Kind.GROUP,
        offers=(
            "Gentle walks of about an hour around the borough’s parks and canal paths, at the pace of the "
            "slowest walker, finishing at a café. Good for company as much as fitness."
        ),
        neighbourhood=HOLLYBANK,
        tags=("Walking", "Nature and wildlife", "Fitness"),
        when="Wednesdays, 10am (meet ten minutes early)",
        where="Meet at the Hollybank Park gates, Park Road",
        access="Mostly level paths. Benches along the way. Tell the walk leader if you need to stop often.",
        contact="Ask for Des on 07700 900205",
    ),
    DemoAsset(
        name="Brackenfold Deaf Club",
        kind=Kind.CLUB,
        offers=(
            "A social club for Deaf people, people who are losing their hearing and anyone learning British Sign "
            "Language. Board games, talks, trips and a monthly signed quiz."
        ),
        neighbourhood=MILLBROOK,
        tags=("Board games", "Languages", "Befriending"),
        when="First and third Saturday of the month, 2pm to 6pm",
        where="Millbrook Community Rooms, Canal Street",
        access="BSL is the club’s first language. Hearing loop and good lighting. Step-free.",
        contact="Text or WhatsApp 07700 900206, or deafclub@brackenfold.example",
    ),
    DemoAsset(
        name="Fold Green Repair Café",
        kind=Kind.GROUP,
        offers=(
            "Bring something broken (a lamp, a toaster, a jumper with a hole, a wobbly chair) and volunteers will "
            "fix it with you, for free. Learn to mend things yourself and keep them out of the bin."
        ),
        neighbourhood=FOLD_GREEN,
        tags=("Upcycling", "DIY", "Sewing"),
        when="Last Saturday of the month, 10am to 1pm",
        where="Fold Green Community Centre, main hall",
        access="Step-free entrance from the car park. Accessible toilet.",
        contact="repaircafe@foldgreen.example",
    ),
    DemoAsset(
        name="Tanners Wharf Accessible Allotment",
        kind=Kind.PLACE,
        offers=(
            "Shared plots designed so that everyone can grow: raised beds, a sensory garden and a greenhouse. "
            "Volunteers help with the heavy digging, and you take home what you grow."
        ),
        neighbourhood=TANNERS_WHARF,
        tags=("Gardening", "Sustainability"),
        when="Every day, 9am to dusk. Volunteers on site on Thursdays.",
        where="Canal Side allotments, gate 2, off Tanners Lane",
        access=(
            "Wheelchair-accessible throughout: firm level paths, raised beds at three heights, an accessible "
            "toilet and two blue-badge parking spaces by the gate."
        ),
        contact="allotment@brackenfold.example",
    ),
    DemoAsset(
        name="Ashgrove Community Centre",
        kind=Kind.PLACE,
        offers=(
            "Rooms to book for community groups at low cost or free, a hall for events, a kitchen to cook in, and "
            "a noticeboard of everything happening in Ashgrove. Chair yoga and a coffee morning every week."
        ),
        neighbourhood=ASHGROVE,
        tags=("Event planning", "Yoga", "Welcoming people"),
        when="Monday to Saturday, 9am to 9pm",
        where="Ashgrove Road, opposite the school",
        access="Step-free, lift to the first floor, hearing loop in the hall, accessible toilet on each floor.",
        contact="bookings@ashgrove.example or 07700 900207",
    ),
)


def _demo_tags(names: tuple[str, ...]) -> list[Tag]:
    """Matched the way a facilitator's typing would be; a name the shared list lacks joins it, approved, as the
    demo's people's own tags do."""
    match = tags_match(list(names))
    tags = list(match.known)
    for name in match.unknown:
        try:
            tags.append(tag_create(actor=None, name=name))
        except TagError:
            continue
    return tags


def demo_assets_ensure(assets: tuple[DemoAsset, ...] = BRACKENFOLD_ASSETS) -> int:
    """Add whichever demo assets are missing, matched by name; return how many were added. An asset that exists is
    left as it is, because someone trying the demo may have changed it."""
    existing = set(CommunityAsset.objects.filter(name__in=[a.name for a in assets]).values_list("name", flat=True))
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[a.organisation for a in assets])}
    neighbourhoods: dict[str, Neighbourhood] = {}
    added = 0
    for entry in assets:
        if entry.name in existing:
            continue
        if entry.neighbourhood not in neighbourhoods:
            neighbourhoods[entry.neighbourhood] = Neighbourhood.objects.get_or_create(name=entry.neighbourhood)[0]
        with transaction.atomic():
            community_asset_create(
                actor=None,
                name=entry.name,
                kind=entry.kind,
                offers=entry.offers,
                tags=_demo_tags(entry.tags),
                when=entry.when,
                where=entry.where,
                neighbourhood=neighbourhoods[entry.neighbourhood],
                access=entry.access,
                contact=entry.contact,
                organisation=organisations.get(entry.organisation),
            )
        added += 1
    return added
