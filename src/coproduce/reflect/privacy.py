"""What reflection adds to a person's download and to closing their account.

Closing keeps their answers in the rounds they took part in (the round's results belong to everyone who took part)
but marks them anonymous, so their name never shows beside those answers again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy

from coproduce.people.models import Person
from coproduce.reflect.models import Answer, Participant

EXPORT_COLUMNS = ("round", "about", "framework", "dimension", "subject", "answer", "target", "rag", "evidence", "saved")


def reflect_section(person: Person) -> Iterator[dict[str, Any]]:
    answers = (
        Answer.objects.filter(participant__person=person)
        .select_related(
            "participant__round__framework", "participant__round__organisation", "participant__round__service"
        )
        .order_by("participant__round_id", "pk")
    )
    for answer in answers:
        round_ = answer.participant.round
        definition = round_.framework.definition
        dimension = definition.dimension(answer.dimension)
        point = definition.point(answer.value)
        target = definition.point(answer.target)
        yield {
            "round": round_.title,
            "about": round_.about,
            "framework": f"{definition.title} {definition.version}",
            "dimension": dimension.title if dimension else answer.dimension,
            "subject": answer.subject,
            "answer": point.label if point else "",
            "target": target.label if target else "",
            "rag": answer.rag,
            "evidence": answer.evidence,
            "saved": answer.participant.submitted_at,
        }


def reflect_count(person: Person) -> int:
    return Answer.objects.filter(participant__person=person).count()


def reflect_close(person: Person) -> dict[str, Any]:
    anonymised = Participant.objects.filter(person=person, anonymous=False).update(anonymous=True)
    return {"participations_anonymised": anonymised}


def register() -> None:
    from coproduce.people.services.closing import register_close_step
    from coproduce.people.services.data import register_export_section

    register_export_section(
        "reflections.csv",
        reflect_section,
        description=gettext_lazy(
            "Your answers in reflection rounds: the round, what it was about, each area you answered on, the stage "
            "or rating you chose, any RED, AMBER or GREEN score, and the evidence you gave."
        ),
        columns=EXPORT_COLUMNS,
        count=reflect_count,
    )
    register_close_step("reflect", reflect_close)
