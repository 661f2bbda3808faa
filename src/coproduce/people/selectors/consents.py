"""Reading a person's consents: where each topic stands now, and everything given or withdrawn before."""

from __future__ import annotations

from dataclasses import dataclass

from coproduce.people.models import Consent, ConsentTopic, ConsentWording, Person


@dataclass(frozen=True)
class ConsentStatus:
    topic: str
    label: str
    live: Consent | None
    # The words a person would agree to today.
    current_wording: ConsentWording | None

    @property
    def wording_changed(self) -> bool:
        return (
            self.live is not None
            and self.current_wording is not None
            and self.current_wording.version > self.live.wording.version
        )


def consent_wordings_current() -> dict[str, ConsentWording]:
    current: dict[str, ConsentWording] = {}
    for wording in ConsentWording.objects.order_by("topic", "-version"):
        current.setdefault(wording.topic, wording)
    return current


def consent_history(person: Person) -> list[Consent]:
    return list(
        Consent.objects.filter(person=person).select_related("wording", "recorded_by").order_by("-given_at", "-pk")
    )


def consent_statuses(person: Person, history: list[Consent] | None = None) -> list[ConsentStatus]:
    """One entry per topic, in the order topics are defined. Pass `history` to save its query."""
    if history is None:
        history = consent_history(person)
    live = {consent.topic: consent for consent in history if consent.withdrawn_at is None}
    wordings = consent_wordings_current()
    return [
        ConsentStatus(topic=topic, label=str(label), live=live.get(topic), current_wording=wordings.get(topic))
        for topic, label in ConsentTopic.choices
    ]
