"""A person's download holds the failure stories they told; closing their account keeps the stories, nameless."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from coproduce.learn.models import FailureStory
from coproduce.learn.services.failures import failure_praise, failure_tell, failure_thank
from coproduce.people.services.closing import person_close
from coproduce.people.services.data import data_export_now
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _tell(author, title="The box", show_name=True):
    return failure_tell(author=author, title=title, tried="t", happened="h", learned="l", show_name=show_name)


def _rows(person):
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    return list(csv.DictReader(io.StringIO(archive.read("failure_stories.csv").decode("utf-8-sig"))))


def test_only_my_own_download_has_the_stories_i_told(person, facilitator):
    story = _tell(person, show_name=False)
    _tell(PersonFactory(), title="Not mine")
    failure_thank(person=facilitator, story=story, learned_from_it=True)
    failure_praise(actor=facilitator, story=story, note="Brave")
    rows = _rows(person)
    assert len(rows) == 1
    row = rows[0]
    assert (row["title"], row["name_shown"], row["thanks"], row["learned_from_it"]) == ("The box", "no", "1", "1")
    assert row["praise"] == "Femi: Brave"
    assert _rows(facilitator) == []


def test_closing_keeps_my_stories_without_my_name(person):
    story = _tell(person, show_name=True)
    person_close(person=person)
    story.refresh_from_db()
    assert FailureStory.objects.count() == 1 and not story.show_name
