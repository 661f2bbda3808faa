"""Brackenfold's reflection rounds, so that results, distance travelled, the star chart, the readiness heatmap and
the ladder all show something true-looking the moment the demo loads.

- Elm Court Supported Living looked at itself with "How are we doing?" in the spring and again this autumn.
  Residents and staff see some things very differently, which the results page should make plain. The autumn
  round has its ideas gathered and choosing open, so a visitor (as Marcus Bell) can settle on three and make a plan.
- The Recovery College rated its workforce competencies twice, for the star chart's first and latest.
- The Carers' Centre checked readiness for four groups; the council placed four of its activities on the ladder.

A round is matched by its title and left alone if it exists. Rows are written directly with the system as the
actor, as the other demo data is: the made-up people did not do these things themselves. Answers are given by a
formula per perspective so they stay small to describe and the same on every load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.demo.brackenfold import CARERS, COUNCIL, ELM_COURT, KEYSTONE, NHS, RECOVERY_COLLEGE
from coproduce.organisations.models import Organisation, Service
from coproduce.people.models import Person
from coproduce.reflect.models import Answer, Framework, Idea, IdeaChoice, Participant, ReflectionRound
from coproduce.reflect.services.ideas import idea_key

DOMAIN = "@brackenfold.example"


@dataclass(frozen=True)
class Who:
    """A participant: a demo person's address before the @, or a name for someone answering on paper."""

    perspective: str
    person: str = ""
    name: str = ""
    anonymous: bool = False
    easy_read: bool = False
    # Added to every answer: how much better (or worse) this person thinks things are than the round's base.
    lean: int = 0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoRound:
    title: str
    framework: str
    organisation: str
    service: str
    opened_by: str
    days_ago: int
    closed_days_ago: int | None
    # The base answer for each dimension, in the framework's order; each participant leans from it.
    base: tuple[int, ...]
    people: tuple[Who, ...]
    subjects: tuple[str, ...] = ()
    ideas: tuple[str, ...] = ()
    choosing: bool = False


ELM_PEOPLE_SPRING = (
    Who("manager", "marcus.bell", lean=1),
    Who("staff", "joy.chikwanha", lean=1),
    Who("staff", "liam.fletcher", lean=0),
    Who("uses_service", "sam.hughes", lean=-1, easy_read=True),
    Who("uses_service", "beth.turner", lean=-1),
    Who("family", name="Sam’s mum (on paper)", lean=0),
)
ELM_PEOPLE_AUTUMN = (
    Who(
        "manager",
        "marcus.bell",
        lean=1,
        evidence=(
            "Residents sit on every interview panel now and two of them helped write the new induction.",
            "Beth’s quality checks changed how we do the handover sheet.",
        ),
    ),
    Who("staff", "joy.chikwanha", lean=1, evidence=("We ask people what they are good at when they move in.",)),
    Who("staff", "liam.fletcher", lean=0),
    Who(
        "uses_service",
        "sam.hughes",
        lean=-2,
        easy_read=True,
        evidence=("Staff still decide the rota for the garden without asking us.",),
    ),
    Who(
        "uses_service",
        "beth.turner",
        lean=0,
        evidence=("The quality checking is real, but it is only me and it is unpaid apart from timebank hours.",),
    ),
    Who("family", name="Sam’s mum (on paper)", lean=-1, evidence=("Nobody asked me about the move-in day.",)),
    Who("partner", "aisha.siddiqui", anonymous=True, lean=0),
)

ROUNDS = (
    DemoRound(
        title="Elm Court, spring 2026",
        framework="how-are-we-doing",
        organisation=KEYSTONE,
        service=ELM_COURT,
        opened_by="marcus.bell",
        days_ago=220,
        closed_days_ago=200,
        base=(2, 1, 2, 1),
        people=ELM_PEOPLE_SPRING,
    ),
    DemoRound(
        title="Elm Court, autumn 2026",
        framework="how-are-we-doing",
        organisation=KEYSTONE,
        service=ELM_COURT,
        opened_by="marcus.bell",
        days_ago=30,
        closed_days_ago=9,
        base=(3, 2, 2, 2),
        people=ELM_PEOPLE_AUTUMN,
        ideas=(
            "Residents draw up the garden rota with staff",
            "Pay quality checkers in timebank hours and say thank you in public",
            "Invite families to plan move-in days",
            "A buddy for every new resident from the people already living here",
            "Residents interview agency staff before they start",
            "Run the house meeting in easy read",
        ),
        choosing=True,
    ),
    DemoRound(
        title="Recovery College team, first look",
        framework="workforce-competencies",
        organisation=NHS,
        service=RECOVERY_COLLEGE,
        opened_by="neil.sharma",
        days_ago=300,
        closed_days_ago=280,
        base=(3, 2, 3, 3, 4, 2, 2),
        people=(
            Who("staff", "jay.morgan"),
            Who("staff", "tomasz.nowak", lean=-1),
            Who("partner", "paul.whitcombe", lean=0),
            Who("manager", "neil.sharma", lean=1),
        ),
    ),
    DemoRound(
        title="Recovery College team, a year on",
        framework="workforce-competencies",
        organisation=NHS,
        service=RECOVERY_COLLEGE,
        opened_by="neil.sharma",
        days_ago=25,
        closed_days_ago=5,
        base=(4, 3, 3, 4, 4, 4, 3),
        people=(
            Who("staff", "jay.morgan", evidence=("Co-tutors now plan every course with us from the first session.",)),
            Who("staff", "tomasz.nowak", lean=-1),
            Who("partner", "paul.whitcombe"),
            Who("manager", "neil.sharma", lean=1),
        ),
    ),
    DemoRound(
        title="Are we ready to co-produce the carers’ strategy?",
        framework="readiness",
        organisation=CARERS,
        service="",
        opened_by="bernadette.okafor",
        days_ago=60,
        closed_days_ago=45,
        base=(2, 3, 2, 3),
        subjects=("Commissioners", "Staff of providers", "People who use services", "Carers and families"),
        people=(
            Who("manager", "bernadette.okafor"),
            Who("staff", "amira.haddad", lean=1),
            Who("family", "zainab.hussain", lean=-1),
            Who("family", "margaret.ellis", easy_read=True),
            Who("manager", "fiona.macleod", lean=1),
        ),
    ),
    DemoRound(
        title="Where do our council activities sit on the ladder?",
        framework="ladder",
        organisation=COUNCIL,
        service="",
        opened_by="priya.raman",
        days_ago=50,
        closed_days_ago=40,
        base=(4,),
        subjects=(
            "The budget consultation",
            "The carers’ strategy group",
            "Expert by experience interview panels",
            "The day centre closure letters",
        ),
        people=(
            Who("staff", "priya.raman"),
            Who("manager", "siobhan.kelly", lean=1),
            Who("uses_service", "karen.barker", lean=-1),
            Who("family", "fiona.macleod"),
        ),
    ),
)

# On the ladder each activity sits differently; these move the base per activity, in the order above.
LADDER_SHIFT = (0, 2, 2, -3)
RAG_FOR = {1: "red", 2: "amber", 3: "amber", 4: "green"}


def demo_reflect_ensure(people: dict[str, Person], organisations: dict[str, Organisation]) -> int:
    """Load whatever demo rounds are missing; returns how many rounds this run added."""
    by_local = {email.removesuffix(DOMAIN): person for email, person in people.items()}
    services = {
        (service.organisation.name, service.name): service
        for service in Service.objects.filter(organisation__in=organisations.values()).select_related("organisation")
    }
    frameworks = {f.slug: f for f in Framework.objects.filter(bundled=True).order_by("loaded_at")}
    added = 0
    with transaction.atomic():
        for entry in ROUNDS:
            if entry.framework not in frameworks or ReflectionRound.objects.filter(title=entry.title).exists():
                continue
            _round_create(entry, frameworks[entry.framework], by_local, organisations, services)
            added += 1
    return added


def _round_create(
    entry: DemoRound,
    framework: Framework,
    people: dict[str, Person],
    organisations: dict[str, Organisation],
    services: dict[tuple[str, str], Service],
) -> ReflectionRound:
    now = timezone.now()
    definition = framework.definition
    organisation = organisations[entry.organisation]
    round_ = ReflectionRound.objects.create(
        framework=framework,
        organisation=organisation,
        service=services.get((entry.organisation, entry.service)),
        title=entry.title,
        subjects=list(entry.subjects),
        opened_by=people.get(entry.opened_by),
        closed_at=now - timedelta(days=entry.closed_days_ago) if entry.closed_days_ago is not None else None,
        choosing_opened_at=now - timedelta(days=2) if entry.choosing else None,
    )
    ReflectionRound.objects.filter(pk=round_.pk).update(opened_at=now - timedelta(days=entry.days_ago))
    low, high = definition.lowest, definition.highest
    participants = []
    for number, who in enumerate(entry.people):
        participant = Participant.objects.create(
            round=round_,
            person=people.get(who.person) if who.person else None,
            name=who.name,
            perspective=who.perspective,
            channel=Participant.Channel.PAPER if who.name else Participant.Channel.ONLINE,
            anonymous=who.anonymous,
            easy_read=who.easy_read,
            entered_by=people.get(entry.opened_by) if who.name else None,
            submitted_at=now - timedelta(days=entry.days_ago - 3 - number),
        )
        participants.append(participant)
        answers = []
        for subject_index, subject in enumerate(entry.subjects or ("",)):
            shift = LADDER_SHIFT[subject_index] if definition.kind == "ladder" else 0
            for index, dimension in enumerate(definition.dimensions):
                # Every third answer of a person's wobbles by one, so that no two people agree on everything.
                wobble = (1 if (number + index + subject_index) % 3 == 0 else 0) - (
                    1 if (number + index) % 5 == 4 else 0
                )
                value = max(low, min(high, entry.base[index] + who.lean + shift + wobble))
                if definition.kind == "readiness":
                    # Commissioners and staff know the system; people who use services and carers know the life.
                    value = max(low, min(high, value + (1 if subject_index < 2 else -1) * (1 if index < 2 else 0)))
                answers.append(
                    Answer(
                        participant=participant,
                        dimension=dimension.key,
                        subject=subject,
                        value=value,
                        target=min(high, value + 1 + (index % 2)) if definition.asks_target else None,
                        rag=RAG_FOR.get(value, "") if definition.rag else "",
                        evidence=who.evidence[index] if index < len(who.evidence) and not subject_index else "",
                    )
                )
        Answer.objects.bulk_create(answers)
    for number, text in enumerate(entry.ideas):
        idea = Idea.objects.create(
            round=round_, text=text, text_key=idea_key(text), participant=participants[number % len(participants)]
        )
        # The first ideas are the most chosen, so settling has an obvious start but still a choice to make.
        IdeaChoice.objects.bulk_create(
            IdeaChoice(idea=idea, participant=participant)
            for participant in participants[: max(0, len(participants) - 2 * number)]
            if participant.person_id is not None
        )
    audit_record(actor=None, action="reflect.round_open", target=round_, detail={"source": "demo"})
    return round_
