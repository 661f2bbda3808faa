"""Failures that teach: telling a story, thanks and "I learned from this", praise, and the author's own changes."""

from __future__ import annotations

import pytest

from coproduce.core.models import AuditEntry
from coproduce.learn.models import FailurePraise, FailureStory, FailureThanks
from coproduce.learn.selectors.failures import failure_detail, failures_list
from coproduce.learn.services.failures import (
    FailureError,
    failure_change,
    failure_praise,
    failure_tell,
    failure_thank,
    failure_thanks_take_back,
    failure_withdraw,
)
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _tell(author, **kwargs):
    fields = {
        "title": "The suggestion box",
        "tried": "A box by the door",
        "happened": "Nobody used it",
        "learned": "Ask people in person",
        "show_name": False,
    } | kwargs
    return failure_tell(author=author, **fields)


def test_telling_a_story(person):
    story = _tell(person, title="  The box  ")
    assert (story.title, story.author, story.show_name) == ("The box", person, False)
    assert AuditEntry.objects.filter(action="learn.failure_tell", actor=person).exists()


@pytest.mark.parametrize("field", ["title", "tried", "happened", "learned"])
def test_every_part_is_needed_and_none_too_long(person, field):
    with pytest.raises(FailureError) as empty:
        _tell(person, **{field: " "})
    assert empty.value.field == field
    with pytest.raises(FailureError) as long:
        _tell(person, **{field: "x" * 3001})
    assert long.value.field == field
    assert not FailureStory.objects.exists()


def test_a_story_is_told_for_ones_own_organisation_only(person, facilitator, organisation):
    with pytest.raises(FailureError) as wrong:
        _tell(person, organisation=OrganisationFactory())
    assert wrong.value.field == "organisation"
    assert _tell(facilitator, organisation=organisation).organisation == organisation


def test_the_same_form_sent_twice_tells_one_story(person):
    _tell(person, idempotency_key="a" * 32)
    _tell(person, idempotency_key="a" * 32)
    assert FailureStory.objects.count() == 1


def test_only_the_author_changes_or_withdraws(person):
    story = _tell(person)
    other = PersonFactory()
    with pytest.raises(FailureError):
        failure_change(actor=other, story=story, title="x", tried="x", happened="x", learned="x", show_name=True)
    with pytest.raises(FailureError):
        failure_withdraw(actor=other, story=story)
    failure_change(
        actor=person, story=story, title="Better title", tried="t", happened="h", learned="l", show_name=True
    )
    story.refresh_from_db()
    assert story.title == "Better title" and story.show_name
    failure_withdraw(actor=person, story=story)
    assert not FailureStory.objects.exists()
    assert AuditEntry.objects.filter(action="learn.failure_withdraw", actor=person).exists()


def test_thanks_once_each_learned_from_and_taken_back(person):
    story = _tell(person)
    reader = PersonFactory()
    failure_thank(person=reader, story=story)
    failure_thank(person=reader, story=story)
    assert FailureThanks.objects.count() == 1
    failure_thank(person=reader, story=story, learned_from_it=True)
    counted = failure_detail(story.pk)
    assert (counted.thanks_count, counted.learned_count) == (1, 1)
    failure_thank(person=reader, story=story, learned_from_it=False)
    assert failure_detail(story.pk).learned_count == 0 and failure_detail(story.pk).thanks_count == 1
    assert failure_thanks_take_back(person=reader, story=story)
    assert failure_detail(story.pk).thanks_count == 0
    with pytest.raises(FailureError):
        failure_thank(person=person, story=story)


def test_praise_is_once_per_facilitator_and_not_for_ones_own(person, facilitator):
    story = _tell(person)
    failure_praise(actor=facilitator, story=story, note="Brave to try")
    with pytest.raises(FailureError):
        failure_praise(actor=facilitator, story=story, note="Again")
    with pytest.raises(FailureError):
        failure_praise(actor=facilitator, story=story, note=" ")
    with pytest.raises(FailureError):
        failure_praise(actor=person, story=story, note="Me")
    assert FailurePraise.objects.count() == 1
    assert failures_list().get().praise_count == 1


def test_the_list_counts_per_story_not_per_person(person):
    first, second = _tell(person, title="First"), _tell(person, title="Second")
    readers = PersonFactory.create_batch(3)
    for reader in readers:
        failure_thank(person=reader, story=first, learned_from_it=True)
    failure_thank(person=readers[0], story=second)
    counts = {story.title: (story.thanks_count, story.learned_count) for story in failures_list()}
    assert counts == {"First": (3, 3), "Second": (1, 0)}
