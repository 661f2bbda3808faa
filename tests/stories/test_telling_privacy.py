"""Stories in a person's download and when they close their account; gatherers recognised on their profile."""

from __future__ import annotations

import csv
import io
import zipfile

from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.people.models import Consent, ConsentTopic
from coproduce.people.services.closing import person_close
from coproduce.people.services.consent import consent_wording_current
from coproduce.people.services.data import data_export_now
from coproduce.recognition.models import Badge
from coproduce.stories.models import Story
from coproduce.stories.rules import decides_for_story
from tests.factories import MembershipFactory, PersonFactory, StoryFactory
from tests.recognition.credential_support import make_badge


def rows_of(person) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    return list(csv.DictReader(io.StringIO(archive.read("stories.csv").decode("utf-8-sig"))))


def test_the_download_has_the_stories_i_told_in_full_and_those_i_gathered_without_their_words(db, person):
    StoryFactory(teller=person, title="Mine", body="My own words", pen_name="R", identity="username")
    StoryFactory(teller=PersonFactory(), gathered_by=person, title="Theirs", body="Their words")
    StoryFactory(title="Nothing to do with me")
    rows = {row["title"]: row for row in rows_of(person)}
    assert set(rows) == {"Mine", "Theirs"}
    assert rows["Mine"]["role"] == "told" and rows["Mine"]["story"] == "My own words"
    assert rows["Mine"]["name_shown"] == "R"
    assert rows["Theirs"]["role"] == "gathered" and rows["Theirs"]["story"] == ""


def test_closing_keeps_sent_stories_anonymously_and_deletes_drafts(db, person):
    sent = StoryFactory(teller=person, identity="named", pen_name="", status="published")
    pen = StoryFactory(teller=person, identity="username", pen_name="Rosie", status="waiting")
    draft = StoryFactory(teller=person, status="draft")
    gatherer = MembershipFactory(role=Role.STORY_GATHERER).person
    gathered_draft = StoryFactory(teller=None, teller_name="Ann", gathered_by=person, status="draft")
    gathered_for_her = StoryFactory(teller=person, gathered_by=gatherer, status="published")
    others = StoryFactory(status="draft")
    person_close(person=person)
    for story in (sent, pen, gathered_for_her):
        story.refresh_from_db()
        assert (story.teller, story.teller_name, story.pen_name, story.identity) == (None, "", "", "anonymous")
    assert Story.objects.filter(pk__in=[sent.pk, pen.pk, gathered_for_her.pk]).count() == 3
    assert not Story.objects.filter(pk__in=[draft.pk, gathered_draft.pk]).exists()
    assert Story.objects.filter(pk=others.pk).exists()
    # With its teller gone, nobody (not the gatherer) can widen who reads it.
    assert not decides_for_story(gatherer, gathered_for_her)


def _visible_profile(person) -> None:  # type: ignore[no-untyped-def]
    wording = consent_wording_current(ConsentTopic.VISIBLE_PROFILE)
    Consent.objects.create(
        person=person, topic=ConsentTopic.VISIBLE_PROFILE, wording=wording, how="online", given_at=timezone.now()
    )


def test_a_gatherers_profile_shows_the_stories_they_gathered(client_for, db):
    amira = MembershipFactory(role=Role.STORY_GATHERER, person__preferred_name="Amira").person
    for status in ("published", "published", "withdrawn", "waiting"):
        StoryFactory(gathered_by=amira, status=status)
    url = reverse("people:profile", kwargs={"person_id": amira.pk})
    assert "Stories gathered: 2" in client_for(amira).get(reverse("people:my-profile")).content.decode()
    # Others see it only where her profile may be seen at all.
    assert "Stories gathered" not in client_for(PersonFactory()).get(url).content.decode()
    _visible_profile(amira)
    assert "Stories gathered: 2" in client_for(PersonFactory()).get(url).content.decode()
    nobody = PersonFactory()
    assert "Stories gathered" not in client_for(nobody).get(reverse("people:my-profile")).content.decode()


def test_the_suggestions_page_counts_stories_gathered(client_for, facilitator, db):
    make_badge("Story gatherer", suggest_for=Badge.SuggestFor.STORIES_GATHERED, suggest_at=2)
    amira = PersonFactory(preferred_name="Amira")
    for _ in range(2):
        StoryFactory(gathered_by=amira)
    page = client_for(facilitator).get(reverse("recognition:suggestions")).content.decode()
    assert "Amira" in page and "Stories gathered" in page
