"""Opening a round, bringing people into it, saving their answers and closing it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record
from coproduce.organisations.models import Organisation, Service
from coproduce.people.models import Person
from coproduce.reflect.models import Answer, Framework, Participant, Rag, ReflectionRound

MAX_SUBJECTS = 20
MAX_EVIDENCE = 3000


class RoundClosedError(Exception):
    """Answers arrived after the round closed."""


class NoAnswersError(Exception):
    """A round cannot close before anyone has answered."""


@dataclass(frozen=True)
class AnswerInput:
    dimension: str
    subject: str = ""
    value: int | None = None
    target: int | None = None
    rag: str = ""
    evidence: str = ""


class Saved(Enum):
    SAVED = "saved"
    # The same form arrived again (a double click, a retry on patchy Wi-Fi): nothing was saved twice.
    REPEAT = "repeat"


def subjects_clean(raw: Iterable[str]) -> list[str]:
    """Named groups or activities: trimmed, blank lines dropped, each once, in the order given."""
    seen: dict[str, str] = {}
    for line in raw:
        name = " ".join(line.split())[:200]
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def round_open(
    *,
    actor: Person,
    framework: Framework,
    organisation: Organisation,
    service: Service | None = None,
    title: str,
    purpose: str = "",
    subjects: Sequence[str] = (),
    allow_anonymous: bool = True,
    closes_on: date | None = None,
) -> ReflectionRound:
    definition = framework.definition
    names = subjects_clean(subjects)
    if definition.subjects is not None and not names:
        raise ValidationError(
            _("Name at least one of the %(what)s people will rate.") % {"what": definition.subjects.label.lower()},
            code="no_subjects",
        )
    if len(names) > MAX_SUBJECTS:
        raise ValidationError(_("Name at most %(n)s, so that answering stays manageable.") % {"n": MAX_SUBJECTS})
    if service is not None and service.organisation_id != organisation.pk:
        raise ValidationError(_("That service belongs to another organisation."), code="wrong_service")
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError(_("The closing date has passed. Choose today or a later date."), code="past")
    with transaction.atomic():
        round_ = ReflectionRound.objects.create(
            framework=framework,
            organisation=organisation,
            service=service,
            title=title.strip(),
            purpose=purpose.strip(),
            subjects=names if definition.subjects is not None else [],
            allow_anonymous=allow_anonymous,
            closes_on=closes_on,
            opened_by=actor,
        )
        audit_record(
            actor=actor,
            action="reflect.round_open",
            target=round_,
            detail={"framework": f"{framework.slug} {framework.version}", "organisation": organisation.pk},
        )
    return round_


def _refuse_if_closed(round_: ReflectionRound) -> None:
    # Read afresh: the round may have closed since the page was loaded.
    if ReflectionRound.objects.filter(pk=round_.pk, closed_at__isnull=False).exists():
        raise RoundClosedError


def round_join_url(round_: ReflectionRound) -> str:
    return reverse("reflect:join", kwargs={"token": round_.join_token})


def participant_join(
    *, round_: ReflectionRound, person: Person, perspective: str, anonymous: bool = False
) -> Participant:
    """Someone who followed the round's link takes part. Joining twice returns their first place."""
    _refuse_if_closed(round_)
    anonymous = anonymous and round_.allow_anonymous
    with transaction.atomic():
        participant, created = Participant.objects.get_or_create(
            round=round_,
            person=person,
            defaults={"perspective": perspective, "anonymous": anonymous, "channel": Participant.Channel.ONLINE},
        )
        if not created and (participant.perspective, participant.anonymous) != (perspective, anonymous):
            participant.perspective, participant.anonymous = perspective, anonymous
            participant.save(update_fields=["perspective", "anonymous"])
        if created:
            audit_record(actor=person, action="reflect.participant_join", target=round_)
    return participant


def participant_add(
    *, actor: Person, round_: ReflectionRound, name: str, perspective: str, channel: str, anonymous: bool = False
) -> Participant:
    """Someone answering in the room on a shared screen, or on paper that the facilitator types in later."""
    if channel == Participant.Channel.SCREEN:
        _refuse_if_closed(round_)
    with transaction.atomic():
        participant = Participant.objects.create(
            round=round_,
            name=name.strip(),
            perspective=perspective,
            channel=channel,
            anonymous=anonymous and round_.allow_anonymous,
            entered_by=actor,
        )
        audit_record(actor=actor, action="reflect.participant_add", target=round_, detail={"channel": channel})
    return participant


def round_invite(
    *, actor: Person, round_: ReflectionRound, people: Iterable[Person], perspective: str, site_url: str = ""
) -> int:
    """Invite named people by email with the round's link. Returns how many were newly invited."""
    _refuse_if_closed(round_)
    invited = 0
    link = site_url + round_join_url(round_)
    with transaction.atomic():
        for person in people:
            try:
                with transaction.atomic():
                    Participant.objects.create(
                        round=round_, person=person, perspective=perspective, channel=Participant.Channel.ONLINE
                    )
            except IntegrityError:
                continue
            invited += 1
            if person.email:
                email_on_commit(
                    to=person.email,
                    subject=_("Will you help us see how %(about)s is doing?") % {"about": round_.about},
                    template="reflect/email/invitation.txt",
                    context={"round": round_, "person": person, "inviter": actor, "link": link},
                )
        if invited:
            audit_record(actor=actor, action="reflect.round_invite", target=round_, detail={"invited": invited})
    return invited


def answers_check(round_: ReflectionRound, answers: Sequence[AnswerInput]) -> None:
    """Refuse answers that do not fit the round's framework; the forms already stop these for people."""
    definition = round_.framework.definition
    allowed_subjects = set(round_.subjects) if definition.subjects is not None else {""}
    values = {point.value for point in definition.scale}
    for answer in answers:
        if definition.dimension(answer.dimension) is None:
            raise ValidationError(f"Unknown dimension {answer.dimension!r}")
        if answer.subject not in allowed_subjects:
            raise ValidationError(f"Unknown subject {answer.subject!r}")
        for number in (answer.value, answer.target):
            if number is not None and number not in values:
                raise ValidationError(f"{number} is not on the scale")
        if answer.target is not None and not definition.asks_target:
            raise ValidationError("This framework does not ask where things need to be")
        if answer.rag and (not definition.rag or answer.rag not in Rag.values):
            raise ValidationError(f"{answer.rag!r} is not a RED, AMBER or GREEN score this framework asks for")
        if len(answer.evidence) > MAX_EVIDENCE:
            raise ValidationError(f"Evidence is longer than {MAX_EVIDENCE} characters")


def answers_submit(
    *,
    actor: Person,
    participant: Participant,
    answers: Sequence[AnswerInput],
    submission_key: str,
    easy_read: bool = False,
) -> Saved:
    """Save a participant's answers, replacing any they gave before (people may change their minds while the round
    is open). Paper answers may be typed in after the round closes; nothing else may."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().select_related("round__framework").get(pk=participant.pk)
        round_ = participant.round
        if submission_key and participant.submission_key == submission_key:
            return Saved.REPEAT
        if not round_.is_open and participant.channel != Participant.Channel.PAPER:
            raise RoundClosedError
        answers_check(round_, answers)
        participant.answers.all().delete()
        Answer.objects.bulk_create(
            Answer(
                participant=participant,
                dimension=answer.dimension,
                subject=answer.subject,
                value=answer.value,
                target=answer.target,
                rag=answer.rag,
                evidence=answer.evidence.strip(),
            )
            for answer in answers
        )
        first_time = participant.submitted_at is None
        participant.submitted_at = timezone.now()
        participant.submission_key = submission_key
        participant.easy_read = easy_read
        participant.save(update_fields=["submitted_at", "submission_key", "easy_read"])
        audit_record(
            actor=actor,
            action="reflect.answers_submit" if first_time else "reflect.answers_change",
            target=round_,
            detail={"participant": participant.pk, "answers": len(answers)},
        )
    return Saved.SAVED


def round_close(*, actor: Person, round_: ReflectionRound) -> ReflectionRound:
    with transaction.atomic():
        round_ = ReflectionRound.objects.select_for_update().get(pk=round_.pk)
        if not round_.is_open:
            return round_
        if not round_.participants.filter(submitted_at__isnull=False).exists():
            raise NoAnswersError
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
        audit_record(actor=actor, action="reflect.round_close", target=round_)
    return round_


def round_reopen(*, actor: Person, round_: ReflectionRound) -> ReflectionRound:
    with transaction.atomic():
        round_ = ReflectionRound.objects.select_for_update().get(pk=round_.pk)
        if round_.is_open:
            return round_
        round_.closed_at = None
        round_.save(update_fields=["closed_at"])
        audit_record(actor=actor, action="reflect.round_reopen", target=round_)
    return round_
