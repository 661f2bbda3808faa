"""Brackenfold's services answering stories, and what people have told managers directly.

A dozen of the published demo stories have a response from a manager of a service they name, a few days after they
were published, some saying a change is planned or made. None links an action: the demo's plans are its own, and
linking a change to one is left for someone trying the demo, as are the newest stories. Some feedback waits
in managers' inboxes (one a week overdue, one sent without a name, one from a venue's tablet) and one is already
acknowledged. Carers' Drop-in has a tablet link.

Rows are matched by their natural keys (a story's title and a service; feedback's words and service; a link's label
and service) and left alone if they exist, so loading again adds only what is missing. They are written directly,
with the system as the actor, as the rest of the demo is, so no one is emailed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.demo.brackenfold import (
    CARERS,
    CARERS_BREAKS,
    CARERS_DROP_IN,
    COMMUNITY_TEAM,
    COUNCIL,
    CRISIS_CAFE,
    DIRECT_PAYMENTS,
    ELM_COURT,
    GARDEN,
    GROWING,
    KEYSTONE,
    KNIT,
    KNIT_THURSDAY,
    MEMORY,
    NHS,
    OPEN_DOOR,
    RECOVERY_COLLEGE,
)
from coproduce.organisations.models import Organisation, Service
from coproduce.people.models import Person
from coproduce.stories.models import Feedback, Response, Story, VenueLink

DOMAIN = "@brackenfold.example"
MADE = Response.Change.MADE
PLANNED = Response.Change.PLANNED


@dataclass(frozen=True)
class DemoResponse:
    story: str
    service: tuple[str, str]
    author: str
    days_after: int
    body: str
    change: str = ""


@dataclass(frozen=True)
class DemoFeedback:
    service: tuple[str, str]
    body: str
    days_ago: int
    teller: str = ""
    hide_identity: bool = False
    contact: str = ""
    venue: str = ""
    acknowledged_by: str = ""
    note: str = ""


RESPONSES = (
    DemoResponse(
        "Sent home on a Friday night with nothing in place",
        (COUNCIL, COMMUNITY_TEAM),
        "siobhan.kelly",
        6,
        "Thank you for writing this down, painful as it was. Nobody should go home on a Friday to an empty "
        "fridge and no visit booked. We have agreed a checklist with the ward: no discharge after two on a "
        "Friday unless the first visit is booked and someone has rung the carer.",
        MADE,
    ),
    DemoResponse(
        "The transport that never came",
        (COUNCIL, COMMUNITY_TEAM),
        "siobhan.kelly",
        3,
        "We are sorry: a missed lift means a missed appointment, and a morning lost. From next month our "
        "team will ring the day before every journey we have booked, to check it is still on.",
        PLANNED,
    ),
    DemoResponse(
        "The transport that never came",
        (CARERS, CARERS_DROP_IN),
        "bernadette.okafor",
        1,
        "Thank you, Mr Aziz, for telling Amira. We have passed this to the council's team and will ask at the "
        "drop-in whether it has happened to anyone else.",
    ),
    DemoResponse(
        "Meals on a tray at half past ten",
        (COUNCIL, COMMUNITY_TEAM),
        "priya.raman",
        9,
        "Breakfast at half past ten is not a choice anyone would make. We are asking every home care provider "
        "we work with to agree meal times with each person, and to write them in their plan.",
        PLANNED,
    ),
    DemoResponse(
        "Eleven weeks for twenty minutes",
        (COUNCIL, COMMUNITY_TEAM),
        "siobhan.kelly",
        4,
        "Eleven weeks is too long, and we know it. Thank you for saying so plainly. We have brought the "
        "waiting list to our next co-production meeting, and would welcome you there.",
    ),
    DemoResponse(
        "The leaflet that nearly kept me away",
        (NHS, RECOVERY_COLLEGE),
        "jay.morgan",
        2,
        "You were right about the leaflet. Three students rewrote it with us in plain words, and the new one "
        "has been at reception since last month.",
        MADE,
    ),
    DemoResponse(
        "An interpreter who understood dementia",
        (NHS, MEMORY),
        "neil.sharma",
        5,
        "Thank you for telling us what made the difference. We have shared your story with the interpreting "
        "service, so they know what good looks like.",
    ),
    DemoResponse(
        "Toast at eleven at night",
        (OPEN_DOOR, CRISIS_CAFE),
        "gemma.walsh",
        2,
        "Thank you. The toast is the volunteers' idea, and they were delighted to read this.",
    ),
    DemoResponse(
        "The café shuts just as the night gets hard",
        (OPEN_DOOR, CRISIS_CAFE),
        "gemma.walsh",
        7,
        "We have heard this from others too. We are going to try staying open until midnight on Fridays and "
        "Saturdays for three months, and ask how it goes.",
        PLANNED,
    ),
    DemoResponse(
        "The rota residents helped write",
        (KEYSTONE, ELM_COURT),
        "marcus.bell",
        3,
        "It was the residents' rota, and it works better than ours did. Thank you for telling it.",
    ),
    DemoResponse(
        "A sitter who plays dominoes",
        (CARERS, CARERS_BREAKS),
        "bernadette.okafor",
        2,
        "We will tell Dennis: he will be very pleased, and probably insist on a rematch.",
    ),
    DemoResponse(
        "Nobody explained what I would pay",
        (COUNCIL, DIRECT_PAYMENTS),
        "priya.raman",
        6,
        "We should have told you before the assessment, in words you could use. Everyone now gets a short "
        "letter about charges first, which people who use the service helped us write.",
        MADE,
    ),
    DemoResponse(
        "Thursdays are mine",
        (KNIT, KNIT_THURSDAY),
        "brenda.holt",
        1,
        "The kettle is always on, Margaret. See you Thursday.",
    ),
    DemoResponse(
        "Growing the greens my mother grew",
        (GARDEN, GROWING),
        "eleanor.whitaker",
        4,
        "Your bed of callaloo is the talk of the garden. Thank you for sharing the seeds and the story.",
    ),
)

FEEDBACK = (
    DemoFeedback(
        (CARERS, CARERS_DROP_IN),
        "The new chairs are lovely, but the room is cold until ten. Could the heating come on earlier on Tuesdays?",
        2,
        teller="margaret.ellis",
    ),
    DemoFeedback(
        (CARERS, CARERS_DROP_IN),
        "When the support worker is off there is nobody who knows us. Could someone else learn our names, so "
        "we are not starting again every time?",
        10,
        hide_identity=True,
    ),
    DemoFeedback(
        (OPEN_DOOR, CRISIS_CAFE),
        "Thank you for the toast and the chat tonight. I did not feel like a problem.",
        4,
        venue="Front desk at the café",
    ),
    DemoFeedback(
        (COUNCIL, COMMUNITY_TEAM),
        "I waited on hold for forty minutes and then the line cut off. Please tell people roughly how long "
        "the wait is.",
        20,
        teller="gloria.baptiste",
        acknowledged_by="siobhan.kelly",
        note="Thank you, Gloria. We are adding a message that says how many people are waiting ahead of you.",
    ),
)

VENUE_LINKS = (((CARERS, CARERS_DROP_IN), "Tuesday drop-in, by the tea urn", "bernadette.okafor"),)


def demo_story_responses_ensure(people: dict[str, Person], organisations: dict[str, Organisation]) -> int:
    """Load whatever demo responses, feedback and venue links are missing; returns how many this run added."""
    by_local = {email.removesuffix(DOMAIN): person for email, person in people.items()}
    services = {
        (service.organisation.name, service.name): service
        for service in Service.objects.filter(organisation__in=organisations.values()).select_related("organisation")
    }
    stories = {
        story.title: story
        for story in Story.objects.filter(title__in=[entry.story for entry in RESPONSES], status=Story.Status.PUBLISHED)
    }
    added = 0
    with transaction.atomic():
        links: dict[tuple[tuple[str, str], str], VenueLink] = {}
        for key, label, maker in VENUE_LINKS:
            link = VenueLink.objects.filter(service=services[key], label=label).first()
            if link is None:
                link = VenueLink.objects.create(
                    service=services[key], label=label, token=secrets.token_urlsafe(32), created_by=by_local[maker]
                )
                added += 1
            links[(key, label)] = link
        for entry in RESPONSES:
            story = stories.get(entry.story)
            service = services[entry.service]
            if story is None or Response.objects.filter(story=story, service=service).exists():
                continue
            _response_create(entry, story, service, by_local[entry.author])
            added += 1
        for feedback in FEEDBACK:
            service = services[feedback.service]
            if Feedback.objects.filter(service=service, body=feedback.body).exists():
                continue
            _feedback_create(feedback, service, by_local, links)
            added += 1
    return added


def _response_create(entry: DemoResponse, story: Story, service: Service, author: Person) -> Response:
    assert story.published_at is not None
    answered_at = min(story.published_at + timedelta(days=entry.days_after), timezone.now())
    response = Response.objects.create(
        story=story, service=service, author=author, body=entry.body, change=entry.change
    )
    Response.objects.filter(pk=response.pk).update(created_at=answered_at)
    audit_record(actor=None, action="stories.response_post", target=response, detail={"source": "demo"})
    return response


def _feedback_create(
    entry: DemoFeedback,
    service: Service,
    people: dict[str, Person],
    links: dict[tuple[tuple[str, str], str], VenueLink],
) -> Feedback:
    sent_at = timezone.now() - timedelta(days=entry.days_ago)
    link = links.get((entry.service, entry.venue)) if entry.venue else None
    if entry.venue and link is None:
        link = VenueLink.objects.create(
            service=service, label=entry.venue, token=secrets.token_urlsafe(32), created_at=sent_at
        )
    feedback = Feedback.objects.create(
        service=service,
        body=entry.body,
        teller=people[entry.teller] if entry.teller else None,
        hide_identity=entry.hide_identity,
        teller_contact=entry.contact,
        at_venue=bool(entry.venue),
        venue_link=link,
        acknowledged_by=people[entry.acknowledged_by] if entry.acknowledged_by else None,
        acknowledgement=entry.note,
    )
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=sent_at, acknowledged_at=sent_at + timedelta(days=1) if entry.acknowledged_by else None
    )
    audit_record(actor=None, action="stories.feedback_send", target=feedback, detail={"source": "demo"})
    return feedback
