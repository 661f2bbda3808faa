"""From ideas to action, in two parts: gather every idea, then choose two or three and plan them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.reflect.models import Idea, IdeaChoice, Participant, ReflectionRound

if TYPE_CHECKING:
    from coproduce.plans.models import Plan

# Each participant has three sticky dots to put on the ideas they would act on first.
CHOICES_EACH = 3
SETTLE_MIN, SETTLE_MAX = 2, 3
MAX_IDEA = 500


class ChoosingNotOpenError(Exception):
    pass


def idea_key(text: str) -> str:
    return " ".join(text.split()).casefold()[:MAX_IDEA]


def idea_add(
    *,
    actor: Person | None,
    round_: ReflectionRound,
    text: str,
    dimension: str = "",
    participant: Participant | None = None,
) -> tuple[Idea, bool]:
    """Add an idea; nothing is too silly. The same idea typed again is returned with created=False."""
    text = " ".join(text.split())
    if not text:
        raise ValidationError(_("Write the idea before adding it."), code="empty")
    if len(text) > MAX_IDEA:
        raise ValidationError(
            _("Keep an idea to %(n)s characters; you can add more than one.") % {"n": MAX_IDEA}, code="long"
        )
    if round_.settled_at is not None:
        raise ValidationError(_("The group has already settled on its ideas for this round."), code="settled")
    if dimension and round_.framework.definition.dimension(dimension) is None:
        raise ValidationError(_("Choose one of the framework's areas, or none."), code="dimension")
    with transaction.atomic():
        idea, created = Idea.objects.get_or_create(
            round=round_,
            text_key=idea_key(text),
            defaults={"text": text, "dimension": dimension, "participant": participant, "added_by": actor},
        )
        if created:
            audit_record(actor=actor, action="reflect.idea_add", target=round_, detail={"idea": idea.pk})
    return idea, created


def round_choosing_open(*, actor: Person, round_: ReflectionRound) -> ReflectionRound:
    with transaction.atomic():
        round_ = ReflectionRound.objects.select_for_update().get(pk=round_.pk)
        if round_.choosing_opened_at is None:
            if not round_.ideas.exists():
                raise ValidationError(_("Gather some ideas before asking people to choose."), code="no_ideas")
            round_.choosing_opened_at = timezone.now()
            round_.save(update_fields=["choosing_opened_at"])
            audit_record(actor=actor, action="reflect.choosing_open", target=round_)
    return round_


def idea_choices_set(*, actor: Person, participant: Participant, idea_ids: Sequence[int]) -> list[int]:
    """Replace a participant's choices. Returns the ids now chosen."""
    # Read afresh: choosing may have opened or the group settled since the participant's page was loaded.
    round_ = ReflectionRound.objects.get(pk=participant.round_id)
    if round_.choosing_opened_at is None or round_.settled_at is not None:
        raise ChoosingNotOpenError
    wanted = list(dict.fromkeys(idea_ids))
    if len(wanted) > CHOICES_EACH:
        raise ValidationError(
            _("Choose up to %(n)s ideas: the ones you would act on first.") % {"n": CHOICES_EACH}, code="too_many"
        )
    ideas = list(Idea.objects.filter(round=round_, pk__in=wanted).values_list("pk", flat=True))
    if len(ideas) != len(wanted):
        raise ValidationError(_("One of those ideas is not part of this round."), code="unknown")
    with transaction.atomic():
        IdeaChoice.objects.filter(participant=participant).exclude(idea_id__in=ideas).delete()
        existing = set(IdeaChoice.objects.filter(participant=participant).values_list("idea_id", flat=True))
        IdeaChoice.objects.bulk_create(
            IdeaChoice(idea_id=idea_id, participant=participant) for idea_id in ideas if idea_id not in existing
        )
        audit_record(actor=actor, action="reflect.ideas_choose", target=round_, detail={"ideas": ideas})
    return ideas


def ideas_settle(*, actor: Person, round_: ReflectionRound, idea_ids: Sequence[int]) -> list[Idea]:
    """The group settles on two or three ideas to turn into actions."""
    wanted = list(dict.fromkeys(idea_ids))
    if not SETTLE_MIN <= len(wanted) <= SETTLE_MAX:
        raise ValidationError(
            _("Settle on %(low)s or %(high)s ideas: few enough to really do.")
            % {"low": SETTLE_MIN, "high": SETTLE_MAX},
            code="count",
        )
    with transaction.atomic():
        round_ = ReflectionRound.objects.select_for_update().get(pk=round_.pk)
        ideas = list(Idea.objects.filter(round=round_, pk__in=wanted))
        if len(ideas) != len(wanted):
            raise ValidationError(_("One of those ideas is not part of this round."), code="unknown")
        Idea.objects.filter(round=round_).update(chosen=False)
        Idea.objects.filter(pk__in=wanted).update(chosen=True)
        round_.settled_at = timezone.now()
        round_.save(update_fields=["settled_at"])
        audit_record(actor=actor, action="reflect.ideas_settle", target=round_, detail={"ideas": wanted})
    return ideas


@dataclass(frozen=True)
class PlannedAction:
    idea: Idea
    what: str
    how: str = ""
    owner_person: Person | None = None
    owner_organisation: Organisation | None = None
    due_on: date | None = None


def round_plan_make(
    *,
    actor: Person,
    round_: ReflectionRound,
    title: str,
    actions: Sequence[PlannedAction],
    idempotency_key: str = "",
    site_url: str = "",
) -> Plan:
    """Turn the settled ideas into an action plan: what, who, by when and how. Each action remembers its idea."""
    from coproduce.plans.services import action_add, plan_create

    if round_.settled_at is None:
        raise ValidationError(_("Settle on two or three ideas first."), code="not_settled")
    if not actions:
        raise ValidationError(_("Add at least one action to the plan."), code="no_actions")
    with transaction.atomic():
        plan = plan_create(
            actor=actor,
            title=title,
            summary=_("Actions chosen in the reflection round “%(round)s”.") % {"round": round_.title},
            organisation=round_.organisation,
            service=round_.service,
            source=round_,
            idempotency_key=idempotency_key,
        )
        for number, planned in enumerate(actions):
            action_add(
                actor=actor,
                plan=plan,
                what=planned.what,
                how=planned.how,
                owner_person=planned.owner_person,
                owner_organisation=planned.owner_organisation,
                due_on=planned.due_on,
                source=planned.idea,
                idempotency_key=f"{idempotency_key}-{number}" if idempotency_key else "",
                site_url=site_url,
            )
        audit_record(actor=actor, action="reflect.plan_make", target=round_, detail={"plan": plan.pk})
    return plan
