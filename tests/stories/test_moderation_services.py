"""Moderation's services: flags found and kept, suggested words agreed or declined (with and without a teller
account), publishing refused until everything is resolved, not publishing, bulk actions, emails and audit rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Organisation, Role, Service
from coproduce.people.models import Person
from coproduce.stories.models import IdentifyingDetail, Story, StoryRevision
from coproduce.stories.services.moderation import (
    BODY_MAX,
    NOT_PUBLISHED_REASON_MAX,
    ModerationError,
    identifying_details_find,
    identifying_details_keep,
    publish_blockers,
    stories_not_publish,
    stories_publish,
    story_edit_agree,
    story_edit_decline,
    story_edit_propose,
    story_edit_take_back,
    story_not_publish,
    story_publish,
    words_without_details,
)
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory, StoryFactory

PHONE = "07700 900123"


@pytest.fixture
def service(organisation: Organisation) -> Service:
    return ServiceFactory(organisation=organisation, name="Carers’ Drop-in")


@pytest.fixture
def teller(db: None) -> Person:
    return PersonFactory(preferred_name="Teodora", email="teodora@example.org")


@pytest.fixture
def gatherer(organisation: Organisation) -> Person:
    return MembershipFactory(organisation=organisation, role=Role.STORY_GATHERER, person__preferred_name="Amira").person


def waiting_story(services: list[Service], **fields: Any) -> Story:
    """A story as the telling helper leaves it once sent: waiting, with its details found."""
    fields.setdefault("body", "The staff were kind and listened.")
    fields.setdefault("status", Story.Status.WAITING)
    story = StoryFactory(published_at=None, submitted_at=timezone.now(), services=services, **fields)
    identifying_details_find(story)
    return story


def gathered_story(service: Service, gatherer: Person, **fields: Any) -> Story:
    fields.setdefault("body", f"Ring me on {PHONE} if you want to know more. The drop-in helped me a lot.")
    return waiting_story(
        [service],
        teller=None,
        teller_name="Doris Fairweather",
        gathered_by=gatherer,
        teller_consent_at=timezone.now(),
        identity=Story.Identity.ANONYMOUS,
        **fields,
    )


def actions(story: Story) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(story.pk), action__startswith="stories.")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )


# --- finding -----------------------------------------------------------------------------------------------------


def test_a_phone_number_is_caught_in_a_gathered_story(service, gatherer):
    story = gathered_story(service, gatherer)
    details = list(story.identifying_details.all())
    assert [(d.kind, d.text, d.in_title) for d in details] == [(IdentifyingDetail.Kind.PHONE, PHONE, False)]
    assert story.body[details[0].start :].startswith(PHONE)


def test_the_teller_name_of_a_gathered_story_and_the_places_people_are_looked_for(service, gatherer, teller):
    story = gathered_story(
        service, gatherer, title="Teodora helped", body="Mrs Fairweather (that is me) thanks Doris’s friend."
    )
    found = sorted((d.kind, d.text, d.in_title) for d in story.identifying_details.all())
    assert found == [
        ("name", "Doris", False),
        ("name", "Mrs Fairweather", False),
        ("name", "Teodora", True),
    ]


def test_finding_again_replaces_unresolved_flags_and_leaves_kept_ones(service, facilitator, gatherer):
    story = gathered_story(service, gatherer, body=f"Call {PHONE}. The Millbrook team were great, Dr Okafor too.")
    okafor = story.identifying_details.get(text="Dr Okafor")
    identifying_details_keep(actor=facilitator, story=story, details=[okafor], reason="A doctor's public role")
    identifying_details_find(story)
    identifying_details_find(story)
    assert story.identifying_details.filter(resolved_at__isnull=True).count() == 1
    kept = story.identifying_details.get(resolved_at__isnull=False)
    assert kept.pk == okafor.pk and kept.keep_reason == "A doctor's public role" and kept.resolved_by == facilitator


def test_the_suggestion_starts_from_the_words_with_placeholders(service, gatherer):
    story = gathered_story(service, gatherer, body=f"Call {PHONE} or write to me@example.org today.")
    unresolved = list(story.identifying_details.filter(resolved_at__isnull=True))
    assert words_without_details(story.body, unresolved) == "Call [phone number] or write to [email address] today."


# --- keeping -----------------------------------------------------------------------------------------------------


def test_keeping_needs_a_reason_and_a_moderator(service, facilitator, gatherer):
    story = gathered_story(service, gatherer)
    detail = story.identifying_details.get()
    with pytest.raises(ModerationError, match="Say why"):
        identifying_details_keep(actor=facilitator, story=story, details=[detail], reason="  ")
    with pytest.raises(ModerationError, match="up to 300"):
        identifying_details_keep(actor=facilitator, story=story, details=[detail], reason="x" * 301)
    outsider = MembershipFactory(role=Role.FACILITATOR).person
    with pytest.raises(ModerationError, match="do not facilitate"):
        identifying_details_keep(actor=outsider, story=story, details=[detail], reason="The service's number")
    assert story.identifying_details.get().resolved_at is None
    identifying_details_keep(actor=facilitator, story=story, details=[detail], reason="The service's number")
    assert actions(story) == ["stories.identifying_details_keep"]


# --- publishing --------------------------------------------------------------------------------------------------


def test_publishing_is_refused_until_every_flag_is_resolved(service, facilitator, gatherer):
    story = gathered_story(service, gatherer)
    assert publish_blockers(story) == ["1 marked detail still needs taking out, or marking as fine to keep."]
    with pytest.raises(ModerationError, match="1 marked detail"):
        story_publish(actor=facilitator, story=story)
    story.refresh_from_db()
    assert story.status == Story.Status.WAITING and story.published_at is None
    identifying_details_keep(
        actor=facilitator, story=story, details=list(story.identifying_details.all()), reason="The drop-in's line"
    )
    published = story_publish(actor=facilitator, story=story)
    assert published.status == Story.Status.PUBLISHED and published.published_at is not None
    assert actions(story)[-1] == "stories.story_publish"


def test_publishing_is_refused_while_a_suggestion_waits_for_the_teller(service, facilitator, teller):
    story = waiting_story([service], teller=teller, body=f"My number is {PHONE}.")
    story_edit_propose(
        actor=facilitator, story=story, title=story.title, body="My number is private.", reason="To keep you safe"
    )
    detail = story.identifying_details.get()
    identifying_details_keep(actor=facilitator, story=story, details=[detail], reason="The service's own line")
    assert publish_blockers(story) == ["A suggested change is waiting for the teller’s answer."]
    with pytest.raises(ModerationError, match="waiting for the teller"):
        story_publish(actor=facilitator, story=story)


def test_only_a_waiting_story_can_be_published(service, facilitator, teller):
    story = waiting_story([service], teller=teller)
    story_publish(actor=facilitator, story=story)
    with pytest.raises(ModerationError, match="not waiting"):
        story_publish(actor=facilitator, story=story)
    withdrawn = waiting_story([service], teller=teller, status=Story.Status.WITHDRAWN)
    with pytest.raises(ModerationError, match="withdrawn"):
        story_publish(actor=facilitator, story=withdrawn)


def test_publishing_tells_the_services_managers_the_teller_and_the_gatherer(
    service, facilitator, org_admin, gatherer, django_capture_on_commit_callbacks
):
    other_org = OrganisationFactory(name="Elm House")
    other = ServiceFactory(organisation=other_org, name="Elm Day Centre")
    elm_manager = MembershipFactory(
        organisation=other_org, role=Role.FACILITATOR, person__email="elm@example.org"
    ).person
    MembershipFactory(organisation=other_org, role=Role.STAFF, person__email="staff@example.org")
    teller = PersonFactory(preferred_name="Teodora", email="teodora@example.org")
    story = waiting_story([service, other], teller=teller, gathered_by=gatherer, teller_consent_at=timezone.now())
    place_admin = PersonFactory(is_place_admin=True, email="admin@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        story_publish(actor=place_admin, story=story, site_url="https://place.example")
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {facilitator.email, org_admin.email, elm_manager.email, teller.email, gatherer.email}
    assert "Carers’ Drop-in" in sent[facilitator.email].body and "Elm Day Centre" not in sent[facilitator.email].body
    assert "Elm Day Centre" in sent[elm_manager.email].body
    assert f"https://place.example/stories/{story.pk}/" in sent[elm_manager.email].body
    assert "Your story" in sent[teller.email].subject
    assert "you gathered" in sent[gatherer.email].subject


def test_the_moderator_who_publishes_is_not_emailed_about_it(service, facilitator, django_capture_on_commit_callbacks):
    story = waiting_story([service], teller=facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        story_publish(actor=facilitator, story=story)
    assert facilitator.email not in [message.to[0] for message in mail.outbox]


def test_a_moderator_of_another_organisation_cannot_publish(service, teller):
    story = waiting_story([service], teller=teller)
    outsider = MembershipFactory(role=Role.FACILITATOR).person
    with pytest.raises(ModerationError, match="do not facilitate"):
        story_publish(actor=outsider, story=story)


def test_a_story_naming_no_service_is_for_any_facilitator(teller):
    story = waiting_story([], teller=teller)
    anyone = MembershipFactory(role=Role.FACILITATOR).person
    assert story_publish(actor=anyone, story=story).status == Story.Status.PUBLISHED


# --- not publishing ----------------------------------------------------------------------------------------------


def test_not_publishing_needs_a_kind_reason_and_tells_the_teller(
    service, facilitator, teller, django_capture_on_commit_callbacks
):
    story = waiting_story([service], teller=teller)
    with pytest.raises(ModerationError, match="say it kindly"):
        story_not_publish(actor=facilitator, story=story, reason="")
    with pytest.raises(ModerationError, match="up to 1,000"):
        story_not_publish(actor=facilitator, story=story, reason="x" * (NOT_PUBLISHED_REASON_MAX + 1))
    reason = "It names another resident <b>by name</b>, and we could not reach you to agree a change."
    with django_capture_on_commit_callbacks(execute=True):
        story_not_publish(actor=facilitator, story=story, reason=reason)
    story.refresh_from_db()
    assert story.status == Story.Status.NOT_PUBLISHED and story.not_published_reason == reason
    [message] = mail.outbox
    assert message.to == [teller.email] and reason in message.body
    assert actions(story) == ["stories.story_not_publish"]


def test_not_publishing_takes_back_a_waiting_suggestion(service, facilitator, teller):
    story = waiting_story([service], teller=teller, body=f"Call {PHONE}")
    revision = story_edit_propose(actor=facilitator, story=story, title="T", body="Call me", reason="Safety")
    story_not_publish(actor=facilitator, story=story, reason="Sorry: it is about a different place.")
    revision.refresh_from_db()
    assert revision.proposal == StoryRevision.Proposal.DROPPED
    with pytest.raises(ModerationError, match="not waiting"):
        story_edit_agree(actor=teller, revision=revision)


# --- suggested words: a teller with an account -------------------------------------------------------------------


def test_a_teller_with_an_account_agrees_to_suggested_words(
    service, facilitator, teller, django_capture_on_commit_callbacks
):
    body = f"Call me on {PHONE} and ask for me."
    story = waiting_story([service], teller=teller, body=body, title="Help at last")
    with django_capture_on_commit_callbacks(execute=True):
        revision = story_edit_propose(
            actor=facilitator,
            story=story,
            title="Help at last",
            body="Call me and ask for me.",
            reason="So nobody can ring you who should not.",
            site_url="https://place.example",
        )
    story.refresh_from_db()
    assert story.body == body, "nothing changes before the teller agrees"
    assert revision.proposal == StoryRevision.Proposal.WAITING and not revision.teller_agreed
    [asked] = mail.outbox
    assert asked.to == [teller.email] and f"https://place.example/stories/{story.pk}/suggested-change/" in asked.body

    with pytest.raises(ModerationError, match="Only the teller"):
        story_edit_agree(actor=facilitator, revision=revision)
    with django_capture_on_commit_callbacks(execute=True):
        story_edit_agree(actor=teller, revision=revision)
    story.refresh_from_db()
    revision.refresh_from_db()
    assert story.body == "Call me and ask for me."
    assert revision.proposal == StoryRevision.Proposal.AGREED and revision.teller_agreed
    assert revision.previous_body == body, "the old words are kept"
    assert revision.answer_recorded_by == teller and revision.edited_by == facilitator
    assert not story.identifying_details.filter(resolved_at__isnull=True).exists()
    assert mail.outbox[-1].to == [facilitator.email] and "agreed" in mail.outbox[-1].subject
    assert actions(story) == ["stories.story_edit_propose", "stories.story_edit_agree"]
    assert story_publish(actor=facilitator, story=story).status == Story.Status.PUBLISHED


def test_a_teller_can_say_no_and_keep_their_words(service, facilitator, teller, django_capture_on_commit_callbacks):
    body = f"Call me on {PHONE}."
    story = waiting_story([service], teller=teller, body=body)
    revision = story_edit_propose(actor=facilitator, story=story, title=story.title, body="Call me.", reason="Safety")
    with pytest.raises(ModerationError, match="up to 300"):
        story_edit_decline(actor=teller, revision=revision, note="n" * 301)
    with django_capture_on_commit_callbacks(execute=True):
        story_edit_decline(actor=teller, revision=revision, note="It is the drop-in's number, not mine.")
    story.refresh_from_db()
    revision.refresh_from_db()
    assert story.body == body and revision.proposal == StoryRevision.Proposal.DECLINED and not revision.teller_agreed
    assert "drop-in's number" in mail.outbox[-1].body
    assert actions(story)[-1] == "stories.story_edit_decline"


def test_a_teller_with_an_account_cannot_have_agreement_ticked_for_them(service, facilitator, teller):
    story = waiting_story([service], teller=teller, body=f"Call {PHONE}")
    with pytest.raises(ModerationError, match="say yes or no themselves"):
        story_edit_propose(
            actor=facilitator, story=story, title=story.title, body="Call", reason="Safety", teller_agreed=True
        )
    assert not StoryRevision.objects.exists()


def test_suggestions_are_checked(service, facilitator, teller):
    story = waiting_story([service], teller=teller, body=f"Call {PHONE}")
    title = story.title
    for changes, message in [
        ({"title": ""}, "Give the story a title"),
        ({"body": "  "}, "Write the story"),
        ({"body": "x" * (BODY_MAX + 1)}, "up to 20,000"),
        ({"reason": ""}, "Say why"),
        ({"body": story.body}, "the same as the story"),
    ]:
        given = {"title": title, "body": "Call me", "reason": "Safety", **changes}
        with pytest.raises(ModerationError, match=message):
            story_edit_propose(actor=facilitator, story=story, **given)
    story_edit_propose(actor=facilitator, story=story, title=title, body="Call me", reason="Safety")
    with pytest.raises(ModerationError, match="already waiting"):
        story_edit_propose(actor=facilitator, story=story, title=title, body="Call me please", reason="Safety")


def test_a_moderator_takes_back_a_suggestion_and_it_stays_in_the_history(service, facilitator, teller):
    story = waiting_story([service], teller=teller, body=f"Call {PHONE}")
    first = story_edit_propose(actor=facilitator, story=story, title=story.title, body="Call", reason="Safety")
    story_edit_take_back(actor=facilitator, revision=first)
    second = story_edit_propose(actor=facilitator, story=story, title=story.title, body="Call me", reason="Better")
    assert [r.proposal for r in StoryRevision.objects.filter(story=story)] == ["dropped", "waiting"]
    with pytest.raises(ModerationError, match="already been answered or taken back"):
        story_edit_take_back(actor=facilitator, revision=first)
    assert second.proposal == "waiting"


# --- suggested words: a teller without an account ----------------------------------------------------------------


def test_the_gatherer_records_the_teller_agreeing(service, facilitator, gatherer, django_capture_on_commit_callbacks):
    story = gathered_story(service, gatherer)
    with django_capture_on_commit_callbacks(execute=True):
        revision = story_edit_propose(
            actor=facilitator,
            story=story,
            title=story.title,
            body="Ring the drop-in if you want to know more. The drop-in helped me a lot.",
            reason="Your own number should not be public.",
        )
    [asked] = mail.outbox
    assert asked.to == [gatherer.email] and "record whether they agree" in asked.body
    with pytest.raises(ModerationError, match="Tick to confirm"):
        story_edit_agree(actor=gatherer, revision=revision)
    story_edit_agree(actor=gatherer, revision=revision, teller_agreed_confirmed=True)
    revision.refresh_from_db()
    assert revision.teller_agreed and revision.answer_recorded_by == gatherer
    entry = AuditEntry.objects.get(action="stories.story_edit_agree")
    assert entry.detail["recorded_for_teller"] is True and entry.actor == gatherer
    assert story_publish(actor=facilitator, story=story).status == Story.Status.PUBLISHED


def test_a_moderator_who_asked_the_teller_ticks_that_they_agreed(service, facilitator, gatherer):
    story = gathered_story(service, gatherer)
    revision = story_edit_propose(
        actor=facilitator,
        story=story,
        title=story.title,
        body="Ring the drop-in to know more.",
        reason="Your number",
        teller_agreed=True,
    )
    story.refresh_from_db()
    assert story.body == "Ring the drop-in to know more."
    assert revision.proposal == StoryRevision.Proposal.AGREED and revision.answer_recorded_by == facilitator
    assert revision.previous_body.startswith("Ring me on 07700")
    assert actions(story) == ["stories.story_edit_propose", "stories.story_edit_agree"]


def test_someone_else_cannot_answer_for_a_teller_without_an_account(service, facilitator, gatherer):
    story = gathered_story(service, gatherer)
    revision = story_edit_propose(actor=facilitator, story=story, title=story.title, body="Ring us.", reason="Safety")
    stranger = PersonFactory()
    with pytest.raises(ModerationError, match="Only the teller"):
        story_edit_agree(actor=stranger, revision=revision, teller_agreed_confirmed=True)
    with pytest.raises(ModerationError, match="Only the teller"):
        story_edit_decline(actor=stranger, revision=revision)


def test_a_withdrawn_story_cannot_be_changed(service, facilitator, teller):
    story = waiting_story([service], teller=teller, body=f"Call {PHONE}")
    revision = story_edit_propose(actor=facilitator, story=story, title=story.title, body="Call", reason="Safety")
    Story.objects.filter(pk=story.pk).update(status=Story.Status.WITHDRAWN)
    with pytest.raises(ModerationError):
        story_edit_agree(actor=teller, revision=revision)
    with pytest.raises(ModerationError, match="withdrawn"):
        story_not_publish(actor=facilitator, story=story, reason="No")


# --- bulk --------------------------------------------------------------------------------------------------------


def test_bulk_publish_publishes_what_it_can_and_says_why_not_for_the_rest(
    service, facilitator, teller, gatherer, django_capture_on_commit_callbacks
):
    clean = waiting_story([service], teller=teller, title="All good")
    flagged = gathered_story(service, gatherer, title="Has a number")
    done_already = waiting_story([service], teller=teller, title="Done already")
    story_publish(actor=facilitator, story=done_already)
    other = waiting_story([ServiceFactory()], teller=teller, title="Not ours")
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = stories_publish(actor=facilitator, stories=[clean, flagged, done_already, other])
    assert [(o.title, o.done) for o in outcomes] == [
        ("All good", True),
        ("Has a number", False),
        ("Done already", False),
        ("Not ours", False),
    ]
    assert "1 marked detail" in outcomes[1].message
    assert "not waiting" in outcomes[2].message
    assert "do not facilitate" in outcomes[3].message
    statuses = dict(Story.objects.values_list("title", "status"))
    assert statuses == {
        "All good": "published",
        "Has a number": "waiting",
        "Done already": "published",
        "Not ours": "waiting",
    }
    assert {m.to[0] for m in mail.outbox if "All good" in m.body} >= {teller.email}


def test_bulk_not_publish_uses_one_reason_and_checks_it_once(service, facilitator, teller, gatherer):
    first = waiting_story([service], teller=teller, title="One")
    second = gathered_story(service, gatherer, title="Two")
    published = waiting_story([service], teller=teller, title="Three")
    story_publish(actor=facilitator, story=published)
    with pytest.raises(ModerationError, match="say it kindly"):
        stories_not_publish(actor=facilitator, stories=[first, second], reason=" ")
    outcomes = stories_not_publish(
        actor=facilitator, stories=[first, second, published], reason="These are about a service in another place."
    )
    assert [o.done for o in outcomes] == [True, True, False]
    assert set(Story.objects.filter(status="not_published").values_list("title", flat=True)) == {"One", "Two"}
    assert AuditEntry.objects.filter(action="stories.story_not_publish").count() == 2, (
        "one audit row for each story changed"
    )


# --- a person's download -----------------------------------------------------------------------------------------


def test_the_download_holds_suggestions_on_my_stories_and_those_i_made(service, facilitator, teller, gatherer):
    from coproduce.stories.privacy import story_changes_count, story_changes_section

    mine = waiting_story([service], teller=teller, body=f"Call {PHONE}", title="Mine")
    revision = story_edit_propose(actor=facilitator, story=mine, title="Mine", body="Call me", reason="Safety")
    story_edit_decline(actor=teller, revision=revision, note="I like my words")
    theirs = gathered_story(service, gatherer, title="Theirs")
    story_edit_propose(actor=facilitator, story=theirs, title="Theirs", body="Ring us", reason="Your number")

    [row] = list(story_changes_section(teller))
    assert row["role"] == "my story" and row["answer"] == "declined" and row["your_note"] == "I like my words"
    assert row["words_before"] == f"Call {PHONE}" and row["words_suggested"] == "Call me"
    rows = list(story_changes_section(facilitator))
    assert [(r["role"], r["story"]) for r in rows] == [("suggested", "Mine"), ("suggested", "Theirs")]
    assert all(r["words_before"] == "" and r["words_suggested"] == "" for r in rows), "others' words stay theirs"
    assert story_changes_count(facilitator) == 2 and story_changes_count(gatherer) == 0
