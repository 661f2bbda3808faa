"""Reading responses: the stories waiting for a service's answer, what a story's page shows of its responses and the
actions they lead to, and the actions a response may link to. Each is a fixed number of queries, however many."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from coproduce.organisations.models import Service
from coproduce.organisations.roles import held_roles
from coproduce.people.predicates import is_signed_in
from coproduce.plans.models import Action
from coproduce.plans.selectors import actions_for_source
from coproduce.stories.models import Response, Story
from coproduce.stories.rules import SERVICE_STAFF
from coproduce.stories.visibility import stories_published_to

# The actions offered when linking a response: the organisation's most recent, open ones first.
ACTIONS_OFFERED = 200


def organisations_worked_for(person: Any) -> list[int]:
    """The organisations whose services' stories the person answers, as staff or a manager."""
    return sorted({org for org, role in held_roles(person) if role in SERVICE_STAFF})


def waiting_for_response(person: Any) -> QuerySet[Any]:
    """(story, service) pairs a person may answer that the service has not answered yet: published stories they
    may read naming a service of an organisation they work for. Longest waiting first."""
    Named = Story.services.through
    if not is_signed_in(person):
        return Named.objects.none()
    answered = Response.objects.filter(story_id=OuterRef("story_id"), service_id=OuterRef("service_id"))
    return (
        Named.objects.filter(
            service__organisation_id__in=organisations_worked_for(person),
            story_id__in=stories_published_to(person).values("pk"),
        )
        .exclude(Exists(answered))
        .select_related("story", "service__organisation")
        .order_by("story__published_at", "story_id", "service__name", "pk")
    )


def services_to_answer_for(story: Story, person: Any) -> list[Service]:
    """The services a story names that the person works for, from the story's fetched services (no query)."""
    organisations = set(organisations_worked_for(person))
    return [service for service in story.services.all() if service.organisation_id in organisations]


def story_responses(story: Story) -> list[Response]:
    responses = list(
        Response.objects.filter(story=story)
        .select_related("service__organisation", "author", "action__plan", "action__owner_person")
        .order_by("created_at", "pk")
    )
    for response in responses:
        # The rules ask each response about its story: this one, already at hand.
        response.story = story
    return responses


def story_actions(story: Story, responses: list[Response]) -> list[Action]:
    """What is being done about a story: the actions made from it, and any existing action a response linked."""
    linked = [response.action_id for response in responses if response.action_id is not None]
    from_story = actions_for_source(story)
    if not linked:
        return list(from_story)
    return list(
        from_story.model.objects.filter(Q(pk__in=from_story.values("pk")) | Q(pk__in=linked))
        .select_related("plan", "owner_person", "owner_organisation")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


@dataclass
class ResponseSection:
    """What a story's page shows under the story: the services' responses, what is being done, and who may
    answer."""

    responses: list[Response] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    # Shown only to people who may open plans; everyone else reads the responses' own words about a change.
    show_actions: bool = False
    # Services the viewer may still answer for, and the responses they may change.
    to_answer: list[Service] = field(default_factory=list)
    editable: set[int] = field(default_factory=set)


def response_section(story: Story, viewer: Any) -> ResponseSection:
    """For a story's page (the caller has checked the viewer may read it). Expects the story's services fetched
    with it; three queries."""
    section = ResponseSection(responses=story_responses(story))
    section.show_actions = bool(viewer.has_perm("plans.view_plan"))
    if section.show_actions:
        section.actions = story_actions(story, section.responses)
    if story.status == Story.Status.PUBLISHED and viewer.has_perm("stories.respond", story):
        answered = {response.service_id for response in section.responses}
        section.to_answer = [s for s in services_to_answer_for(story, viewer) if s.pk not in answered]
        section.editable = {
            response.pk for response in section.responses if viewer.has_perm("stories.change_response", response)
        }
    return section


def actions_to_link(service: Service) -> list[Action]:
    """The actions a response for this service may link to: its organisation's own (in its plans or given to
    it), open ones first, most recent first."""
    organisation_id = service.organisation_id
    finished = [Action.Status.DONE, Action.Status.COULD_NOT]
    actions = (
        Action.objects.filter(Q(plan__organisation_id=organisation_id) | Q(owner_organisation_id=organisation_id))
        .select_related("plan")
        .annotate(finished=Q(status__in=finished))
        .order_by("finished", "-created_at", "-pk")
    )
    return list(actions[:ACTIONS_OFFERED])


def response_for_page(response_id: int) -> Response:
    return Response.objects.select_related("story", "service__organisation", "author", "action__plan").get(
        pk=response_id
    )
