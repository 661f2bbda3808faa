"""Telling a story, gathering one on someone's behalf, and the teller changing their mind.

A story is written as a draft, which only its writer sees, then sent: it waits to be checked (moderation) before
anyone else reads it. Its teller chooses who may read it and how they are named, and can change either, or withdraw
the story, at any time; a withdrawn story disappears from everything (see visibility.py). A story gatherer writes a
story down with someone, recording that the teller heard what sharing it means and agreed.

The same form sent twice (a double click, a resent page) carries the same submission key, so it finds the story
it made the first time instead of making another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, place_get
from coproduce.organisations.models import Service
from coproduce.people.models import Person
from coproduce.stories.consent import gathering_consent_current
from coproduce.stories.models import Story, Theme
from coproduce.stories.prompts import BY_KEY as PROMPTS
from coproduce.stories.rules import decides_for_story, is_story_gatherer, writes_story
from coproduce.stories.search import story_search_index
from coproduce.stories.selectors.stories import principle_keys

TITLE_MAX = 200
BODY_MAX = 20_000
THEMES_MAX = 10
THEME_NAME_MAX = 80
PEN_NAME_MAX = 60
TELLER_NAME_MAX = 150


class StoryError(ValueError):
    """What cannot be saved as given: each problem with the form field it is about (None for the form as a whole),
    so a form can show all of them at once, beside the right fields."""

    def __init__(self, problems: Sequence[tuple[str | None, str]]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems[0][1] if self.problems else "")

    @classmethod
    def one(cls, message: str, field: str | None = None) -> StoryError:
        return cls([(field, message)])


@dataclass(frozen=True)
class StoryWords:
    """Everything the teller (or gatherer) writes and chooses about a story."""

    title: str = ""
    body: str = ""
    services: Sequence[Service] = ()
    feeling: str = ""
    prompt: str = ""
    principles: Sequence[str] = ()
    # Names of themes, existing or new, as typed: they are tidied and matched to existing themes here.
    themes: Sequence[str] = ()
    reach: str = Story.Reach.MEMBERS
    identity: str = Story.Identity.ANONYMOUS
    pen_name: str = ""


@dataclass(frozen=True)
class GatheredTeller:
    """Whose story a gatherer writes down: someone with an account, or a name that stays private."""

    person: Person | None = None
    name: str = ""
    # The gatherer read the consent wording to the teller and the teller agreed, just now.
    consent_given: bool = False


@dataclass
class _Checked:
    fields: dict[str, Any] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)
    theme_names: list[str] = field(default_factory=list)


def _too_long(what: str, limit: int, count: int) -> str:
    return _("%(what)s can be up to %(limit)s characters. It has %(count)s: please shorten it.") % {
        "what": what,
        "limit": f"{limit:,}",
        "count": f"{count:,}",
    }


_SPACES = re.compile(r"\s+")
_EDGES = " \t\n\"'“”‘’.,;:!?#-–—()[]"


def theme_name_tidy(name: str) -> str:
    """ "  Waiting   Times. " becomes "waiting times". Words in capitals, such as GP or NHS, stay as they are,
    unless the whole theme is in capitals ("PHONE LINES"), which is shouting rather than a name."""
    tidy = _SPACES.sub(" ", name).strip(_EDGES)
    if tidy.isupper() and " " in tidy:
        return tidy.lower()
    return " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in tidy.split(" ") if word)


def _themes_checked(names: Iterable[str], problems: list[tuple[str | None, str]]) -> list[str]:
    tidy: dict[str, str] = {}
    for raw in names:
        name = theme_name_tidy(raw)
        if not name:
            continue
        if len(name) > THEME_NAME_MAX:
            problems.append(("new_themes", _too_long(_("A theme"), THEME_NAME_MAX, len(name))))
            continue
        slug = slugify(name)
        if not slug:
            problems.append(("new_themes", _("“%(name)s” has no letters or numbers in it.") % {"name": name}))
            continue
        tidy.setdefault(slug, name)
    if len(tidy) > THEMES_MAX:
        problems.append(
            (
                "new_themes",
                _("A story can have up to %(max)s themes. It has %(count)s: keep the ones that matter most.")
                % {"max": THEMES_MAX, "count": len(tidy)},
            )
        )
    return list(tidy.values())


def _words_checked(words: StoryWords, *, teller_has_account: bool) -> _Checked:
    """Checks that hold for any draft; what a story needs before it is sent is checked on sending."""
    problems: list[tuple[str | None, str]] = []
    title = words.title.strip()
    body = words.body.strip()
    pen_name = words.pen_name.strip()
    if len(title) > TITLE_MAX:
        problems.append(("title", _too_long(_("The title"), TITLE_MAX, len(title))))
    if len(body) > BODY_MAX:
        problems.append(("body", _too_long(_("The story"), BODY_MAX, len(body))))
    if len(pen_name) > PEN_NAME_MAX:
        problems.append(("pen_name", _too_long(_("The name to show"), PEN_NAME_MAX, len(pen_name))))
    if not title and not body:
        problems.append(("body", _("Write something first: a title, or a few words of the story.")))
    if words.feeling and words.feeling not in Story.Feeling.values:
        problems.append(("feeling", _("Choose how you felt from the list, or leave it empty.")))
    if words.prompt and words.prompt not in PROMPTS:
        problems.append(("prompt", _("Choose one of the questions, or start in your own way.")))
    if words.reach not in Story.Reach.values:
        problems.append(("reach", _("Choose who may read the story.")))
    if words.identity not in Story.Identity.values:
        problems.append(("identity", _("Choose how you are named with the story.")))
    elif words.identity == Story.Identity.NAMED and not teller_has_account:
        problems.append(
            ("identity", _("Their name is kept private, so choose a name they pick for the story, or no name."))
        )
    known = principle_keys()
    principles = list(dict.fromkeys(words.principles))
    if any(key not in known for key in principles):
        problems.append(("principles", _("Choose principles from the list, or none.")))
    theme_names = _themes_checked(words.themes, problems)
    if problems:
        raise StoryError(problems)
    return _Checked(
        fields={
            "title": title,
            "body": body,
            "feeling": words.feeling,
            "prompt": words.prompt,
            "principles": principles,
            "reach": words.reach,
            "identity": words.identity,
            # A pen name is kept only while it is the name shown.
            "pen_name": pen_name if words.identity == Story.Identity.USERNAME else "",
        },
        services=list(dict.fromkeys(words.services)),
        theme_names=theme_names,
    )


def _themes_for(names: list[str]) -> list[Theme]:
    """Existing themes matched by their slug, whatever the case or spacing typed; new ones made."""
    slugs = {slugify(name): name for name in names}
    existing = {theme.slug: theme for theme in Theme.objects.filter(slug__in=list(slugs))}
    themes = []
    for slug, name in slugs.items():
        theme = existing.get(slug)
        if theme is None:
            theme, _created = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
        themes.append(theme)
    return themes


def _earlier_by_key(actor: Person, submission_key: str) -> Story | None:
    if not submission_key:
        return None
    # The writer's row lock makes the same form sent twice wait for itself, so the second finds the first.
    Person.objects.select_for_update().filter(pk=actor.pk).first()
    return (
        Story.objects.filter(Q(gathered_by=actor) | Q(teller=actor, gathered_by__isnull=True))
        .filter(submission_key=submission_key)
        .order_by("pk")
        .first()
    )


def _save(story: Story, checked: _Checked) -> Story:
    for name, value in checked.fields.items():
        setattr(story, name, value)
    story.save()
    story.services.set(checked.services)
    story.themes.set(_themes_for(checked.theme_names))
    return story


def story_draft_save(
    *, actor: Person, words: StoryWords, story: Story | None = None, submission_key: str = ""
) -> Story:
    """Save the actor's own story as a draft: a new one, or changes to one they are writing.

    Sent again with the same submission key, it finds the story made the first time: a draft is updated, a story
    already sent is returned as it is.
    """
    if story is not None and story.gathered_by_id is not None:
        raise StoryError.one(_("This story was gathered: change it from the page for gathering."))
    checked = _words_checked(words, teller_has_account=True)
    with transaction.atomic():
        if story is None:
            story = _earlier_by_key(actor, submission_key)
            if story is not None and story.status != Story.Status.DRAFT:
                return story
        if story is None:
            story = Story(teller=actor, status=Story.Status.DRAFT, submission_key=submission_key[:40])
            action = "stories.story_draft_start"
        else:
            story = Story.objects.select_for_update().get(pk=story.pk)
            if not writes_story(actor, story):
                raise StoryError.one(_("Only the person writing this draft can change it."))
            action = "stories.story_draft_save"
        _save(story, checked)
        audit_record(actor=actor, action=action, target=story, detail={"key": submission_key} if submission_key else {})
    return story


def story_gather(
    *,
    actor: Person,
    words: StoryWords,
    teller: GatheredTeller,
    story: Story | None = None,
    submission_key: str = "",
) -> Story:
    """A story gatherer writes someone's story down as a draft, with the teller's consent recorded.

    Consent is asked for when the story is first written down, and again if the teller changes: the words read
    out are stored with the time, so what was agreed can be read back exactly.
    """
    if not is_story_gatherer(actor):
        raise StoryError.one(_("Only story gatherers and facilitators can write a story down for someone."))
    problems: list[tuple[str | None, str]] = []
    name = teller.name.strip()
    if teller.person is not None:
        name = ""
        if teller.person.pk == actor.pk:
            problems.append(("teller", _("This is for other people’s stories. Tell your own from ‘Tell a story’.")))
        elif not teller.person.is_active or teller.person.closed_at is not None:
            problems.append(("teller", _("That account is closed. Write their name instead.")))
    elif not name:
        problems.append(("teller_name", _("Write the teller’s name, or choose them if they have an account.")))
    elif len(name) > TELLER_NAME_MAX:
        problems.append(("teller_name", _too_long(_("Their name"), TELLER_NAME_MAX, len(name))))
    try:
        checked = _words_checked(words, teller_has_account=teller.person is not None)
    except StoryError as error:
        problems.extend(error.problems)
        checked = _Checked()
    teller_id = teller.person.pk if teller.person is not None else None
    same_teller = story is not None and story.teller_id == teller_id and story.teller_name == name
    needs_consent = story is None or story.teller_consent_at is None or not same_teller
    if needs_consent and not teller.consent_given:
        problems.append(
            ("consent", _("Read the words about sharing to the teller, and tick the box once they have agreed."))
        )
    if problems:
        raise StoryError(problems)
    with transaction.atomic():
        if story is None:
            story = _earlier_by_key(actor, submission_key)
            if story is not None and story.status != Story.Status.DRAFT:
                return story
        if story is None:
            story = Story(gathered_by=actor, status=Story.Status.DRAFT, submission_key=submission_key[:40])
            action = "stories.story_gather"
        else:
            story = Story.objects.select_for_update().get(pk=story.pk)
            if not writes_story(actor, story):
                raise StoryError.one(_("Only the person writing this draft can change it."))
            action = "stories.story_gather_save"
        story.teller = teller.person
        story.teller_name = name
        detail: dict[str, Any] = {"key": submission_key} if submission_key else {}
        if teller.consent_given and (needs_consent or story.teller_consent_at is None):
            wording = gathering_consent_current()
            story.teller_consent_at = timezone.now()
            story.teller_consent_wording = wording.text
            detail["consent_version"] = wording.version
        _save(story, checked)
        audit_record(actor=actor, action=action, target=story, detail=detail)
    return story


def _send_problems(story: Story) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    if not story.title.strip():
        problems.append(("title", _("Give the story a title.")))
    if not story.body.strip():
        problems.append(("body", _("Write the story before sending it.")))
    if not story.services.exists():
        problems.append(("services", _("Choose at least one service the story is about.")))
    if story.identity == Story.Identity.USERNAME and not story.pen_name.strip():
        problems.append(("pen_name", _("Write the name to show with the story, or choose another way to be named.")))
    if story.gathered_by_id is not None and story.teller_consent_at is None:
        problems.append(("consent", _("Record the teller’s agreement before sending their story.")))
    return problems


def identifying_details_check(story: Story) -> None:
    """Hook for moderation: flag likely names, phone numbers, addresses and the like before a moderator reads the
    story. Moderation provides `identifying_details_find(story)` in services/moderation.py; until it does, this
    does nothing."""
    try:
        from coproduce.stories.services import moderation
    except ImportError:
        return
    find = getattr(moderation, "identifying_details_find", None)
    if find is not None:
        find(story)


def story_submit(*, actor: Person, story: Story, site_url: str = "") -> Story:
    """Send a draft: it waits to be checked before anyone but its teller and gatherer reads it. Sending a story
    already sent changes nothing."""
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status != Story.Status.DRAFT:
            if story.status == Story.Status.WITHDRAWN or actor.pk not in (story.teller_id, story.gathered_by_id):
                raise StoryError.one(_("This story cannot be sent."))
            return story
        if not writes_story(actor, story):
            raise StoryError.one(_("Only the person writing this draft can send it."))
        if problems := _send_problems(story):
            raise StoryError(problems)
        story.status = Story.Status.WAITING
        story.submitted_at = timezone.now()
        story.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(actor=actor, action="stories.story_submit", target=story)
        identifying_details_check(story)
        teller = story.teller
        if story.gathered_by_id is not None and teller is not None and teller.email and teller.is_active:
            email_on_commit(
                to=teller.email,
                subject=_("%(name)s wrote down your story") % {"name": actor.display_name},
                template="stories/email/gathered_for_you.txt",
                context={
                    "person": teller,
                    "gatherer": actor,
                    "story": story,
                    "place": place_get(),
                    "link": f"{site_url}{story.get_absolute_url()}",
                    "mine": f"{site_url}{reverse('stories:mine')}",
                },
            )
    return story


def story_reach_change(
    *, actor: Person, story: Story, reach: str, identity: str | None = None, pen_name: str = ""
) -> Story:
    """The teller changes who may read their story, and (if given) how they are named with it. Takes effect at
    once, everywhere."""
    if not decides_for_story(actor, story):
        raise StoryError.one(_("Only the person who told this story can change who reads it."))
    identity = story.identity if identity is None else identity
    pen_name = pen_name.strip() if identity == Story.Identity.USERNAME else ""
    problems: list[tuple[str | None, str]] = []
    if reach not in Story.Reach.values:
        problems.append(("reach", _("Choose who may read the story.")))
    if identity not in Story.Identity.values:
        problems.append(("identity", _("Choose how you are named with the story.")))
    elif identity == Story.Identity.NAMED and story.teller_id is None:
        problems.append(("identity", _("Their name is kept private, so choose a name they pick, or no name.")))
    elif identity == Story.Identity.USERNAME and not pen_name:
        problems.append(("pen_name", _("Write the name to show with the story, or choose another way to be named.")))
    elif len(pen_name) > PEN_NAME_MAX:
        problems.append(("pen_name", _too_long(_("The name to show"), PEN_NAME_MAX, len(pen_name))))
    if problems:
        raise StoryError(problems)
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status == Story.Status.WITHDRAWN:
            raise StoryError.one(_("This story has been withdrawn."))
        before = {"reach": story.reach, "identity": story.identity}
        story.reach, story.identity, story.pen_name = reach, identity, pen_name
        story.save(update_fields=["reach", "identity", "pen_name", "updated_at"])
        audit_record(
            actor=actor,
            action="stories.story_reach_change",
            target=story,
            detail={"before": before, "after": {"reach": reach, "identity": identity}},
        )
    return story


def story_withdraw(*, actor: Person, story: Story, site_url: str = "") -> Story | None:
    """The teller takes their story back. It disappears from everything at once; the row stays, withdrawn, so that
    responses and counts that pointed at it know it is gone. A draft nobody else has read is simply deleted (then
    None is returned)."""
    with transaction.atomic():
        story = Story.objects.select_for_update(of=("self",)).select_related("teller", "gathered_by").get(pk=story.pk)
        if story.status == Story.Status.DRAFT and writes_story(actor, story):
            audit_record(actor=actor, action="stories.story_draft_delete", target=story)
            story.delete()
            return None
        if story.status == Story.Status.WITHDRAWN:
            return story
        if not decides_for_story(actor, story):
            raise StoryError.one(_("Only the person who told this story can withdraw it."))
        story.status = Story.Status.WITHDRAWN
        story.withdrawn_at = timezone.now()
        story.save(update_fields=["status", "withdrawn_at", "updated_at"])
        story_search_index(story)
        audit_record(actor=actor, action="stories.story_withdraw", target=story)
        gatherer = story.gathered_by
        if gatherer is not None and gatherer.pk != actor.pk and gatherer.email and gatherer.is_active:
            # So the gatherer knows not to mention or use it any more.
            email_on_commit(
                to=gatherer.email,
                subject=_("A story you gathered has been withdrawn"),
                template="stories/email/withdrawn_gathered.txt",
                context={"person": gatherer, "story": story, "place": place_get(), "site_url": site_url},
            )
    return story
