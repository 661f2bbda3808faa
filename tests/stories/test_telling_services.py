"""Telling, gathering, sending, changing who reads a story, and withdrawing it: the services."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.stories.consent import gathering_consent_current
from coproduce.stories.models import Story, Theme
from coproduce.stories.services.telling import (
    BODY_MAX,
    THEMES_MAX,
    GatheredTeller,
    StoryError,
    StoryWords,
    story_draft_save,
    story_gather,
    story_reach_change,
    story_submit,
    story_withdraw,
    theme_name_tidy,
)
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory, StoryFactory


@pytest.fixture
def service(db: None):  # type: ignore[no-untyped-def]
    return ServiceFactory(name="Carers’ Drop-in")


@pytest.fixture
def gatherer(db: None) -> Person:
    return MembershipFactory(role=Role.STORY_GATHERER, person__preferred_name="Amira").person


def words(service, **changes) -> StoryWords:  # type: ignore[no-untyped-def]
    base = {
        "title": "The nurse who sat with Dad",
        "body": "She stayed after her shift and explained everything in words we understood.",
        "services": [service],
        "feeling": Story.Feeling.GRATEFUL,
        "prompt": "time-listened-to",
        "principles": ["reciprocity"],
        "themes": ["Being listened to", "  COMMUNICATION IN PLAIN WORDS. "],
        "reach": Story.Reach.PUBLIC,
        "identity": Story.Identity.NAMED,
    }
    base.update(changes)
    return StoryWords(**base)


def problems(error: pytest.ExceptionInfo[StoryError]) -> dict[str | None, str]:
    return dict(error.value.problems)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_draft_is_saved_then_sent_and_waits_to_be_checked(person, service):
    story = story_draft_save(actor=person, words=words(service), submission_key="k1")
    assert story.status == Story.Status.DRAFT and story.teller == person and story.gathered_by is None
    assert list(story.services.all()) == [service]
    assert sorted(story.themes.values_list("name", flat=True)) == ["being listened to", "communication in plain words"]
    assert story.principles == ["reciprocity"] and story.prompt == "time-listened-to"
    sent = story_submit(actor=person, story=story)
    assert sent.status == Story.Status.WAITING and sent.submitted_at is not None
    actions = list(
        AuditEntry.objects.filter(target_id=str(story.pk), action__startswith="stories.story_")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["stories.story_draft_start", "stories.story_submit"]
    assert mail.outbox == []  # she sent it herself: nobody needs telling yet


def test_the_same_story_sent_twice_is_recognised_and_not_duplicated(db, person, service):
    first = story_draft_save(actor=person, words=words(service), submission_key="same")
    story_submit(actor=person, story=first)
    again = story_draft_save(actor=person, words=words(service, title="Changed"), submission_key="same")
    assert again.pk == first.pk and again.title == "The nurse who sat with Dad"
    assert story_submit(actor=person, story=again).status == Story.Status.WAITING
    assert Story.objects.count() == 1
    # Another person's key of the same value is theirs, not hers.
    other = story_draft_save(actor=PersonFactory(), words=words(service), submission_key="same")
    assert other.pk != first.pk


def test_a_draft_saved_again_with_its_key_is_updated(db, person, service):
    first = story_draft_save(actor=person, words=words(service, body=""), submission_key="k")
    second = story_draft_save(actor=person, words=words(service, body="Now written."), submission_key="k")
    assert second.pk == first.pk and second.body == "Now written." and Story.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"title": "", "body": "  "}, "body", "Write something first"),
        ({"body": "x" * (BODY_MAX + 1)}, "body", "up to 20,000 characters. It has 20,001"),
        ({"title": "t" * 201}, "title", "up to 200 characters"),
        ({"themes": [f"theme {i}" for i in range(THEMES_MAX + 1)]}, "new_themes", "up to 10 themes"),
        ({"themes": ["!!!", "?"]}, None, ""),  # nothing left once tidied: no themes, no error
        ({"themes": ["a" * 81]}, "new_themes", "up to 80 characters"),
        ({"feeling": "ecstatic"}, "feeling", "Choose how you felt"),
        ({"prompt": "no-such"}, "prompt", "Choose one of the questions"),
        ({"reach": "everyone"}, "reach", "Choose who may read"),
        ({"principles": ["made-up"]}, "principles", "Choose principles"),
    ],
)
def test_bad_drafts_say_what_to_fix(db, person, service, changes, field, says):
    if field is None:
        story = story_draft_save(actor=person, words=words(service, **changes))
        assert story.themes.count() == 0
        return
    with pytest.raises(StoryError) as error:
        story_draft_save(actor=person, words=words(service, **changes))
    assert says in problems(error)[field]
    assert Story.objects.count() == 0


def test_a_story_needs_a_title_words_and_a_service_before_it_is_sent(db, person, service):
    story = story_draft_save(
        actor=person, words=words(service, title="", services=[], identity=Story.Identity.USERNAME, pen_name="")
    )
    with pytest.raises(StoryError) as error:
        story_submit(actor=person, story=story)
    assert set(problems(error)) == {"title", "services", "pen_name"}
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT and story.body  # nothing lost


def test_html_is_kept_as_typed_to_be_shown_escaped(db, person, service):
    text = '<script>alert("hi")</script> <b>bold</b>'
    story = story_draft_save(actor=person, words=words(service, title=text, body=text))
    assert story.title == text and story.body == text


def test_themes_are_tidied_and_matched_to_existing_ones(db, person, service):
    Theme.objects.create(name="waiting times", slug="waiting-times")
    assert theme_name_tidy("  Waiting   Times. ") == "waiting times"
    assert theme_name_tidy("GP appointments") == "GP appointments"
    assert theme_name_tidy("“PHONE  LINES”") == "phone lines"
    story = story_draft_save(actor=person, words=words(service, themes=["Waiting Times", "waiting-times", "NHS"]))
    assert sorted(story.themes.values_list("name", flat=True)) == ["NHS", "waiting times"]
    assert Theme.objects.count() == 2


def test_only_the_writer_changes_or_sends_a_draft(db, person, service):
    story = story_draft_save(actor=person, words=words(service))
    other = PersonFactory()
    with pytest.raises(StoryError):
        story_draft_save(actor=other, words=words(service), story=story)
    with pytest.raises(StoryError):
        story_submit(actor=other, story=story)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_gatherer_writes_down_a_story_with_consent_and_the_teller_is_told(gatherer, service, settings):
    peggy = PersonFactory(preferred_name="Peggy", email="peggy@example.org")
    teller = GatheredTeller(person=peggy, consent_given=True)
    story = story_gather(actor=gatherer, words=words(service), teller=teller, submission_key="g")
    assert story.gathered_by == gatherer and story.teller == peggy and story.teller_name == ""
    assert story.teller_consent_at is not None
    assert story.teller_consent_wording == gathering_consent_current().text
    entry = AuditEntry.objects.get(action="stories.story_gather")
    assert entry.detail["consent_version"] == gathering_consent_current().version
    story_submit(actor=gatherer, story=story, site_url="https://example.org")
    [message] = mail.outbox
    assert message.to == ["peggy@example.org"] and "Amira wrote down your story" in message.subject
    assert f"https://example.org/stories/{story.pk}/" in message.body


def test_a_gathered_story_needs_consent_and_a_teller(db, gatherer, service):
    with pytest.raises(StoryError) as error:
        story_gather(actor=gatherer, words=words(service), teller=GatheredTeller(name="", consent_given=False))
    assert set(problems(error)) == {"teller_name", "consent", "identity"}  # named, but nobody to name
    with pytest.raises(StoryError) as error:
        story_gather(actor=gatherer, words=words(service), teller=GatheredTeller(person=gatherer, consent_given=True))
    assert "Tell your own" in problems(error)["teller"]
    assert Story.objects.count() == 0


def test_a_teller_without_an_account_keeps_their_name_private(db, gatherer, service):
    story = story_gather(
        actor=gatherer,
        words=words(service, identity=Story.Identity.ANONYMOUS),
        teller=GatheredTeller(name="Mrs Dorothy Pike", consent_given=True),
    )
    assert story.teller is None and story.teller_name == "Mrs Dorothy Pike"
    with pytest.raises(StoryError):
        story_reach_change(actor=gatherer, story=story, reach=Story.Reach.PUBLIC, identity=Story.Identity.NAMED)


def test_changing_the_teller_of_a_gathered_draft_asks_for_consent_again(db, gatherer, service):
    story = story_gather(
        actor=gatherer,
        words=words(service, identity="anonymous"),
        teller=GatheredTeller(name="Ann", consent_given=True),
    )
    story_gather(
        actor=gatherer,
        words=words(service, body="More.", identity="anonymous"),
        teller=GatheredTeller(name="Ann"),
        story=story,
    )
    with pytest.raises(StoryError) as error:
        story_gather(
            actor=gatherer, words=words(service, identity="anonymous"), teller=GatheredTeller(name="Bo"), story=story
        )
    assert "consent" in problems(error)


def test_only_gatherers_and_facilitators_gather(db, person, facilitator, service):
    with pytest.raises(StoryError):
        story_gather(actor=person, words=words(service), teller=GatheredTeller(name="Ann", consent_given=True))
    story = story_gather(
        actor=facilitator,
        words=words(service, identity="anonymous"),
        teller=GatheredTeller(name="Ann", consent_given=True),
    )
    assert story.gathered_by == facilitator


def test_the_teller_changes_who_reads_it_and_how_it_is_signed(db, person, service):
    story = StoryFactory(teller=person, reach=Story.Reach.PUBLIC, identity=Story.Identity.NAMED)
    story = story_reach_change(
        actor=person, story=story, reach=Story.Reach.FACILITATORS, identity=Story.Identity.USERNAME, pen_name="R."
    )
    assert (story.reach, story.identity, story.pen_name) == ("facilitators", "username", "R.")
    entry = AuditEntry.objects.get(action="stories.story_reach_change")
    assert entry.detail["before"] == {"reach": "public", "identity": "named"}
    with pytest.raises(StoryError):
        story_reach_change(actor=PersonFactory(), story=story, reach=Story.Reach.PUBLIC)
    with pytest.raises(StoryError) as error:
        story_reach_change(actor=person, story=story, reach=Story.Reach.PUBLIC, identity="username", pen_name="")
    assert "pen_name" in problems(error)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_withdrawing_hides_the_story_and_tells_the_gatherer(gatherer, service):
    peggy = PersonFactory(preferred_name="Peggy")
    story = StoryFactory(teller=peggy, gathered_by=gatherer, services=[service])
    withdrawn = story_withdraw(actor=peggy, story=story)
    assert withdrawn is not None and withdrawn.status == Story.Status.WITHDRAWN and withdrawn.withdrawn_at
    [message] = mail.outbox
    assert message.to == [gatherer.email] and "withdrawn" in message.subject
    assert story_withdraw(actor=peggy, story=story) is not None  # again: nothing more happens
    assert len(mail.outbox) == 1
    with pytest.raises(StoryError):
        story_reach_change(actor=peggy, story=withdrawn, reach=Story.Reach.PUBLIC)


def test_only_the_teller_withdraws_and_the_gatherer_only_for_a_teller_without_an_account(db, gatherer, service):
    peggy = PersonFactory()
    hers = StoryFactory(teller=peggy, gathered_by=gatherer)
    with pytest.raises(StoryError):
        story_withdraw(actor=gatherer, story=hers)
    with pytest.raises(StoryError):
        story_withdraw(actor=PersonFactory(), story=hers)
    no_account = StoryFactory(teller=None, teller_name="Ann", gathered_by=gatherer)
    assert story_withdraw(actor=gatherer, story=no_account).status == Story.Status.WITHDRAWN  # type: ignore[union-attr]


def test_withdrawing_a_draft_deletes_it(db, person, service):
    story = story_draft_save(actor=person, words=words(service))
    assert story_withdraw(actor=person, story=story) is None
    assert not Story.objects.exists()
    assert AuditEntry.objects.filter(action="stories.story_draft_delete").exists()


def test_sending_runs_the_identifying_details_check_when_moderation_provides_it(db, person, service, monkeypatch):
    import types

    seen: list[int] = []
    fake = types.ModuleType("coproduce.stories.services.moderation")
    fake.identifying_details_find = lambda story: seen.append(story.pk)  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "coproduce.stories.services.moderation", fake)
    import coproduce.stories.services as services_package

    monkeypatch.setattr(services_package, "moderation", fake, raising=False)
    story = story_draft_save(actor=person, words=words(service))
    story_submit(actor=person, story=story)
    assert seen == [story.pk]


def test_published_at_is_untouched_by_the_teller(db, person, service):
    story = StoryFactory(teller=person, published_at=timezone.now())
    before = story.published_at
    story_reach_change(actor=person, story=story, reach=Story.Reach.MEMBERS)
    story.refresh_from_db()
    assert story.published_at == before
