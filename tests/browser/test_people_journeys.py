"""People as assets, with the keyboard alone: setting up a profile and choosing who sees each part, finding who
can help with cooking nearby, downloading your data and closing your account, and confirming a profile a
facilitator filled in with you.

Each journey opens its first page with `page.goto` and from then on only presses keys (a second person, in their
own browser, may open a page to look). Every page a journey passes through is checked with axe as it goes.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Organisation, Role
from coproduce.people.models import (
    Consent,
    ConsentTopic,
    ConsentWording,
    Profile,
    ProfileTag,
    Tag,
    TagSynonym,
    Visibility,
)
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import add_session_cookie
from tests.browser.keyboard import (
    choose_option,
    choose_radio,
    fill_in_sign_in_form,
    focused,
    heading,
    in_group,
    in_header,
    in_nav,
    press,
    tab_to,
)
from tests.browser.profiles import neighbourhood, profile_for
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, PersonFactory

EVERYONE = "Everyone in the place who has signed in"


def arrive(page: Page, title: str) -> None:
    """The page now open is the one expected (by its <h1>), and it passes axe."""
    assert heading(page) == title, f"expected the page {title!r}, got {heading(page)!r} at {page.url}"
    assert_no_violations(page, where=f"{page.url} ({title})")


def main_text(page: Page) -> str:
    return page.locator("main").inner_text()


def field_row(page: Page, key: str) -> str:
    """The text of one row of a profile's "More about me" list, by its field key (gifts, neighbourhood...)."""
    return page.locator(f"#field-{key}").inner_text()


# --- the people and places these journeys need ------------------------------------------------------------


@pytest.fixture
def millbrook_carers(transactional_db: None) -> Organisation:
    # Rows the data migrations made, put back before each browser test by serialized_rollback (see conftest):
    # the words of each consent, and the starter list of tags with their other words.
    assert ConsentWording.objects.filter(topic=ConsentTopic.VISIBLE_PROFILE).exists()
    cooking = Tag.objects.get(name="Cooking", status=Tag.Status.APPROVED)
    assert TagSynonym.objects.filter(term="cook", tag=cooking).exists()
    neighbourhood("Millbrook")
    neighbourhood("Riverside")
    return OrganisationFactory(name="Millbrook Carers", kind=Organisation.Kind.CHARITY)


# --- the journeys -----------------------------------------------------------------------------------------


def test_someone_sets_up_their_profile_and_chooses_who_sees_each_part(
    page: Page, live_server: LiveServer, millbrook_carers: Organisation, make_context: Callable[..., BrowserContext]
) -> None:
    rosa = MembershipFactory(organisation=millbrook_carers, role=Role.CARER, person__preferred_name="Rosa").person
    about = "I look after my mum and I make a very good lentil soup."
    page.goto("/sign-in/")

    fill_in_sign_in_form(page, rosa.email, PASSWORD)
    arrive(page, "Hello, Rosa")
    tab_to(page, in_nav("My profile"))
    press(page, "Enter", navigates=True)
    arrive(page, "Rosa")
    tab_to(page, "Set up your profile")
    press(page, "Enter", navigates=True)
    arrive(page, "Set up your profile")
    tab_to(page, "Start")
    press(page, "Enter", navigates=True)

    arrive(page, "About you")
    tab_to(page, "About you, in your own words")
    page.keyboard.type(about)
    tab_to(page, "Save and continue")
    press(page, "Enter", navigates=True)

    arrive(page, "Your gifts, skills and passions")
    tab_to(page, "Gifts and skills you could offer")
    page.keyboard.type("cook, gardening")
    tab_to(page, "Save and continue")
    press(page, "Enter", navigates=True)

    arrive(page, "Learning, languages, where and when")
    # "cook" is one of the shared list's other words for Cooking, and the person is told so.
    assert "We saved ‘cook’ as ‘Cooking’." in main_text(page)
    tab_to(page, "Your neighbourhood")
    choose_option(page, "Millbrook")
    tab_to(page, "Save and continue")
    press(page, "Enter", navigates=True)

    arrive(page, "Getting in touch and taking part")
    tab_to(page, "Save and continue")
    press(page, "Enter", navigates=True)

    arrive(page, "Who sees what")
    # About me starts shared with everyone signed in; the arrow keys go round to "Only me".
    tab_to(page, in_group("id_about_me_visibility"))
    choose_radio(page, "Only me")
    tab_to(page, in_group("id_gifts_visibility"))
    choose_radio(page, EVERYONE)
    consent = tab_to(page, lambda element: element["id"] == "id_visible_profile_consent")
    assert consent["name"] == "I agree" and not consent["checked"], consent
    press(page, "Space")
    assert focused(page)["checked"]
    tab_to(page, "Save and finish")
    press(page, "Enter", navigates=True)

    arrive(page, "Rosa")
    assert "Your profile is ready." in main_text(page)
    assert about in main_text(page)
    profile = page.locator("main .govuk-grid-column-two-thirds").first.inner_text()
    assert f"Visible to: {Visibility.ONLY_ME.label}" in profile
    gifts = field_row(page, "gifts")
    assert "Cooking" in gifts and "Gardening" in gifts, gifts
    assert f"Visible to: {EVERYONE}" in gifts, gifts
    assert "Millbrook" in field_row(page, "neighbourhood")

    profile = Profile.objects.get(person=rosa)
    assert profile.about_me == about and profile.about_me_visibility == Visibility.ONLY_ME
    assert profile.gifts_visibility == Visibility.EVERYONE and profile.journey_finished_at is not None
    assert set(profile.tags.filter(kind=ProfileTag.Kind.GIFT).values_list("tag__name", flat=True)) == {
        "Cooking",
        "Gardening",
    }
    assert Consent.objects.filter(person=rosa, topic=ConsentTopic.VISIBLE_PROFILE, withdrawn_at=None).exists()

    # Someone else, signed in in their own browser, sees her gifts but not what she kept to herself.
    neighbour = PersonFactory(preferred_name="Sam")
    other = make_context()
    add_session_cookie(other, live_server, neighbour)
    their_page = other.new_page()
    their_page.goto(f"/people/{rosa.pk}/")
    arrive(their_page, "Rosa")
    seen = main_text(their_page)
    assert "Cooking" in seen and "Gardening" in seen, seen
    assert about not in seen and "lentil soup" not in seen, seen
    assert "Visible to" not in seen, seen


def test_someone_finds_who_can_help_with_cooking_near_them(
    page: Page, context: BrowserContext, live_server: LiveServer, millbrook_carers: Organisation
) -> None:
    maria = PersonFactory(preferred_name="Maria")
    profile_for(maria, about="Retired chef. I run the Friday lunch club.", gifts=["Cooking"], hood="Millbrook")
    ola = PersonFactory(preferred_name="Ola")
    profile_for(ola, about="Jollof for twenty, any time.", gifts=["Cooking"], hood="Riverside")
    fay = PersonFactory(preferred_name="Fay")
    profile_for(
        fay,
        gifts=["Cooking"],
        hood="Millbrook",
        levels={"gifts": Visibility.FACILITATORS, "about_me": Visibility.ONLY_ME},
    )
    sam = PersonFactory(preferred_name="Sam")
    add_session_cookie(context, live_server, sam)
    page.goto("/")

    tab_to(page, in_nav("Who can help?"))
    press(page, "Enter", navigates=True)
    arrive(page, "Who can help?")
    tab_to(page, "What do you need help with?")
    page.keyboard.type("cooking")
    tab_to(page, "Neighbourhood")
    choose_option(page, "Millbrook")
    tab_to(page, "Search")
    press(page, "Enter", navigates=True)

    arrive(page, "Who can help?")
    results = page.locator(".cp-search-results > li h3")
    names = [name.strip() for name in results.all_inner_texts()]
    assert names == ["Maria"], names
    assert "Why they came up:" in main_text(page)
    tab_to(page, "Maria")
    press(page, "Enter", navigates=True)

    arrive(page, "Maria")
    assert "Retired chef. I run the Friday lunch club." in main_text(page)
    assert "Cooking" in field_row(page, "gifts")


def test_someone_downloads_their_data_and_closes_their_account(
    page: Page, context: BrowserContext, live_server: LiveServer, millbrook_carers: Organisation
) -> None:
    rosa = MembershipFactory(organisation=millbrook_carers, role=Role.CARER, person__preferred_name="Rosa").person
    profile_for(rosa, about="I sing in the Millbrook choir.", gifts=["Singing"], hood="Millbrook")
    email = rosa.email
    add_session_cookie(context, live_server, rosa)
    page.goto("/")

    tab_to(page, in_header("Rosa: your settings"))
    press(page, "Enter", navigates=True)
    arrive(page, "Your settings")
    tab_to(page, "Download your data, or close your account")
    press(page, "Enter", navigates=True)
    arrive(page, "Your data")

    tab_to(page, "Download my data")
    with page.expect_download() as downloading:
        press(page, "Enter")
    download = downloading.value
    assert re.fullmatch(r"my-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename), download.suggested_filename
    with zipfile.ZipFile(download.path()) as archive:
        names = set(archive.namelist())
        assert {"README.txt", "person.json", "profile.json"} <= names, names
        person = json.loads(archive.read("person.json"))
        profile = json.loads(archive.read("profile.json"))
    assert person["preferred_name"] == "Rosa" and person["email"] == email, person
    assert profile["about_me"]["text"] == "I sing in the Millbrook choir.", profile
    assert profile["gifts_and_skills"]["tags"] == ["Singing"], profile

    tab_to(page, "Close my account")
    press(page, "Enter", navigates=True)
    arrive(page, "Close your account")
    # First without ticking the box: the error summary takes focus and its link leads to the box.
    tab_to(page, "Your password")
    page.keyboard.type(PASSWORD)
    tab_to(page, lambda element: element["tag"] == "button" and element["name"] == "Close my account")
    press(page, "Enter", navigates=True)

    arrive(page, "Close your account")
    assert page.title().startswith("Error: ")
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    error_link = tab_to(page, lambda element: element["inErrorSummary"] and element["tag"] == "a")
    assert error_link["name"] == "Tick the box to say you understand that closing cannot be undone.", error_link
    press(page, "Enter")
    box = focused(page)
    assert box is not None and box["id"] == "id_understood" and not box["checked"], box
    press(page, "Space")
    assert focused(page)["checked"]
    tab_to(page, "Your password")
    page.keyboard.type(PASSWORD)
    tab_to(page, lambda element: element["tag"] == "button" and element["name"] == "Close my account")
    press(page, "Enter", navigates=True)

    arrive(page, "Your account is closed")
    assert page.locator("header").get_by_role("link", name="Sign in").is_visible()
    rosa.refresh_from_db()
    assert not rosa.is_active and rosa.closed_at is not None and rosa.email != email
    assert not Profile.objects.filter(person=rosa).exists()

    # Her old email address and password no longer sign anyone in.
    tab_to(page, in_header("Sign in"))
    press(page, "Enter", navigates=True)
    arrive(page, "Sign in")
    fill_in_sign_in_form(page, email, PASSWORD)
    arrive(page, "Sign in")
    assert page.title().startswith("Error: ")
    assert "The email address or password is not right." in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("header").get_by_role("link", name="Sign in").is_visible()


def test_a_facilitator_fills_in_a_profile_with_someone_who_then_confirms_it(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    millbrook_carers: Organisation,
    make_context: Callable[..., BrowserContext],
) -> None:
    femi = MembershipFactory(organisation=millbrook_carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    rosa = MembershipFactory(organisation=millbrook_carers, role=Role.CARER, person__preferred_name="Rosa").person
    about = "Grandmother of five. I knit for the baby unit."
    add_session_cookie(context, live_server, femi)
    page.goto(f"/people/{rosa.pk}/")

    arrive(page, "Rosa")
    tab_to(page, "Fill in with Rosa")
    press(page, "Enter", navigates=True)
    arrive(page, "Fill in Rosa’s profile with them")
    tab_to(page, "Start filling it in")
    press(page, "Enter", navigates=True)

    arrive(page, "About you")
    assert "You are filling this in with Rosa" in main_text(page)
    tab_to(page, "About you, in your own words")
    page.keyboard.type(about)
    tab_to(page, "Save and continue")
    press(page, "Enter", navigates=True)
    arrive(page, "Your gifts, skills and passions")
    tab_to(page, "Gifts and skills you could offer")
    page.keyboard.type("knit")
    tab_to(page, "Save and come back later")
    press(page, "Enter", navigates=True)

    arrive(page, "Rosa")
    assert "Rosa will be asked to check it and confirm it next time they sign in." in main_text(page)
    assert "Not yet confirmed by Rosa" in main_text(page)
    profile = Profile.objects.get(person=rosa)
    assert profile.filled_in_by == femi and profile.awaiting_confirmation

    # Rosa signs in later, in her own browser, and is asked to check it.
    rosas_page = make_context().new_page()
    rosas_page.goto("/sign-in/")
    fill_in_sign_in_form(rosas_page, rosa.email, PASSWORD)
    arrive(rosas_page, "Hello, Rosa")
    banner = rosas_page.locator(".govuk-notification-banner").inner_text()
    assert "Femi filled in your profile with you on" in banner, banner
    tab_to(rosas_page, "Check my profile first")
    press(rosas_page, "Enter", navigates=True)

    arrive(rosas_page, "Rosa")
    assert about in main_text(rosas_page)
    assert "Knitting" in field_row(rosas_page, "gifts")
    tab_to(rosas_page, "Confirm my profile")
    press(rosas_page, "Enter", navigates=True)

    arrive(rosas_page, "Rosa")
    assert "Thank you. Your profile is confirmed." in main_text(rosas_page)
    assert "Please check your profile" not in main_text(rosas_page)
    profile.refresh_from_db()
    assert profile.confirmed_at is not None and not profile.awaiting_confirmation
