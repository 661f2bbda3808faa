"""Story search and themes, with the keyboard alone: a resident searches the stories for a word, sees it marked in
the results and opens a story; a facilitator opens the themes page, asks for the themes to be found again, and
follows a theme to the stories behind it.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page the journey
passes through is checked with axe as it goes.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Role
from coproduce.stories.models import FoundTheme, Story, ThemeRun
from coproduce.stories.search import story_search_index
from coproduce.stories.services.themes import theme_run_now
from tests.browser.keyboard import Focused, press, tab_to
from tests.browser.test_timebank_journeys import arrive, button, main_text, signed_in_page
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory, StoryFactory
from tests.stories.test_themes import generated


def field(field_id: str) -> Callable[[Focused], bool]:
    return lambda element: element["id"] == field_id


def test_searching_stories_and_following_a_theme(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    carers = OrganisationFactory(name="Millbrook Carers")
    drop_in = ServiceFactory(organisation=carers, name="Carers’ Drop-in")
    fran = MembershipFactory(organisation=carers, role=Role.FACILITATOR, person__preferred_name="Fran").person
    rosa = PersonFactory(preferred_name="Rosa")
    for n, (topic, text) in enumerate(generated(45)):
        story = StoryFactory(title=f"{topic.title()} story {n}", body=text, services=[drop_in])
        story_search_index(story)
    ramp = StoryFactory(title="The ramp at last", body="The driver lowered the ramp for my wheelchair.")
    story_search_index(ramp)
    theme_run_now(actor=None, seed=0, theme_count=3)

    # Rosa searches the stories for a ramp and opens the one with it in its title.
    rosa_page = signed_in_page(make_context, live_server, rosa)
    rosa_page.goto("/stories/search/")
    arrive(rosa_page, "Search stories")
    tab_to(rosa_page, field("id_q"))
    rosa_page.keyboard.type("ramps")
    tab_to(rosa_page, button("Search"))
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "Search stories")
    assert "The ramp at last" in main_text(rosa_page)
    assert rosa_page.locator("mark.cp-search-match").first.inner_text() == "ramp"
    tab_to(rosa_page, "The ramp at last")
    press(rosa_page, "Enter", navigates=True)
    arrive(rosa_page, "The ramp at last")

    # Fran opens the themes, asks for them to be found again, and follows the first to its stories.
    fran_page = signed_in_page(make_context, live_server, fran)
    fran_page.goto("/stories/themes/")
    arrive(fran_page, "What people are saying: themes")
    first = FoundTheme.objects.filter(run=ThemeRun.objects.get()).order_by("position").first()
    assert first is not None
    tab_to(fran_page, button("Find the themes again"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "What people are saying: themes")
    assert "The themes have been found again" in main_text(fran_page)
    latest = ThemeRun.objects.latest("pk")
    assert latest.status == ThemeRun.Status.DONE
    theme = latest.themes.order_by("position").first()
    assert theme is not None
    label = ", ".join(theme.terms[:3])
    tab_to(fran_page, label)
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, label)
    member = theme.members.filter(source="story").order_by("-weight", "pk").first()
    assert member is not None
    assert "published stories belong to this theme" in main_text(fran_page)
    assert Story.objects.get(pk=member.source_id).title in main_text(fran_page)
