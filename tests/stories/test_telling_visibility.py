"""Who may read a story: every reach, for every kind of viewer, in every status. The single-story check, the
QuerySet filter and the "stories.view_story" rule must all give the same answer."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from coproduce.organisations.models import Role
from coproduce.stories.models import Story
from coproduce.stories.visibility import stories_published_to, stories_visible_to, story_visible_to
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory, StoryFactory

VIEWERS = (
    "visitor",
    "member",
    "staff_of_service",
    "manager_of_service",
    "facilitator_of_service",
    "staff_elsewhere",
    "facilitator_elsewhere",
    "org_admin_elsewhere",
    "place_admin",
    "teller",
    "gatherer",
)
REACHES = tuple(Story.Reach.values)
STATUSES = tuple(Story.Status.values)

# For a published story: who may read it, by reach (tellers and gatherers always may; see expected()).
READS_PUBLISHED = {
    "public": set(VIEWERS),
    "members": set(VIEWERS) - {"visitor"},
    "services": {"staff_of_service", "manager_of_service", "facilitator_of_service", "place_admin"},
    "facilitators": {"facilitator_of_service", "facilitator_elsewhere", "place_admin"},
}


def expected(reach: str, viewer: str, status: str) -> bool:
    if status == Story.Status.WITHDRAWN:
        return False
    if viewer in ("teller", "gatherer"):
        return True
    return status == Story.Status.PUBLISHED and viewer in READS_PUBLISHED[reach]


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """One service's organisation and another one, a person of each kind, and a story in every reach × status."""
    home, elsewhere = OrganisationFactory(name="Home"), OrganisationFactory(name="Elsewhere")
    service = ServiceFactory(organisation=home)
    ServiceFactory(organisation=elsewhere)

    def holding(organisation, role):  # type: ignore[no-untyped-def]
        return MembershipFactory(organisation=organisation, role=role).person

    people: dict[str, Any] = {
        "visitor": AnonymousUser(),
        "member": holding(elsewhere, Role.MEMBER),
        "staff_of_service": holding(home, Role.STAFF),
        "manager_of_service": holding(home, Role.ORG_ADMIN),
        "facilitator_of_service": holding(home, Role.FACILITATOR),
        "staff_elsewhere": holding(elsewhere, Role.STAFF),
        "facilitator_elsewhere": holding(elsewhere, Role.FACILITATOR),
        "org_admin_elsewhere": holding(elsewhere, Role.ORG_ADMIN),
        "place_admin": PersonFactory(is_place_admin=True),
        "teller": PersonFactory(),
        "gatherer": holding(elsewhere, Role.STORY_GATHERER),
    }
    stories = {
        (reach, status): StoryFactory(
            teller=people["teller"],
            gathered_by=people["gatherer"],
            reach=reach,
            status=status,
            services=[service],
            title=f"{reach} {status}",
        )
        for reach, status in product(REACHES, STATUSES)
    }
    return {"people": people, "stories": stories}


def test_every_reach_for_every_viewer_in_every_status(world, django_assert_max_num_queries):
    wrong = []
    for viewer_kind, viewer in world["people"].items():
        with django_assert_max_num_queries(2):
            # One query for the viewer's roles, one for the stories, however many stories there are.
            readable = set(stories_visible_to(viewer).values_list("pk", flat=True))
        published = set(stories_published_to(viewer).values_list("pk", flat=True))
        for (reach, status), story in world["stories"].items():
            want = expected(reach, viewer_kind, status)
            answers = {
                "story_visible_to": story_visible_to(story, viewer),
                "stories_visible_to": story.pk in readable,
                "rule": viewer.has_perm("stories.view_story", story),
                "published_to": story.pk in published,
            }
            for how, got in answers.items():
                should = want and (how != "published_to" or status == Story.Status.PUBLISHED)
                if got != should:
                    wrong.append(f"{how}: {viewer_kind} reading a {status} story for {reach} gave {got}")
    assert wrong == []


def test_the_filter_gives_each_story_once_whatever_its_services(db):
    organisation = OrganisationFactory()
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    services = [ServiceFactory(organisation=organisation) for _ in range(3)]
    story = StoryFactory(reach=Story.Reach.SERVICES, services=services)
    assert list(stories_visible_to(staff)) == [story]
    assert stories_visible_to(staff).count() == 1


def test_an_inactive_account_reads_as_a_visitor(db):
    public = StoryFactory(reach=Story.Reach.PUBLIC)
    StoryFactory(reach=Story.Reach.MEMBERS)
    gone = PersonFactory(is_active=False)
    assert list(stories_visible_to(gone)) == [public]
