"""Moderation, with the keyboard alone: a story with a phone number in it waits to be checked; the moderator sees
the number marked, suggests words without it, the teller agrees, and the moderator publishes the story to the
service it names, whose managers are told.

Each person opens their first page with `page.goto` and from then on only presses keys (and reloads). Every page
the journey passes through is checked with axe as it goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core import mail
from django.utils import timezone
from playwright.sync_api import BrowserContext
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Role
from coproduce.stories.models import Story, StoryRevision
from coproduce.stories.services.moderation import identifying_details_find
from tests.browser.keyboard import Focused, choose_radio, in_group, press, tab_to
from tests.browser.test_timebank_journeys import arrive, button, main_text, replace_text, signed_in_page
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory, StoryFactory

PHONE = "07700 900123"


def field(field_id: str) -> Callable[[Focused], bool]:
    return lambda element: element["id"] == field_id


def test_a_phone_number_is_caught_suggested_away_agreed_and_the_story_published(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    house = OrganisationFactory(name="Millbrook Carers")
    drop_in = ServiceFactory(organisation=house, name="Carers’ Drop-in")
    fran = MembershipFactory(organisation=house, role=Role.FACILITATOR, person__preferred_name="Fran").person
    olu = MembershipFactory(
        organisation=house, role=Role.ORG_ADMIN, person__preferred_name="Olu", person__email="olu@example.org"
    ).person
    tess = PersonFactory(preferred_name="Tess", email="tess@example.org")
    title = "Someone finally listened"
    story = StoryFactory(
        teller=tess,
        title=title,
        body=f"The drop-in helped me sort out my care plan. If anyone needs advice, ring me on {PHONE}.",
        status=Story.Status.WAITING,
        submitted_at=timezone.now(),
        published_at=None,
        services=[drop_in],
    )
    identifying_details_find(story)

    # Fran finds the stories waiting for her from the stories page, and sees the number marked, in words.
    fran_page = signed_in_page(make_context, live_server, fran)
    fran_page.goto("/stories/")
    arrive(fran_page, "Stories")
    tab_to(fran_page, "Stories to check")
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "Stories to check")
    queue = main_text(fran_page)
    assert f"{PHONE} [a phone number]" in queue and "1 marked detail to deal with" in queue
    tab_to(fran_page, re.compile(r"^Check this story"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, title)
    assert "Publish the story" not in main_text(fran_page), "nothing can be published while a detail is marked"

    # She suggests the words without the number; the form starts with it taken out, and she words it better.
    tab_to(fran_page, field("id_suggest-body"))
    assert fran_page.input_value("#id_suggest-body").endswith("ring me on [phone number].")
    replace_text(
        fran_page, "The drop-in helped me sort out my care plan. If anyone needs advice, ask at the drop-in for me."
    )
    tab_to(fran_page, field("id_suggest-reason"))
    fran_page.keyboard.type("So that only people you choose can ring you.")
    tab_to(fran_page, button("Suggest these words"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, title)
    assert "A suggestion is waiting for the teller" in main_text(fran_page)
    assert story.revisions.get().proposal == StoryRevision.Proposal.WAITING

    # Tess opens her story, sees the suggestion, and agrees to it.
    tess_page = signed_in_page(make_context, live_server, tess)
    tess_page.goto(f"/stories/{story.pk}/")
    arrive(tess_page, title)
    tab_to(tess_page, "See the suggestion and answer")
    press(tess_page, "Enter", navigates=True)
    arrive(tess_page, "A suggested change to your story")
    assert "So that only people you choose can ring you." in main_text(tess_page)
    tab_to(tess_page, in_group("id_answer"))
    choose_radio(tess_page, "Yes, use the suggested words")
    tab_to(tess_page, button("Send the answer"))
    press(tess_page, "Enter", navigates=True)
    arrive(tess_page, title)
    assert "ask at the drop-in for me" in main_text(tess_page)

    # Fran sees nothing is left to deal with, and publishes it to the drop-in.
    fran_page.reload()
    arrive(fran_page, title)
    assert "Nothing marked is left to deal with." in main_text(fran_page)
    tab_to(fran_page, button("Publish the story"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "Stories to check")
    assert "is published" in main_text(fran_page) and "Nothing waiting" in main_text(fran_page)

    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED and PHONE not in story.body
    told = {message.to[0]: message for message in mail.outbox}
    assert "Carers’ Drop-in" in told[olu.email].body and title in told[olu.email].subject
    assert told[tess.email].subject == "Your story is published"
