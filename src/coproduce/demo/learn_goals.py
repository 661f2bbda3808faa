"""Brackenfold's learning goals and failures that teach, so that Learn, the steps a facilitator has to recognise,
a profile showing a recognised step, and the stories page all have something true-looking in them.

- Kwame Mensah, a council social worker, is learning to let people set the agenda of their own reviews. Two of
  his three steps are done; Priya Raman, who facilitates for the council, recognised the first, and Kwame shows
  the goal and her note on his profile. His second step is still waiting for her, so her list is not empty.
- Sam Hughes, who lives at Elm Court, wants to speak up at the residents' meeting. The goal is private: only Sam,
  and Marcus Bell who facilitates for Keystone, see it.
- Two stories of things that didn't work: Joy's suggestion box, told with her name, and a council survey told
  without one.

Matched by the learner and the goal's title, and by a story's title; what exists is left alone. Rows are written
directly, with the system as the actor in the audit log, as the rest of the demo is: the made-up people did not do
these things themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.core.services import audit_record
from coproduce.demo.brackenfold import COUNCIL, KEYSTONE
from coproduce.learn.models import BabyStep, FailurePraise, FailureStory, FailureThanks, LearningGoal, StepRecognition
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person

DOMAIN = "@brackenfold.example"


@dataclass(frozen=True)
class DemoStep:
    what: str
    done_days_ago: int | None = None
    learned: str = ""
    # Who recognised it (an address before the @), what they wrote, and whether the learner shows it.
    recognised_by: str = ""
    note: str = ""
    note_shown: bool = False


@dataclass(frozen=True)
class DemoGoal:
    person: str
    title: str
    why: str
    competency: str
    shown: bool
    days_ago: int
    steps: tuple[DemoStep, ...]


@dataclass(frozen=True)
class DemoStory:
    author: str
    organisation: str
    show_name: bool
    title: str
    tried: str
    happened: str
    learned: str
    days_ago: int
    thanked_by: tuple[str, ...] = ()
    learned_from_by: tuple[str, ...] = ()
    praised_by: str = ""
    praise: str = ""


GOALS = (
    DemoGoal(
        person="kwame.mensah",
        title="Let people set the agenda of their own reviews",
        why="Reviews are meant to be about the person, but I still walk in with my own list.",
        competency="valuing-all-insights",
        shown=True,
        days_ago=45,
        steps=(
            DemoStep(
                what="Ask the next person I review how they would like it to start",
                done_days_ago=20,
                learned="She wanted to start with what had gone well, not with the risks. The hour felt different.",
                recognised_by="priya.raman",
                note="Starting with what went well is a small change that turns the whole meeting round. Thank you.",
                note_shown=True,
            ),
            DemoStep(
                what="Send the questions out a week before, in plain words",
                done_days_ago=4,
                learned="Two people wrote their answers down and brought them. One asked a relative to come along.",
            ),
            DemoStep(what="Hold one review at the community café instead of the office"),
        ),
    ),
    DemoGoal(
        person="sam.hughes",
        title="Speak up at the residents’ meeting",
        why="I have ideas for the garden but I go quiet when everyone is there.",
        competency="",
        shown=False,
        days_ago=25,
        steps=(
            DemoStep(
                what="Write down one thing I want to say before the meeting",
                done_days_ago=10,
                learned="Having it on paper made it less scary. I nearly read it out.",
                recognised_by="marcus.bell",
                note="Getting it on paper is the hard part. Bring it next time and I will make room on the agenda.",
            ),
            DemoStep(what="Say it out loud at the next meeting"),
            DemoStep(what="Ask Ruth to help me plan the tomato beds with everyone"),
        ),
    ),
)

STORIES = (
    DemoStory(
        author="joy.chikwanha",
        organisation=KEYSTONE,
        show_name=True,
        title="The suggestion box nobody used",
        tried="We put a locked box in the hallway at Elm Court so residents could tell us things without giving "
        "their name.",
        happened="Three months, two slips of paper, and one of those was a shopping list. People walked past it.",
        learned="People told us plenty over a cup of tea. Now we ask in person at the Thursday coffee morning, write "
        "it down together, and read back what we did about it the week after.",
        days_ago=30,
        thanked_by=("sam.hughes", "beth.turner", "kwame.mensah"),
        learned_from_by=("kwame.mensah",),
        praised_by="marcus.bell",
        praise="Joy noticed it wasn’t working and tried something else, which is exactly what we want.",
    ),
    DemoStory(
        author="priya.raman",
        organisation=COUNCIL,
        show_name=False,
        title="An online survey that only heard the usual voices",
        tried="We asked about the new day centre with an online survey, linked from the council website.",
        happened="Most replies came from people who already sit on our panels. Almost nobody who uses the day centre "
        "answered.",
        learned="Go where people already are: we now take the questions to the lunch club and the carers’ drop-in, "
        "and count who we have not heard from yet.",
        days_ago=60,
        thanked_by=("neil.sharma", "fiona.macleod"),
        learned_from_by=("neil.sharma",),
        praised_by="neil.sharma",
        praise="Honest about who we missed, and a better way of asking. Worth every team reading.",
    ),
)


def demo_learn_goals_ensure(people: dict[str, Person], organisations: dict[str, Organisation]) -> int:
    """Load whatever demo goals and stories are missing; returns how many goals and stories this run added."""
    by_local = {email.removesuffix(DOMAIN): person for email, person in people.items()}
    added = 0
    with transaction.atomic():
        for goal in GOALS:
            learner = by_local.get(goal.person)
            if learner is None or LearningGoal.objects.filter(person=learner, title=goal.title).exists():
                continue
            _goal_create(goal, learner, by_local)
            added += 1
        for story in STORIES:
            author = by_local.get(story.author)
            if author is None or FailureStory.objects.filter(title=story.title).exists():
                continue
            _story_create(story, author, by_local, organisations)
            added += 1
    return added


def _goal_create(entry: DemoGoal, learner: Person, people: dict[str, Person]) -> LearningGoal:
    now = timezone.now()
    goal = LearningGoal.objects.create(
        person=learner, title=entry.title, why=entry.why, competency=entry.competency, shown_on_profile=entry.shown
    )
    LearningGoal.objects.filter(pk=goal.pk).update(created_at=now - timedelta(days=entry.days_ago))
    for position, demo_step in enumerate(entry.steps):
        done_at = now - timedelta(days=demo_step.done_days_ago) if demo_step.done_days_ago is not None else None
        step = BabyStep.objects.create(
            goal=goal, what=demo_step.what, position=position, done_at=done_at, learned=demo_step.learned
        )
        by = people.get(demo_step.recognised_by)
        if by is not None and done_at is not None:
            note = StepRecognition.objects.create(
                step=step, by=by, note=demo_step.note, shown_on_profile=demo_step.note_shown
            )
            StepRecognition.objects.filter(pk=note.pk).update(created_at=done_at + timedelta(days=1))
    audit_record(actor=None, action="learn.goal_create", target=learner, detail={"goal": goal.pk, "source": "demo"})
    return goal


def _story_create(
    entry: DemoStory, author: Person, people: dict[str, Person], organisations: dict[str, Organisation]
) -> FailureStory:
    story = FailureStory.objects.create(
        author=author,
        show_name=entry.show_name,
        organisation=organisations.get(entry.organisation),
        title=entry.title,
        tried=entry.tried,
        happened=entry.happened,
        learned=entry.learned,
    )
    FailureStory.objects.filter(pk=story.pk).update(created_at=timezone.now() - timedelta(days=entry.days_ago))
    FailureThanks.objects.bulk_create(
        FailureThanks(story=story, person=people[local], learned_from_it=local in entry.learned_from_by)
        for local in entry.thanked_by
        if local in people
    )
    if entry.praised_by in people:
        FailurePraise.objects.create(story=story, by=people[entry.praised_by], note=entry.praise)
    audit_record(actor=None, action="learn.failure_tell", target=story, detail={"source": "demo"})
    return story
