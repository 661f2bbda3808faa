"""Badges, with the keyboard alone: a member nominates someone for "Listens well", a facilitator awards it with
evidence, and the person accepts it, chooses to show it, and finds it on their profile.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page the journey
passes through is checked with axe as it goes, and the award is checked in the database at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Role
from coproduce.people.models import ConsentTopic
from coproduce.people.services.consent import consent_give
from coproduce.recognition.models import Award, Nomination
from tests.browser.keyboard import choose_option, choose_radio, in_group, in_nav, press, tab_to
from tests.browser.test_timebank_journeys import arrive, button, main_text, signed_in_page
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.recognition.credential_support import make_badge

EVIDENCE = "At the carers’ café Rosa sat with two new carers for an hour and let each of them finish."


def test_a_badge_from_nomination_to_the_profile(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    carers = OrganisationFactory(name="Millbrook Carers")
    femi = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    sam = MembershipFactory(organisation=carers, role=Role.CARER, person__preferred_name="Sam").person
    rosa = PersonFactory(preferred_name="Rosa")
    consent_give(person=rosa, topic=ConsentTopic.VISIBLE_PROFILE)
    PersonFactory(preferred_name="Rob")
    badge = make_badge("Listens well")

    # Sam nominates Rosa: he finds her by name (Enter in the search box finds) and says why.
    sam_page = signed_in_page(make_context, live_server, sam)
    sam_page.goto("/")
    tab_to(sam_page, in_nav("Badges"))
    press(sam_page, "Enter", navigates=True)
    arrive(sam_page, "Badges")
    tab_to(sam_page, lambda element: element["inMain"] and element["name"] == "Listens well")
    press(sam_page, "Enter", navigates=True)
    arrive(sam_page, "Listens well")
    tab_to(sam_page, re.compile(r"^Nominate someone"))
    press(sam_page, "Enter", navigates=True)
    arrive(sam_page, "Nominate someone")
    tab_to(sam_page, "Search for the person by name (optional)")
    sam_page.keyboard.type("Ros")
    press(sam_page, "Enter", navigates=True)
    arrive(sam_page, "Nominate someone")
    assert "Showing people whose name includes “Ros”." in main_text(sam_page)
    tab_to(sam_page, "Who are you nominating?")
    choose_option(sam_page, "Rosa")
    tab_to(sam_page, "Why are you nominating them?")
    sam_page.keyboard.type("Rosa always makes time for new carers and really hears them.")
    tab_to(sam_page, button("Send the nomination"))
    press(sam_page, "Enter", navigates=True)
    arrive(sam_page, "Listens well")
    assert "You have nominated Rosa for “Listens well”." in main_text(sam_page)
    nomination = Nomination.objects.get()
    assert nomination.nominee == rosa and nomination.nominated_by == sam

    # Femi finds it among the nominations to decide and awards it with evidence.
    femi_page = signed_in_page(make_context, live_server, femi)
    femi_page.goto("/")
    tab_to(femi_page, in_nav("Badges"))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, "Badges")
    tab_to(femi_page, "Nominations to decide")
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, "Nominations to decide")
    tab_to(femi_page, re.compile(r"^Decide on Rosa"))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, "Nomination of Rosa")
    tab_to(femi_page, "Evidence")
    femi_page.keyboard.type(EVIDENCE)
    tab_to(femi_page, button("Offer the badge"))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, "Nominations to decide")
    assert "Rosa has been offered “Listens well”." in main_text(femi_page)

    # Rosa accepts it from her badges, chooses to show it, and sees it on her profile.
    rosa_page = signed_in_page(make_context, live_server, rosa)
    rosa_page.goto("/")
    tab_to(rosa_page, in_nav("Badges"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "Badges")
    tab_to(rosa_page, "My badges and nominations")
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "My badges and nominations")
    assert EVIDENCE in main_text(rosa_page)
    award = Award.objects.get()
    tab_to(rosa_page, in_group(f"id_award-{award.pk}-answer"))
    choose_radio(rosa_page, "Yes, and show it on my profile")
    tab_to(rosa_page, button("Send my answer about “Listens well”"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "My badges and nominations")
    assert "“Listens well” is yours, and it shows on your profile." in main_text(rosa_page)
    tab_to(rosa_page, in_nav("My profile"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "Rosa")
    assert "Listens well" in rosa_page.locator("#badges").locator("xpath=..").inner_text()

    # She opens it, downloads the badge file, and checks it on the page anyone can use.
    tab_to(rosa_page, lambda element: element["inMain"] and element["name"].endswith("Listens well"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "Listens well")
    tab_to(rosa_page, re.compile(r"^Download the badge file"))
    with rosa_page.expect_download() as download_info:
        press(rosa_page, "Enter")
    token = Path(download_info.value.path()).read_text().strip()
    assert download_info.value.suggested_filename.endswith(".jwt") and token.count(".") == 2
    tab_to(rosa_page, "Check a badge file")
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "Check a badge")
    tab_to(rosa_page, "Paste the badge file’s contents")
    rosa_page.keyboard.insert_text(token)
    tab_to(rosa_page, button("Check the badge"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "Check a badge")
    assert "This badge is genuine" in main_text(rosa_page)

    award.refresh_from_db()
    nomination.refresh_from_db()
    assert award.status == Award.Status.ACCEPTED and award.shown_on_profile and award.badge == badge
    assert award.awarded_by == femi and award.evidence == EVIDENCE and award.nomination == nomination
    assert nomination.status == Nomination.Status.AWARDED
