"""Moderation: checking a story before anyone but its teller reads it.

When a story is sent, the check in identifying.py flags what may identify someone (names, phone numbers, email
addresses, addresses, dates of birth). A moderator reads the story and, for each flag, either suggests new words
that leave the detail out, or marks it fine to keep with a reason (the name of a service, say).

Words never change behind the teller's back. A suggestion waits for the teller, who agrees or says no on their own
page; a teller without an account (a gathered story) is asked by whoever gathered it, or by a moderator, who
records the answer under their own name. Every suggestion is kept, agreed or not, with the words it replaced.

A story is published only when nothing flagged is left unresolved and no suggestion is waiting. Then the services
it names hear about it (their managers, by email) and so do the teller and whoever gathered it. A story that will
not be published is marked so with a reason the teller is sent, in kind words.

Each story changes in its own transaction with its audit row, so in a bulk action one story that cannot be
published never holds back the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, place_get
from coproduce.organisations.models import Membership, Service
from coproduce.organisations.roles import FACILITATING
from coproduce.people.models import Person
from coproduce.stories.identifying import find_identifying
from coproduce.stories.models import IdentifyingDetail, Story, StoryRevision
from coproduce.stories.rules import answers_suggested_change, moderates
from coproduce.stories.search import story_search_index

TITLE_MAX = 200
BODY_MAX = 20_000
REASON_MAX = 300
KEEP_REASON_MAX = 300
NOT_PUBLISHED_REASON_MAX = 1000
TELLER_NOTE_MAX = 300
DETAIL_TEXT_MAX = 200

# What a moderator's suggested words put in place of each kind of detail, to start from.
PLACEHOLDERS: dict[str, str] = {
    IdentifyingDetail.Kind.NAME: "[name]",
    IdentifyingDetail.Kind.PHONE: "[phone number]",
    IdentifyingDetail.Kind.EMAIL: "[email address]",
    IdentifyingDetail.Kind.ADDRESS: "[address]",
    IdentifyingDetail.Kind.BIRTH_DATE: "[date of birth]",
}


class ModerationError(ValueError):
    """Something that cannot be done as asked. `field` names the form field it is about, or is None."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _text(value: str, *, field: str, limit: int, required: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value and required is not None:
        raise ModerationError(required, field=field)
    if len(value) > limit:
        raise ModerationError(
            _("%(what)s can be up to %(limit)s characters. It has %(n)s: please shorten it.")
            % {"what": what, "limit": f"{limit:,}", "n": f"{len(value):,}"},
            field=field,
        )
    return value


def _link(site_url: str, name: str, *args: Any) -> str:
    return f"{site_url}{reverse(name, args=args)}"


def _can_be_emailed(person: Person | None) -> bool:
    return person is not None and bool(person.email) and person.is_active and person.closed_at is None


def _moderator_checked(actor: Person, story: Story) -> None:
    if not moderates(actor, story):
        raise ModerationError(_("You cannot check this story: it is about services you do not facilitate."))


def _locked(story: Story) -> Story:
    return Story.objects.select_for_update(of=("self",)).select_related("teller", "gathered_by").get(pk=story.pk)


def _waiting_checked(story: Story) -> None:
    if story.status == Story.Status.WITHDRAWN:
        raise ModerationError(_("The teller has withdrawn this story, so it is no longer here to check."))
    if story.status != Story.Status.WAITING:
        raise ModerationError(
            _("This story is not waiting to be checked: it is “%(status)s”.") % {"status": story.get_status_display()}
        )


# --- finding identifying details ---------------------------------------------------------------------------------


def known_names(story: Story | None = None) -> list[str]:
    """The names the check looks for: everyone's preferred name in the place, and a gathered story's teller's name
    with each part of it (their surname identifies them as well as their whole name)."""
    names = list(
        Person.objects.filter(is_active=True, closed_at__isnull=True)
        .values_list("preferred_name", flat=True)
        .distinct()
    )
    if story is not None and story.teller_name.strip():
        names.append(story.teller_name)
        names.extend(story.teller_name.split())
    return names


def identifying_details_find(story: Story) -> list[IdentifyingDetail]:
    """Check the story's title and words afresh: its unresolved flags are replaced by what the check finds now.

    What a moderator marked fine to keep stays resolved, wherever it now appears: the same text of the same kind
    is not flagged again. Returns the unresolved flags."""
    names = known_names(story)
    with transaction.atomic():
        kept = {
            (detail.kind, detail.text, detail.in_title): detail
            for detail in IdentifyingDetail.objects.filter(story=story, resolved_at__isnull=False)
        }
        IdentifyingDetail.objects.filter(story=story, resolved_at__isnull=True).delete()
        fresh: list[IdentifyingDetail] = []
        moved: list[IdentifyingDetail] = []
        seen: set[tuple[str, str, bool]] = set()
        for in_title, text in ((True, story.title), (False, story.body)):
            for finding in find_identifying(text, known_names=names):
                key = (finding.kind, finding.text[:DETAIL_TEXT_MAX], in_title)
                earlier = kept.get(key)
                if earlier is not None:
                    # Kept before; remember where it is now, so the page can show it in place.
                    if key not in seen and earlier.start != finding.start:
                        earlier.start = finding.start
                        moved.append(earlier)
                    seen.add(key)
                    continue
                fresh.append(
                    IdentifyingDetail(
                        story=story, kind=finding.kind, text=key[1], start=finding.start, in_title=in_title
                    )
                )
        IdentifyingDetail.objects.bulk_create(fresh)
        if moved:
            IdentifyingDetail.objects.bulk_update(moved, ["start"])
    return fresh


def identifying_details_keep(
    *, actor: Person, story: Story, details: Iterable[IdentifyingDetail], reason: str
) -> list[IdentifyingDetail]:
    """Mark flagged details as fine to keep, with one reason for all of them (for example "the name of the
    service" or "the teller's own first name, which they chose to share")."""
    reason = _text(
        reason,
        field="reason",
        limit=KEEP_REASON_MAX,
        required=_("Say why these details are fine to keep, for example ‘it is the name of a service’."),
        what=_("Why they are fine to keep"),
    )
    ids = [detail.pk for detail in details]
    if not ids:
        raise ModerationError(_("Choose at least one detail that is fine to keep."), field="details")
    with transaction.atomic():
        story = _locked(story)
        _moderator_checked(actor, story)
        _waiting_checked(story)
        chosen = list(
            IdentifyingDetail.objects.select_for_update().filter(story=story, pk__in=ids, resolved_at__isnull=True)
        )
        if not chosen:
            raise ModerationError(_("Those details have already been dealt with."), field="details")
        now = timezone.now()
        for detail in chosen:
            detail.resolved_at, detail.resolved_by, detail.keep_reason = now, actor, reason
        IdentifyingDetail.objects.bulk_update(chosen, ["resolved_at", "resolved_by", "keep_reason"])
        audit_record(
            actor=actor,
            action="stories.identifying_details_keep",
            target=story,
            detail={"details": [{"kind": d.kind, "text": d.text} for d in chosen], "reason": reason},
        )
    return chosen


def words_without_details(text: str, details: Sequence[IdentifyingDetail]) -> str:
    """The text with each flagged detail replaced by a placeholder such as "[phone number]": where a moderator's
    suggestion starts from."""
    parts: list[str] = []
    position = 0
    for detail in sorted(details, key=lambda d: d.start):
        start = detail.start if text[detail.start : detail.start + len(detail.text)] == detail.text else -1
        if start < position:
            continue
        parts.extend([text[position:start], PLACEHOLDERS.get(detail.kind, "[…]")])
        position = start + len(detail.text)
    parts.append(text[position:])
    return "".join(parts)


# --- suggesting new words ----------------------------------------------------------------------------------------


def _waiting_suggestion(story: Story) -> StoryRevision | None:
    return (
        StoryRevision.objects.select_for_update()
        .filter(story=story, proposal=StoryRevision.Proposal.WAITING)
        .order_by("created_at", "pk")
        .first()
    )


def _apply(*, actor: Person, story: Story, revision: StoryRevision) -> None:
    """Put agreed words into the story, keeping the words they replace on the revision, and check them afresh."""
    revision.previous_title, revision.previous_body = story.title, story.body
    revision.proposal = StoryRevision.Proposal.AGREED
    revision.teller_agreed = True
    revision.answer_recorded_by = actor
    revision.answered_at = timezone.now()
    revision.save(
        update_fields=[
            "previous_title",
            "previous_body",
            "proposal",
            "teller_agreed",
            "answer_recorded_by",
            "answered_at",
        ]
    )
    story.title, story.body = revision.title, revision.body
    story.save(update_fields=["title", "body", "updated_at"])
    story_search_index(story)
    identifying_details_find(story)


def story_edit_propose(
    *,
    actor: Person,
    story: Story,
    title: str,
    body: str,
    reason: str,
    teller_agreed: bool = False,
    site_url: str = "",
) -> StoryRevision:
    """Suggest new words for a story waiting to be checked, saying why.

    The teller is asked (by email when they have one) and agrees or says no on their own page. For a teller without
    an account, whoever asks them may tick that they agreed (`teller_agreed`): the words then change at once, and
    the revision records who said so."""
    title = _text(title, field="title", limit=TITLE_MAX, required=_("Give the story a title."), what=_("The title"))
    body = _text(body, field="body", limit=BODY_MAX, required=_("Write the story’s words."), what=_("The story"))
    reason = _text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=_("Say why you suggest the change. The teller will read this."),
        what=_("Why"),
    )
    with transaction.atomic():
        story = _locked(story)
        _moderator_checked(actor, story)
        _waiting_checked(story)
        if teller_agreed and story.teller_id is not None:
            raise ModerationError(
                _("The teller has an account, so they say yes or no themselves."), field="teller_agreed"
            )
        if title == story.title and body == story.body:
            raise ModerationError(_("The suggested words are the same as the story’s words. Change something."))
        if _waiting_suggestion(story) is not None:
            raise ModerationError(
                _("A suggested change is already waiting for the teller. Take it back first if you want to change it.")
            )
        revision = StoryRevision.objects.create(
            story=story,
            title=title,
            body=body,
            edited_by=actor,
            reason=reason,
            proposal=StoryRevision.Proposal.WAITING,
            previous_title=story.title,
            previous_body=story.body,
        )
        audit_record(
            actor=actor,
            action="stories.story_edit_propose",
            target=story,
            detail={"revision": revision.pk, "teller_agreed": teller_agreed},
        )
        if teller_agreed:
            _apply(actor=actor, story=story, revision=revision)
            audit_record(
                actor=actor,
                action="stories.story_edit_agree",
                target=story,
                detail={"revision": revision.pk, "recorded_for_teller": True},
            )
        else:
            _tell_about_suggestion(story=story, revision=revision, actor=actor, site_url=site_url)
    return revision


def _tell_about_suggestion(*, story: Story, revision: StoryRevision, actor: Person, site_url: str) -> None:
    # The teller decides; for a teller without an account, the gatherer goes back to them.
    person = story.teller if story.teller_id is not None else story.gathered_by
    if not _can_be_emailed(person) or (person is not None and person.pk == actor.pk):
        return
    assert person is not None
    email_on_commit(
        to=str(person.email),
        subject=_("A suggested change to a story")
        if story.teller_id is None
        else _("A suggested change to your story"),
        template="stories/email/moderation_suggestion.txt",
        context={
            "person": person,
            "story": story,
            "revision": revision,
            "for_teller": story.teller_id is not None,
            "place": place_get(),
            "link": _link(site_url, "stories:suggested-change", story.pk),
        },
    )


def _answerable(actor: Person, revision: StoryRevision) -> tuple[Story, StoryRevision]:
    story = _locked(revision.story)
    revision = StoryRevision.objects.select_for_update(of=("self",)).select_related("edited_by").get(pk=revision.pk)
    if not answers_suggested_change(actor, story):
        raise ModerationError(_("Only the teller can answer this suggestion."))
    _waiting_checked(story)
    if revision.proposal != StoryRevision.Proposal.WAITING:
        raise ModerationError(_("This suggestion has already been answered or taken back."))
    return story, revision


def story_edit_agree(
    *, actor: Person, revision: StoryRevision, teller_agreed_confirmed: bool = False, site_url: str = ""
) -> StoryRevision:
    """The teller agrees to the suggested words, which become the story's; the words they replace are kept on the
    revision. Someone answering for a teller without an account must confirm the teller agreed."""
    with transaction.atomic():
        story, revision = _answerable(actor, revision)
        on_behalf = story.teller_id is None
        if on_behalf and not teller_agreed_confirmed:
            raise ModerationError(
                _("Tick to confirm the teller heard the suggested words and agreed to them."),
                field="teller_agreed",
            )
        _apply(actor=actor, story=story, revision=revision)
        audit_record(
            actor=actor,
            action="stories.story_edit_agree",
            target=story,
            detail={"revision": revision.pk, "recorded_for_teller": on_behalf},
        )
        _tell_suggester(story=story, revision=revision, actor=actor, site_url=site_url)
    return revision


def story_edit_decline(*, actor: Person, revision: StoryRevision, note: str = "", site_url: str = "") -> StoryRevision:
    """The teller says no to the suggested words; the story keeps its words and the moderator is told, with the
    teller's note if they left one."""
    note = _text(note, field="note", limit=TELLER_NOTE_MAX, required=None, what=_("Your note"))
    with transaction.atomic():
        story, revision = _answerable(actor, revision)
        revision.proposal = StoryRevision.Proposal.DECLINED
        revision.answer_recorded_by = actor
        revision.answered_at = timezone.now()
        revision.teller_note = note
        revision.save(update_fields=["proposal", "answer_recorded_by", "answered_at", "teller_note"])
        audit_record(
            actor=actor,
            action="stories.story_edit_decline",
            target=story,
            detail={"revision": revision.pk, "recorded_for_teller": story.teller_id is None},
        )
        _tell_suggester(story=story, revision=revision, actor=actor, site_url=site_url)
    return revision


def _tell_suggester(*, story: Story, revision: StoryRevision, actor: Person, site_url: str) -> None:
    moderator = revision.edited_by
    if not _can_be_emailed(moderator) or (moderator is not None and moderator.pk == actor.pk):
        return
    assert moderator is not None
    agreed = revision.proposal == StoryRevision.Proposal.AGREED
    email_on_commit(
        to=str(moderator.email),
        subject=_("The teller agreed to your suggested change") if agreed else _("The teller kept their own words"),
        template="stories/email/moderation_answered.txt",
        context={
            "person": moderator,
            "story": story,
            "revision": revision,
            "agreed": agreed,
            "place": place_get(),
            "link": _link(site_url, "stories:moderation-story", story.pk),
        },
    )


def story_edit_take_back(*, actor: Person, revision: StoryRevision) -> StoryRevision:
    """A moderator takes back a suggestion the teller has not answered yet (to suggest something better). It stays
    in the story's history."""
    with transaction.atomic():
        story = _locked(revision.story)
        _moderator_checked(actor, story)
        revision = StoryRevision.objects.select_for_update().get(pk=revision.pk)
        if revision.proposal != StoryRevision.Proposal.WAITING:
            raise ModerationError(_("This suggestion has already been answered or taken back."))
        revision.proposal = StoryRevision.Proposal.DROPPED
        revision.answered_at = timezone.now()
        revision.save(update_fields=["proposal", "answered_at"])
        audit_record(actor=actor, action="stories.story_edit_take_back", target=story, detail={"rev": revision.pk})
    return revision


# --- publishing or not -------------------------------------------------------------------------------------------


def publish_blockers(story: Story) -> list[str]:
    """Why the story cannot be published yet, in words a moderator can act on; empty when it can."""
    blockers: list[str] = []
    unresolved = IdentifyingDetail.objects.filter(story=story, resolved_at__isnull=True).count()
    if unresolved:
        blockers.append(
            ngettext(
                "%(n)s marked detail still needs taking out, or marking as fine to keep.",
                "%(n)s marked details still need taking out, or marking as fine to keep.",
                unresolved,
            )
            % {"n": unresolved}
        )
    if StoryRevision.objects.filter(story=story, proposal=StoryRevision.Proposal.WAITING).exists():
        blockers.append(_("A suggested change is waiting for the teller’s answer."))
    return blockers


def story_publish(*, actor: Person, story: Story, site_url: str = "") -> Story:
    """Publish a checked story: its reach (chosen by the teller) decides who reads it from now on. The services it
    names, its teller and whoever gathered it are told."""
    with transaction.atomic():
        story = _locked(story)
        _moderator_checked(actor, story)
        _waiting_checked(story)
        if blockers := publish_blockers(story):
            raise ModerationError(" ".join(blockers))
        story.status = Story.Status.PUBLISHED
        story.published_at = timezone.now()
        story.save(update_fields=["status", "published_at", "updated_at"])
        story_search_index(story)
        services = list(Service.objects.filter(stories=story).select_related("organisation"))
        audit_record(
            actor=actor,
            action="stories.story_publish",
            target=story,
            detail={"services": [service.pk for service in services]},
        )
        _tell_services(story=story, services=services, actor=actor, site_url=site_url)
        _tell_teller_and_gatherer(story=story, actor=actor, published=True, site_url=site_url)
    return story


def _tell_services(*, story: Story, services: list[Service], actor: Person, site_url: str) -> None:
    """Each manager (facilitators and admins of an organisation running a named service) gets one email, naming
    the services of theirs the story is about; not the moderator who published it, who knows."""
    by_organisation: dict[int, list[Service]] = defaultdict(list)
    for service in services:
        by_organisation[service.organisation_id].append(service)
    if not by_organisation:
        return
    theirs: dict[int, list[Service]] = defaultdict(list)
    people: dict[int, Person] = {}
    memberships = (
        Membership.objects.filter(organisation_id__in=by_organisation, role__in=FACILITATING)
        .filter(person__is_active=True, person__closed_at__isnull=True)
        .exclude(Q(person__email__isnull=True) | Q(person__email="") | Q(person_id=actor.pk))
        .select_related("person")
        .order_by("person_id", "organisation_id")
    )
    for membership in memberships:
        people[membership.person_id] = membership.person
        for service in by_organisation[membership.organisation_id]:
            if service not in theirs[membership.person_id]:
                theirs[membership.person_id].append(service)
    place = place_get()
    for person_id, person in people.items():
        email_on_commit(
            to=str(person.email),
            subject=_("A story about your service is published: “%(title)s”") % {"title": story.title[:80]},
            template="stories/email/moderation_published_service.txt",
            context={
                "person": person,
                "story": story,
                "services": theirs[person_id],
                "place": place,
                "link": f"{site_url}{story.get_absolute_url()}",
            },
        )


def _tell_teller_and_gatherer(*, story: Story, actor: Person, published: bool, site_url: str) -> None:
    place = place_get()
    told: set[int] = set()
    for person, role in ((story.teller, "teller"), (story.gathered_by, "gatherer")):
        # Whoever made the decision knows it already.
        if not _can_be_emailed(person) or person is None or person.pk in told or person.pk == actor.pk:
            continue
        told.add(person.pk)
        if published:
            subject = _("Your story is published") if role == "teller" else _("A story you gathered is published")
        else:
            subject = _("About the story you sent") if role == "teller" else _("About a story you gathered")
        email_on_commit(
            to=str(person.email),
            subject=subject,
            template="stories/email/moderation_published.txt"
            if published
            else "stories/email/moderation_not_published.txt",
            context={
                "person": person,
                "story": story,
                "is_teller": role == "teller",
                "place": place,
                "link": f"{site_url}{story.get_absolute_url()}",
                "mine": f"{site_url}{reverse('stories:mine')}",
            },
        )


def story_not_publish(*, actor: Person, story: Story, reason: str, site_url: str = "") -> Story:
    """Decide a story will not be published, saying why in words the teller is sent. Any suggestion still waiting
    is taken back. The story stays with its teller, who can still read it."""
    reason = _text(
        reason,
        field="reason",
        limit=NOT_PUBLISHED_REASON_MAX,
        required=_("Say why the story will not be published. The teller will read this, so say it kindly."),
        what=_("Why not"),
    )
    with transaction.atomic():
        story = _locked(story)
        _moderator_checked(actor, story)
        _waiting_checked(story)
        now = timezone.now()
        StoryRevision.objects.filter(story=story, proposal=StoryRevision.Proposal.WAITING).update(
            proposal=StoryRevision.Proposal.DROPPED, answered_at=now
        )
        story.status = Story.Status.NOT_PUBLISHED
        story.not_published_reason = reason
        story.save(update_fields=["status", "not_published_reason", "updated_at"])
        story_search_index(story)
        audit_record(actor=actor, action="stories.story_not_publish", target=story, detail={"reason": reason})
        _tell_teller_and_gatherer(story=story, actor=actor, published=False, site_url=site_url)
    return story


# --- bulk --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What happened to one story in a bulk action."""

    story_id: int
    title: str
    done: bool
    message: str


def _each(stories: Sequence[Story], act: Any, done_message: str) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for story in stories:
        try:
            act(story)
        except ModerationError as exc:
            outcomes.append(Outcome(story.pk, story.title, False, str(exc)))
        else:
            outcomes.append(Outcome(story.pk, story.title, True, done_message))
    return outcomes


def stories_publish(*, actor: Person, stories: Sequence[Story], site_url: str = "") -> list[Outcome]:
    """Publish each story that has nothing unresolved; say for each what happened."""
    return _each(
        stories,
        lambda story: story_publish(actor=actor, story=story, site_url=site_url),
        _("Published. The services it names, and its teller, have been told."),
    )


def stories_not_publish(*, actor: Person, stories: Sequence[Story], reason: str, site_url: str = "") -> list[Outcome]:
    """Mark each story as not published, with the same reason for all; say for each what happened."""
    # Checked once, so an empty or over-long reason is one message, not one per story.
    reason = _text(
        reason,
        field="reason",
        limit=NOT_PUBLISHED_REASON_MAX,
        required=_("Say why the stories will not be published. Their tellers will read this, so say it kindly."),
        what=_("Why not"),
    )
    return _each(
        stories,
        lambda story: story_not_publish(actor=actor, story=story, reason=reason, site_url=site_url),
        _("Not published. Its teller has been told why."),
    )
