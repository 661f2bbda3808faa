"""Responses and feedback, with the keyboard alone: a service manager answers a published story saying a change has
been made, making the action in a plan there and then, and the story shows it; a person tells a manager something
without saying who they are, and the manager acknowledges it. Then the other pages of responses, measures and
feedback, in the states the journeys do not reach, pass axe.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page a journey passes
through is checked with axe as it goes, and the database is checked at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Role
from coproduce.people.models import Person
from coproduce.plans.models import Action
from coproduce.stories.models import Feedback, Response, Story
from coproduce.stories.services.feedback import feedback_remove, feedback_send, venue_link_create
from coproduce.stories.services.responses import response_post
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import add_session_cookie
from tests.browser.keyboard import Focused, choose_option, choose_radio, heading, in_group, press, tab_to
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory, StoryFactory


def arrive(page: Page, title: str) -> None:
    """The page now open is the one expected (by its <h1>), and it passes axe."""
    assert heading(page) == title, f"expected the page {title!r}, got {heading(page)!r} at {page.url}"
    assert_no_violations(page, where=f"{page.url} ({title})")


def main_text(page: Page) -> str:
    return page.locator("main").inner_text()


def button(name: str) -> Callable[[Focused], bool]:
    return lambda element: element["tag"] == "button" and element["name"] == name


def signed_in_page(make_context: Callable[..., BrowserContext], live_server: LiveServer, person: Person) -> Page:
    context = make_context()
    add_session_cookie(context, live_server, person)
    return context.new_page()


def test_a_manager_answers_a_story_with_a_change_made_and_the_story_shows_the_action(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    carers = OrganisationFactory(name="Millbrook Carers")
    cafe = ServiceFactory(organisation=carers, name="Carers’ café")
    femi = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    tess = PersonFactory(preferred_name="Tess", email="tess@example.org")
    story = StoryFactory(
        teller=tess,
        services=[cafe],
        title="Nowhere to sit",
        reach=Story.Reach.PUBLIC,
        published_at=timezone.now() - timedelta(days=2),
    )
    words = "Thank you, Tess. We have bought six more chairs, and they are there from today."
    what = "Buy six more chairs for the café"

    page = signed_in_page(make_context, live_server, femi)
    page.goto("/stories/respond/")
    arrive(page, "Stories waiting for your response")
    tab_to(page, "Respond to “Nowhere to sit” for Carers’ café")
    press(page, "Enter", navigates=True)
    arrive(page, "Respond for Carers’ café")
    tab_to(page, "Your response")
    page.keyboard.type(words)
    tab_to(page, in_group("id_change"))
    choose_radio(page, "A change has been made")
    tab_to(page, in_group("id_link"))
    choose_radio(page, "A new action in the plan ‘Changes from stories — Carers’ café’")
    tab_to(page, "What will be done (optional)")
    page.keyboard.type(what)
    tab_to(page, button("Publish your response"))
    press(page, "Enter", navigates=True)
    arrive(page, "Nowhere to sit")
    text = main_text(page)
    assert "Your response for Carers’ café is published with the story." in text
    assert "Carers’ café (Millbrook Carers) responded" in text and words in text
    assert "A change has been made" in text
    assert "What we are doing about it" in text and what in text

    # The action opens from the story, and says where it came from.
    tab_to(page, lambda element: element["inMain"] and element["name"] == what and element["tag"] == "a")
    press(page, "Enter", navigates=True)
    arrive(page, what)
    assert "Nowhere to sit" in main_text(page)

    response = Response.objects.get()
    assert response.author == femi and response.change == Response.Change.MADE and response.body == words
    action = Action.objects.get()
    assert response.action == action and action.what == what and action.source_or_none() == story
    assert action.plan.title == "Changes from stories — Carers’ café" and action.plan.organisation == carers


def test_someone_tells_a_manager_without_saying_who_they_are_and_the_manager_acknowledges_it(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    carers = OrganisationFactory(name="Millbrook Carers")
    ServiceFactory(organisation=carers, name="Carers’ café")
    femi = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    rosa = PersonFactory(preferred_name="Rosa")
    words = "The ramp at the back door is blocked by bins most Tuesdays."

    rosa_page = signed_in_page(make_context, live_server, rosa)
    rosa_page.goto("/stories/tell-the-manager/")
    arrive(rosa_page, "Tell the manager")
    tab_to(rosa_page, "Which service is it about?")
    choose_option(rosa_page, "Carers’ café (Millbrook Carers)")
    tab_to(rosa_page, "What do you want the manager to know?")
    rosa_page.keyboard.type(words)
    tab_to(rosa_page, "Don’t tell the manager who I am")
    press(rosa_page, "Space")
    tab_to(rosa_page, button("Send it to the manager"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "Tell the manager")
    assert "without your name" in main_text(rosa_page)
    feedback = Feedback.objects.get()
    assert feedback.teller is None and feedback.hide_identity and feedback.body == words

    femi_page = signed_in_page(make_context, live_server, femi)
    femi_page.goto("/stories/feedback/")
    arrive(femi_page, "Feedback to you as a manager")
    text = main_text(femi_page)
    assert words in text and "Someone who chose not to say who they are" in text and "Rosa" not in text
    tab_to(femi_page, re.compile(r"^Acknowledge the feedback sent "))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, "Feedback for Carers’ café")
    tab_to(femi_page, "A note for the person who sent it (optional)")
    femi_page.keyboard.type("Thank you. The bins now live by the side gate.")
    tab_to(femi_page, button("Acknowledge"))
    press(femi_page, "Enter", navigates=True)
    arrive(femi_page, "Feedback to you as a manager")
    assert "Acknowledged by Femi" in main_text(femi_page)

    feedback.refresh_from_db()
    assert feedback.acknowledged_by == femi and feedback.acknowledged_at is not None and feedback.teller is None


def test_the_other_pages_of_responses_measures_and_feedback_pass_axe(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    carers = OrganisationFactory(name="Millbrook Carers")
    cafe = ServiceFactory(organisation=carers, name="Carers’ café")
    femi = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Femi").person
    rosa = PersonFactory(preferred_name="Rosa")
    stories = [
        StoryFactory(services=[cafe], reach=Story.Reach.PUBLIC, published_at=timezone.now() - timedelta(days=40 * n))
        for n in range(4)
    ]
    response_post(actor=femi, story=stories[1], service=cafe, body="Thank you", change=Response.Change.PLANNED)
    waiting = feedback_send(sender=rosa, service=cafe, body="Waiting a long time")
    Feedback.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=10))
    feedback_remove(actor=femi, feedback=feedback_send(sender=None, service=cafe, body="Rude words"), reason="Abusive")
    feedback_send(sender=rosa, service=cafe, body="Named feedback")
    link = venue_link_create(actor=femi, service=cafe, label="Reception")

    def check(page: Page, url: str, title: str) -> None:
        page.goto(url)
        arrive(page, title)

    visitor = make_context().new_page()
    check(visitor, "/stories/measures/", "How services answer stories")
    check(visitor, f"/stories/services/{cafe.pk}/measures/", "How Carers’ café answers stories")
    check(visitor, f"/stories/venue/{link.token}/", "Tell the manager of Carers’ café")
    tab_to(visitor, button("Send to the manager"))
    press(visitor, "Enter", navigates=True)
    arrive(visitor, "Tell the manager of Carers’ café")
    assert "Write what you want the manager to know." in main_text(visitor)
    tab_to(visitor, "What do you want the manager to know?")
    visitor.keyboard.type("The tea urn is broken.")
    tab_to(visitor, button("Send to the manager"))
    press(visitor, "Enter", navigates=True)
    arrive(visitor, "Thank you")
    assert "The tea urn is broken." not in visitor.content()
    check(visitor, "/stories/venue/not-a-link/", "This tablet’s link is not working")

    manager = signed_in_page(make_context, live_server, femi)
    check(manager, "/stories/feedback/", "Feedback to you as a manager")
    check(manager, "/stories/feedback/?waiting=on", "Feedback to you as a manager")
    check(manager, "/stories/feedback/venues/", "Tablets at your venues")
    check(manager, f"/stories/feedback/{waiting.pk}/remove/", "Remove abusive feedback")
    check(manager, "/stories/respond/", "Stories waiting for your response")
    check(manager, f"/stories/{stories[0].pk}/respond/{cafe.pk}/", "Respond for Carers’ café")
    tab_to(manager, button("Publish your response"))
    press(manager, "Enter", navigates=True)
    arrive(manager, "Respond for Carers’ café")
    assert "Write your response to the story." in main_text(manager)
    check(manager, f"/stories/responses/{stories[1].responses.get().pk}/edit/", "Change your response")

    teller = signed_in_page(make_context, live_server, rosa)
    check(teller, "/stories/feedback/mine/", "My feedback")
    check(teller, "/stories/measures/", "How services answer stories")
