"""Reflect, with the keyboard alone: a facilitator opens a round; a member of staff and a resident who reads easy
read answer it; with two more answers in, the facilitator closes it, sees where people disagree, opens choosing,
settles on three ideas and turns them into an action plan with owners and dates.

Each person opens their first page with `page.goto` and from then on only presses keys. Every page the journey
passes through is checked with axe as it goes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from coproduce.organisations.models import Role
from coproduce.plans.models import Plan
from coproduce.reflect.models import Idea, Participant, ReflectionRound
from coproduce.reflect.services.ideas import idea_choices_set
from coproduce.reflect.services.rounds import AnswerInput, answers_submit, participant_join
from tests.browser.keyboard import Focused, choose_option, choose_radio, in_group, in_nav, press, tab_to
from tests.browser.test_timebank_journeys import arrive, button, main_text, signed_in_page
from tests.factories import MembershipFactory, OrganisationFactory, bundled_framework


def field(field_id: str) -> Callable[[Focused], bool]:
    return lambda element: element["id"] == field_id


def answer_every_area(page: Page, stages: list[str], rag: str, evidence: str, ideas: str) -> None:
    for index, stage in enumerate(stages):
        tab_to(page, in_group(f"id_a{index}-value"))
        choose_radio(page, stage)
        tab_to(page, in_group(f"id_a{index}-rag"))
        choose_radio(page, rag)
        tab_to(page, field(f"id_a{index}-evidence"))
        page.keyboard.type(evidence)
    tab_to(page, field("id_ideas"))
    page.keyboard.type(ideas)


def test_a_round_from_opening_to_an_action_plan(
    live_server: LiveServer, make_context: Callable[..., BrowserContext]
) -> None:
    house = OrganisationFactory(name="Elm House")
    fran = MembershipFactory(organisation=house, role=Role.FACILITATOR, person__preferred_name="Fran").person
    sol = MembershipFactory(organisation=house, role=Role.STAFF, person__preferred_name="Sol").person
    rae = MembershipFactory(organisation=house, role=Role.USES_SERVICE, person__preferred_name="Rae").person
    rae.easy_read = True
    rae.save(update_fields=["easy_read"])
    cal = MembershipFactory(organisation=house, role=Role.CARER, person__preferred_name="Cal").person
    framework = bundled_framework("how-are-we-doing")
    definition = framework.definition
    title = "Elm House, winter"

    # Fran opens the round.
    fran_page = signed_in_page(make_context, live_server, fran)
    fran_page.goto("/")
    tab_to(fran_page, in_nav("Reflect"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "Reflect: how are we doing?")
    tab_to(fran_page, "Open a round")
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "Open a reflection round")
    tab_to(fran_page, in_group("id_framework"))
    choose_radio(fran_page, f"{framework.title} ({definition.summary.split('. ')[0]})")
    tab_to(fran_page, field("id_title"))
    fran_page.keyboard.type(title)
    tab_to(fran_page, button("Open the round"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, title)
    assert "The round is open" in main_text(fran_page)
    round_ = ReflectionRound.objects.get(title=title)
    join = f"{live_server.url}/reflect/join/{round_.join_token}/"

    # Sol, staff, follows the link and answers: things look good to him.
    sol_page = signed_in_page(make_context, live_server, sol)
    sol_page.goto(join)
    arrive(sol_page, title)
    tab_to(sol_page, in_group("id_perspective"))
    choose_radio(sol_page, "Staff or volunteer")
    tab_to(sol_page, button("Start answering"))
    press(sol_page, "Enter", navigates=True)
    arrive(sol_page, title)
    top = definition.scale[-1].label
    answer_every_area(sol_page, [top] * 4, "Green", "We ask residents first", "Residents run the house meeting")
    tab_to(sol_page, button("Save my answers"))
    press(sol_page, "Enter", navigates=True)
    arrive(sol_page, title)
    assert "your answers are saved" in main_text(sol_page)

    # Rae, who lives there and reads easy read, sees it very differently.
    rae_page = signed_in_page(make_context, live_server, rae)
    rae_page.goto(join)
    arrive(rae_page, title)
    tab_to(rae_page, in_group("id_perspective"))
    choose_radio(rae_page, "Uses the service")
    tab_to(rae_page, button("Start answering"))
    press(rae_page, "Enter", navigates=True)
    arrive(rae_page, title)
    assert definition.dimensions[0].easy_read.split("\n")[0][:30] in main_text(rae_page)
    bottom = definition.scale[0].easy_read or definition.scale[0].label
    answer_every_area(rae_page, [bottom] * 4, "Red", "Staff decide for us", "Ask us before changing the rota")
    tab_to(rae_page, button("Save my answers"))
    press(rae_page, "Enter", navigates=True)
    arrive(rae_page, title)
    rae_part = Participant.objects.get(person=rae)
    assert rae_part.easy_read and rae_part.answers.count() == 4

    # Cal, a carer, and a manager on paper answer too (their pages are tested elsewhere).
    middle = [AnswerInput(d.key, value=2, rag="amber") for d in definition.dimensions]
    cal_part = participant_join(round_=round_, person=cal, perspective="family")
    answers_submit(actor=cal, participant=cal_part, answers=middle, submission_key="cal")
    Idea.objects.create(round=round_, text="Families at the move-in day", text_key="families at the move-in day")
    manager = Participant.objects.create(
        round=round_, name="M.", perspective="manager", channel="paper", entered_by=fran
    )
    answers_submit(actor=fran, participant=manager, answers=middle, submission_key="m")
    assert Participant.objects.filter(round=round_, submitted_at__isnull=False).count() == 4

    # Fran closes the round and sees where people disagree.
    fran_page.reload()
    tab_to(fran_page, button("Close the round"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, title)
    tab_to(fran_page, "See the results")
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, title)
    results = main_text(fran_page)
    assert "Where people see things differently" in results
    assert definition.dimensions[0].title in results
    tab_to(fran_page, "Back to the round")
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, title)

    # The ideas: everyone's are there; Fran opens choosing, two people choose, and she settles on three.
    tab_to(fran_page, "Ideas, choices and the plan")
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "From ideas to action")
    assert "Ask us before changing the rota" in main_text(fran_page)
    tab_to(fran_page, button("Start choosing"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "From ideas to action")
    ideas = list(Idea.objects.filter(round=round_).order_by("pk"))
    assert len(ideas) == 3
    idea_choices_set(actor=rae, participant=rae_part, idea_ids=[ideas[1].pk, ideas[2].pk])
    idea_choices_set(actor=cal, participant=cal_part, idea_ids=[ideas[2].pk])
    fran_page.reload()
    for number in range(3):
        tab_to(fran_page, field(f"id_ideas_{number}"))
        press(fran_page, "Space")
    tab_to(fran_page, button("Settle on these"))
    press(fran_page, "Enter", navigates=True)
    arrive(fran_page, "From ideas to action")
    assert "Settled." in main_text(fran_page)

    # The plan: what, who and by when for each idea.
    due = (timezone.localdate() + timedelta(days=28)).strftime("%d/%m/%Y")
    owners = ["Rae", "Sol", "Elm House"]
    for idea, owner in zip(Idea.objects.filter(round=round_, chosen=True).order_by("pk"), owners, strict=True):
        tab_to(fran_page, field(f"id_i{idea.pk}-owner"))
        choose_option(fran_page, owner)
        tab_to(fran_page, field(f"id_i{idea.pk}-due_on"))
        fran_page.keyboard.type(due)
    tab_to(fran_page, button("Make the plan"))
    press(fran_page, "Enter", navigates=True)
    plan = Plan.objects.get()
    arrive(fran_page, plan.title)
    actions = list(plan.actions.order_by("pk"))
    assert [a.owner_person for a in actions[:2]] == [rae, sol] and actions[2].owner_organisation == house
    assert all(a.due_on == timezone.localdate() + timedelta(days=28) for a in actions)
    assert plan.source == round_
