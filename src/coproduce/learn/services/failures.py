"""Failures that teach: an experiment that didn't work, what happened and what it taught.

Trying something and seeing ("suck it and see") only works where it is safe to say that it did not work. So these
stories are never used to manage anyone's performance: the author's name shows only if they choose, nothing lists
or counts stories by who told them, and only the author changes or withdraws theirs.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record, audited_with_key
from coproduce.learn.models import FailurePraise, FailureStory, FailureThanks
from coproduce.organisations.models import Organisation
from coproduce.organisations.roles import organisation_ids
from coproduce.people.models import Person

TITLE_MAX = 200
PART_MAX = 3000
PRAISE_MAX = 1000


class FailureError(ValueError):
    """Something that cannot be saved as given. `field` names the form field it is about, or is None."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _text(value: str, *, limit: int, what: str, field: str, required: str) -> str:
    value = value.strip()
    if not value:
        raise FailureError(required, field=field)
    if len(value) > limit:
        raise FailureError(
            _("%(what)s can be up to %(limit)s characters. It has %(count)s: please shorten it.")
            % {"what": what, "limit": limit, "count": len(value)},
            field=field,
        )
    return value


def _story_checked(
    *,
    teller: Person,
    title: str,
    tried: str,
    happened: str,
    learned: str,
    organisation: Organisation | None,
    keep: Organisation | None = None,
) -> dict[str, Any]:
    checked: dict[str, Any] = {
        "title": _text(
            title, limit=TITLE_MAX, what=_("The title"), field="title", required=_("Give the story a title.")
        ),
        "tried": _text(
            tried, limit=PART_MAX, what=_("What you tried"), field="tried", required=_("Say what you tried.")
        ),
        "happened": _text(
            happened, limit=PART_MAX, what=_("What happened"), field="happened", required=_("Say what happened.")
        ),
        "learned": _text(
            learned,
            limit=PART_MAX,
            what=_("What it taught you"),
            field="learned",
            required=_("Say what it taught you."),
        ),
    }
    if organisation is not None and organisation.pk not in organisation_ids(teller) and organisation != keep:
        raise FailureError(_("Choose one of your own organisations, or none."), field="organisation")
    checked["organisation"] = organisation
    return checked


def failure_tell(
    *,
    author: Person,
    title: str,
    tried: str,
    happened: str,
    learned: str,
    show_name: bool,
    organisation: Organisation | None = None,
    idempotency_key: str = "",
) -> FailureStory:
    fields = _story_checked(
        teller=author, title=title, tried=tried, happened=happened, learned=learned, organisation=organisation
    )
    with transaction.atomic():
        if idempotency_key:
            # The author's row lock makes the same form sent twice wait for itself, so the second finds the first.
            Person.objects.select_for_update().filter(pk=author.pk).first()
            earlier = audited_with_key(action="learn.failure_tell", actor=author, idempotency_key=idempotency_key)
            if earlier is not None:
                found = FailureStory.objects.filter(pk=earlier.target_id, author=author).first()
                if found is not None:
                    return found
        story = FailureStory.objects.create(author=author, show_name=show_name, **fields)
        detail: dict[str, Any] = {"key": idempotency_key} if idempotency_key else {}
        audit_record(actor=author, action="learn.failure_tell", target=story, detail=detail)
    return story


def _told_by(actor: Person, story: FailureStory) -> None:
    if story.author_id is None or story.author_id != actor.pk:
        raise FailureError(_("Only the person who told this story can change it."))


def failure_change(
    *,
    actor: Person,
    story: FailureStory,
    title: str,
    tried: str,
    happened: str,
    learned: str,
    show_name: bool,
    organisation: Organisation | None = None,
) -> FailureStory:
    _told_by(actor, story)
    fields = _story_checked(
        teller=actor,
        title=title,
        tried=tried,
        happened=happened,
        learned=learned,
        organisation=organisation,
        keep=story.organisation,
    )
    with transaction.atomic():
        story = FailureStory.objects.select_for_update().get(pk=story.pk)
        changed = sorted(
            name for name, value in {**fields, "show_name": show_name}.items() if getattr(story, name) != value
        )
        for name, value in {**fields, "show_name": show_name}.items():
            setattr(story, name, value)
        story.save()
        audit_record(actor=actor, action="learn.failure_change", target=story, detail={"changed": changed})
    return story


def failure_withdraw(*, actor: Person, story: FailureStory) -> None:
    """The author takes their story back: it is deleted, with its thanks and praise."""
    _told_by(actor, story)
    with transaction.atomic():
        story = FailureStory.objects.select_for_update().get(pk=story.pk)
        audit_record(actor=actor, action="learn.failure_withdraw", target=story)
        story.delete()


def failure_thank(*, person: Person, story: FailureStory, learned_from_it: bool | None = None) -> FailureThanks:
    """Say thank you for a story, once; `learned_from_it` also says (True) or takes back (False) "I learned from
    this". Saying it again changes nothing."""
    if story.author_id == person.pk:
        raise FailureError(_("Thanks are for other people’s stories."))
    with transaction.atomic():
        thanks, _created = FailureThanks.objects.get_or_create(
            story=story, person=person, defaults={"learned_from_it": bool(learned_from_it)}
        )
        if learned_from_it is not None and thanks.learned_from_it != learned_from_it:
            thanks.learned_from_it = learned_from_it
            thanks.save(update_fields=["learned_from_it"])
    return thanks


def failure_thanks_take_back(*, person: Person, story: FailureStory) -> bool:
    """Take back a thank you (and "I learned from this" with it). Returns whether there was one."""
    return FailureThanks.objects.filter(story=story, person=person).delete()[0] > 0


def failure_praise(*, actor: Person, story: FailureStory, note: str) -> FailurePraise:
    """A facilitator's public praise: "this is the kind of trying we want more of"."""
    note = _text(note, limit=PRAISE_MAX, what=_("Your praise"), field="note", required=_("Write your praise."))
    if story.author_id == actor.pk:
        raise FailureError(_("Praise is for other people’s stories."))
    with transaction.atomic():
        story = FailureStory.objects.select_for_update().get(pk=story.pk)
        if story.praise.filter(by=actor).exists():
            raise FailureError(_("You have already praised this story."), field="note")
        praise = FailurePraise.objects.create(story=story, by=actor, note=note)
        audit_record(actor=actor, action="learn.failure_praise", target=story, detail={"praise": praise.pk})
    return praise
