"""Brackenfold's badges: four badges with simple pictures drawn here in code, two of them already held and shown,
and one nomination waiting, so the badge list, a badge's page, the nominations queue and a profile all have
something in them the moment the demo loads.

- "Cooks for thirty" is open to peers and held by Patrick, who cooks the Friday meal.
- "Listens well" is held by Mehmet from the crisis café; Joy is nominated for it and waiting. A visitor can still
  be nominated for it, accept it, download it and check it, as the issue's walk-through does.
- "Story gatherer" suggests people at five published stories gathered, so Amira Haddad (who gathered several of
  the demo's stories with their tellers) is on the suggestions page.
- "Has trained staff" suggests anyone who has trained one held session from lived experience, so Jay Morgan (who
  ran the demo's held session) is on the suggestions page.

A badge is matched by its name, an award by its badge and recipient, a nomination by its badge, nominee and
nominator; a row that exists is left alone. Rows are written directly, with the system as the actor in the audit
log, as the other demo data is: the made-up people did not do these things themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.core.services import audit_record
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.recognition.models import Award, Badge, Nomination

DOMAIN = "@brackenfold.example"


def badge_svg(background: str, drawing: str) -> bytes:
    """A round badge: a coloured disc with a white ring, and a white drawing on it (in a 64 by 64 box)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<circle cx="32" cy="32" r="31" fill="{background}"/>'
        '<circle cx="32" cy="32" r="27" fill="none" stroke="#ffffff" stroke-width="2"/>'
        f'<g fill="none" stroke="#ffffff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round">{drawing}</g>'
        "</svg>"
    ).encode()


POT = (
    '<path d="M18 30h28v10a8 8 0 0 1-8 8H26a8 8 0 0 1-8-8z"/><path d="M14 30h36"/>'
    '<path d="M25 24c-2-3 2-5 0-8M32 24c-2-3 2-5 0-8M39 24c-2-3 2-5 0-8"/>'
)
BUBBLES = '<path d="M14 20h20v12H22l-5 5v-5h-3z"/><path d="M30 30h20v12h-3v5l-5-5H30z"/>'
BOOK = '<path d="M32 22c-5-3-11-3-16-1v22c5-2 11-2 16 1 5-3 11-3 16-1V21c-5-2-11-2-16 1z"/><path d="M32 22v22"/>'
TRAINER = (
    '<rect x="14" y="16" width="24" height="16" rx="1"/><circle cx="44" cy="24" r="4"/>'
    '<path d="M44 28v10M38 34l6-4 6 4"/><circle cx="20" cy="44" r="3"/><circle cx="31" cy="44" r="3"/>'
)


@dataclass(frozen=True)
class DemoBadge:
    name: str
    description: str
    criteria: str
    colour: str
    drawing: str
    alt: str
    kind: str = Badge.Kind.TALENT
    peers_may_award: bool = False
    suggest_for: str = ""
    suggest_at: int | None = None


@dataclass(frozen=True)
class DemoAward:
    badge: str
    recipient: str
    awarded_by: str
    evidence: str
    days_ago: int


@dataclass(frozen=True)
class DemoNomination:
    badge: str
    nominee: str
    nominated_by: str
    reason: str
    days_ago: int


BADGES = (
    DemoBadge(
        name="Cooks for thirty",
        description="Feeds a room full of people, on a budget, and makes everyone feel they belong at the table.",
        criteria="Has planned and cooked a meal for thirty or more people at a community event, start to finish.",
        colour="#b54708",
        drawing=POT,
        alt="A cooking pot with steam rising from it",
        peers_may_award=True,
    ),
    DemoBadge(
        name="Listens well",
        description="Gives people time, takes in what they say, and helps them feel heard.",
        criteria="Someone they listened to says how it helped them, in their own words, and it happened more than "
        "once.",
        colour="#1d70b8",
        drawing=BUBBLES,
        alt="Two speech bubbles, one answering the other",
    ),
    DemoBadge(
        name="Story gatherer",
        description="Helps people tell their stories, with care and with their say-so, so that services can hear them.",
        criteria="Has gathered five stories with the teller’s consent, and made sure each teller was happy with how "
        "theirs was told.",
        colour="#4c2c92",
        drawing=BOOK,
        alt="An open book",
        suggest_for=Badge.SuggestFor.STORIES_GATHERED,
        suggest_at=5,
    ),
    DemoBadge(
        name="Has trained staff",
        description="Has used their own experience of services to teach the people who run them.",
        criteria="Has helped lead a training session for staff, drawing on lived experience of using services or "
        "of caring.",
        colour="#00703c",
        drawing=TRAINER,
        alt="A person standing by a board in front of a small group",
        kind=Badge.Kind.LEARNING,
        suggest_for=Badge.SuggestFor.SESSIONS_TRAINED,
        suggest_at=1,
    ),
)

AWARDS = (
    DemoAward(
        badge="Cooks for thirty",
        recipient="patrick.doyle",
        awarded_by="yusuf.rahman",
        evidence="Patrick has run the Friday meal at the kitchen since the spring: forty people most weeks, from "
        "whatever the food bank had in, and nobody has ever gone home hungry.",
        days_ago=40,
    ),
    DemoAward(
        badge="Listens well",
        recipient="mehmet.yilmaz",
        awarded_by="gemma.walsh",
        evidence="Three people who came to the crisis café on Tuesday nights told us, separately, that Mehmet was the "
        "first person in a long time who let them finish what they were saying.",
        days_ago=20,
    ),
)

NOMINATIONS = (
    DemoNomination(
        badge="Listens well",
        nominee="joy.chikwanha",
        nominated_by="sam.hughes",
        reason="Joy notices when I’m having a bad day before I say anything, and she waits for me to talk.",
        days_ago=3,
    ),
)


def demo_recognition_ensure(people: dict[str, Person], organisations: dict[str, Organisation]) -> int:
    """Load whatever part of the demo badges is missing; returns how many rows this run added."""
    by_local = {email.removesuffix(DOMAIN): person for email, person in people.items()}
    added = 0
    with transaction.atomic():
        badges = {}
        for entry in BADGES:
            badge, made = _badge_ensure(entry)
            badges[entry.name] = badge
            added += made
        for award in AWARDS:
            added += _award_ensure(award, badges, by_local)
        for nomination in NOMINATIONS:
            added += _nomination_ensure(nomination, badges, by_local)
    return added


def _badge_ensure(entry: DemoBadge) -> tuple[Badge, int]:
    badge = Badge.objects.filter(name=entry.name).defer("image").first()
    if badge is not None:
        return badge, 0
    badge = Badge.objects.create(
        name=entry.name,
        slug=slugify(entry.name),
        description=entry.description,
        criteria=entry.criteria,
        kind=entry.kind,
        image=badge_svg(entry.colour, entry.drawing),
        image_type="image/svg+xml",
        image_alt=entry.alt,
        peers_may_award=entry.peers_may_award,
        suggest_for=entry.suggest_for,
        suggest_at=entry.suggest_at,
    )
    audit_record(actor=None, action="recognition.badge_define", target=badge, detail={"source": "demo"})
    return badge, 1


def _award_ensure(entry: DemoAward, badges: dict[str, Badge], people: dict[str, Person]) -> int:
    badge, recipient = badges[entry.badge], people.get(entry.recipient)
    if recipient is None or Award.objects.filter(badge=badge, recipient=recipient).exists():
        return 0
    when = timezone.now() - timedelta(days=entry.days_ago)
    award = Award.objects.create(
        badge=badge,
        recipient=recipient,
        awarded_by=people.get(entry.awarded_by),
        evidence=entry.evidence,
        status=Award.Status.ACCEPTED,
        responded_at=when + timedelta(days=1),
        shown_on_profile=True,
    )
    # Given on the day the story says, not the day the demo loaded.
    Award.objects.filter(pk=award.pk).update(awarded_at=when)
    audit_record(actor=None, action="recognition.award_give", target=award, detail={"source": "demo"})
    return 1


def _nomination_ensure(entry: DemoNomination, badges: dict[str, Badge], people: dict[str, Person]) -> int:
    badge, nominee, nominator = badges[entry.badge], people.get(entry.nominee), people.get(entry.nominated_by)
    if nominee is None or Nomination.objects.filter(badge=badge, nominee=nominee, nominated_by=nominator).exists():
        return 0
    nomination = Nomination.objects.create(badge=badge, nominee=nominee, nominated_by=nominator, reason=entry.reason)
    Nomination.objects.filter(pk=nomination.pk).update(created_at=timezone.now() - timedelta(days=entry.days_ago))
    audit_record(actor=None, action="recognition.nomination_create", target=nomination, detail={"source": "demo"})
    return 1
