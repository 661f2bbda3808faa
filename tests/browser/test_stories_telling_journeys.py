"""Stories, with the keyboard alone: a story gatherer writes down a carer's story with her, reads her the words
about sharing and records that she agreed, and sends it; once it is published, the carer changes her mind and
withdraws it, and its link then says so to anyone who follows it.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page the journey
passes through is checked with axe as it goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import BrowserContext
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Role
from coproduce.stories.models import Story
from tests.browser.keyboard import Focused, choose_option, choose_radio, in_group, in_nav, press, tab_to
from tests.browser.test_timebank_journeys import arrive, button, main_text, signed_in_page
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory


def field(field_id: str) -> Callable[[Focused], bool]:
    return lambda element: element["id"] == field_id


def test_a_story_gathered_with_consent_is_later_withdrawn_by_its_teller(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    amira = MembershipFactory(role=Role.STORY_GATHERER, person__preferred_name="Amira").person
    peggy = PersonFactory(preferred_name="Peggy")
    PersonFactory(preferred_name="Percy")
    drop_in = ServiceFactory(name="Carers’ Drop-in")
    title = "Forty minutes on hold"
    words = "I rang at nine and waited forty minutes. After two o’clock it is quiet: put that on the letter."

    # Amira writes Peggy's story down with her.
    amira_page = signed_in_page(make_context, live_server, amira)
    amira_page.goto("/")
    tab_to(amira_page, in_nav("Stories"))
    press(amira_page, "Enter", navigates=True)
    arrive(amira_page, "Stories")
    tab_to(amira_page, "Write down someone’s story")
    press(amira_page, "Enter", navigates=True)
    arrive(amira_page, "Write down someone’s story")
    assert "Are you happy for me to write it down" in main_text(amira_page)
    tab_to(amira_page, in_group("id_has_account"))
    choose_radio(amira_page, "Yes: choose them, and they can follow their story")
    tab_to(amira_page, field("id_teller_search"))
    amira_page.keyboard.type("Peg")
    press(amira_page, "Enter", navigates=True)  # with a name typed, Enter finds
    arrive(amira_page, "Write down someone’s story")
    assert "Showing people whose name includes “Peg”" in main_text(amira_page)
    tab_to(amira_page, field("id_teller"))
    choose_option(amira_page, "Peggy")
    tab_to(amira_page, field("id_consent"))
    press(amira_page, "Space")
    tab_to(amira_page, in_group("id_prompt"))
    choose_radio(amira_page, "What happened, and what was it like for you?")
    tab_to(amira_page, field("id_title"))
    amira_page.keyboard.type(title)
    tab_to(amira_page, field("id_body"))
    amira_page.keyboard.type(words)
    tab_to(amira_page, re.compile(r"^Carers’ Drop-in"))
    press(amira_page, "Space")
    tab_to(amira_page, field("id_new_themes"))
    amira_page.keyboard.type("phone lines, waiting times")
    tab_to(amira_page, in_group("id_reach"))
    choose_radio(amira_page, "Anyone, including people without an account")
    tab_to(amira_page, in_group("id_identity"))
    choose_radio(amira_page, "Their name (only if they have an account)")
    tab_to(amira_page, button("Send their story"))
    press(amira_page, "Enter", navigates=True)
    arrive(amira_page, title)
    assert "Their story is sent" in main_text(amira_page)
    assert "Told by Peggy, gathered by Amira" in main_text(amira_page)

    story = Story.objects.get(title=title)
    assert story.status == Story.Status.WAITING and story.teller == peggy and story.gathered_by == amira
    assert story.teller_consent_at is not None and story.teller_consent_wording
    assert list(story.services.all()) == [drop_in]

    # Checked and published (moderation's own journey covers that part).
    Story.objects.filter(pk=story.pk).update(status=Story.Status.PUBLISHED, published_at=timezone.now())

    # Later Peggy changes her mind and withdraws it.
    peggy_page = signed_in_page(make_context, live_server, peggy)
    peggy_page.goto("/")
    tab_to(peggy_page, in_nav("Stories"))
    press(peggy_page, "Enter", navigates=True)
    arrive(peggy_page, "Stories")
    tab_to(peggy_page, "My stories")
    press(peggy_page, "Enter", navigates=True)
    arrive(peggy_page, "My stories")
    tab_to(peggy_page, title)
    press(peggy_page, "Enter", navigates=True)
    arrive(peggy_page, title)
    tab_to(peggy_page, "Withdraw the story")
    press(peggy_page, "Enter", navigates=True)
    arrive(peggy_page, "Withdraw this story?")
    tab_to(peggy_page, button("Withdraw the story"))
    press(peggy_page, "Enter", navigates=True)
    arrive(peggy_page, "My stories")
    assert f"“{title}” is withdrawn" in main_text(peggy_page)
    story.refresh_from_db()
    assert story.status == Story.Status.WITHDRAWN

    # Anyone following its link is told, kindly, that its teller took it back.
    visitor = make_context().new_page()
    response = visitor.goto(story.get_absolute_url())
    assert response is not None and response.status == 410
    arrive(visitor, "This story has been withdrawn")
    assert title not in main_text(visitor)
