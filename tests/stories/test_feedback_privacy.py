"""Feedback and responses in a person's download, and what closing an account does to them."""

from __future__ import annotations

import io
import zipfile

from coproduce.people.services.closing import person_close
from coproduce.people.services.data import data_export_now
from coproduce.stories.models import Feedback, Response
from coproduce.stories.services.feedback import feedback_acknowledge, feedback_send
from coproduce.stories.services.responses import response_post
from tests.factories import ServiceFactory, StoryFactory


def _files(person) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(io.BytesIO(data_export_now(person=person))) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_download_holds_named_feedback_and_written_responses_but_not_hidden_feedback(
    person, facilitator, organisation
):
    service = ServiceFactory(organisation=organisation, name="Drop-in")
    named = feedback_send(sender=person, service=service, body="Under my name", contact="07700 900123")
    feedback_acknowledge(actor=facilitator, feedback=named, note="Thank you, Rosa")
    feedback_send(sender=person, service=service, body="Without my name", hide_identity=True)
    response_post(actor=facilitator, story=StoryFactory(services=[service]), service=service, body="Our answer")

    files = _files(person)
    assert "Under my name" in files["feedback_to_managers.csv"] and "07700 900123" in files["feedback_to_managers.csv"]
    assert "Thank you, Rosa" in files["feedback_to_managers.csv"]
    assert "Without my name" not in "".join(files.values())
    assert "Our answer" in _files(facilitator)["story_responses.csv"]


def test_closing_an_account_unlinks_feedback_and_keeps_it_for_the_managers(person, facilitator, organisation):
    service = ServiceFactory(organisation=organisation)
    feedback = feedback_send(sender=person, service=service, body="Please fix it", contact="rosa@example.org")
    response = response_post(
        actor=facilitator, story=StoryFactory(services=[service]), service=service, body="Our answer"
    )
    person_close(person=person)
    person_close(person=facilitator)
    feedback.refresh_from_db()
    assert feedback.teller is None and feedback.teller_contact == "" and feedback.body == "Please fix it"
    assert Response.objects.get(pk=response.pk).body == "Our answer"
    assert Feedback.objects.count() == 1
