"""Who may do what with stories. Who may read one is decided in visibility.py; these rules ask it."""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.models import Role
from coproduce.organisations.roles import has_facilitator_role, holds
from coproduce.people.predicates import is_signed_in


@rules.predicate
def may_read_story(user: Any, story: Any) -> bool:
    from coproduce.stories.models import Story
    from coproduce.stories.visibility import story_visible_to

    return isinstance(story, Story) and story_visible_to(story, user)


@rules.predicate
def is_story_gatherer(user: Any) -> bool:
    """Holds the story gatherer role somewhere, or facilitates: both write stories down with people."""
    return holds(user, {Role.STORY_GATHERER}) or has_facilitator_role(user)


@rules.predicate
def writes_story(user: Any, story: Any) -> bool:
    """Whoever is writing a draft: the gatherer of a gathered story, otherwise its teller. Only drafts change
    this way; once sent, the words change only through moderation, with the teller's agreement."""
    from coproduce.stories.models import Story

    if not isinstance(story, Story) or not is_signed_in(user) or story.status != Story.Status.DRAFT:
        return False
    writer = story.gathered_by_id if story.gathered_by_id is not None else story.teller_id
    return bool(writer == user.pk)


@rules.predicate
def decides_for_story(user: Any, story: Any) -> bool:
    """Who chooses who reads a story, how its teller is named, and whether it is withdrawn: its teller; or, for a
    teller without an account, whoever gathered it, acting on what the teller tells them. A story whose teller
    closed their account (anonymised: no account, no name) is no longer anyone's to widen."""
    from coproduce.stories.models import Story

    if not isinstance(story, Story) or not is_signed_in(user) or story.status == Story.Status.WITHDRAWN:
        return False
    if story.teller_id is not None:
        return bool(story.teller_id == user.pk)
    return story.gathered_by_id is not None and story.gathered_by_id == user.pk and bool(story.teller_name)


rules.add_perm("stories.view_story", may_read_story)
rules.add_perm("stories.tell", is_signed_in)
rules.add_perm("stories.gather", is_story_gatherer)
rules.add_perm("stories.change_draft", writes_story)
rules.add_perm("stories.decide_story", decides_for_story)


# Responses, measures and feedback to managers (views/responses.py, views/measures.py, views/feedback.py).
# A service's managers are the facilitators and admins of the organisation running it; its staff are that
# organisation's staff and its managers.
SERVICE_STAFF = frozenset({Role.STAFF, Role.FACILITATOR, Role.ORG_ADMIN})
SERVICE_MANAGERS = frozenset({Role.FACILITATOR, Role.ORG_ADMIN})


def _organisation_id(service: Any) -> int | None:
    from coproduce.organisations.models import Service

    return service.organisation_id if isinstance(service, Service) else None


@rules.predicate
def works_for_service(user: Any, service: Any) -> bool:
    organisation_id = _organisation_id(service)
    return organisation_id is not None and holds(user, SERVICE_STAFF, organisation_id)


@rules.predicate
def manages_service(user: Any, service: Any) -> bool:
    organisation_id = _organisation_id(service)
    return organisation_id is not None and holds(user, SERVICE_MANAGERS, organisation_id)


@rules.predicate
def works_for_a_named_service(user: Any, story: Any) -> bool:
    """Staff or a manager of one of the services a published story names, and able to read it. Uses the story's
    services as fetched (prefetch_related("services") keeps this to no queries)."""
    from coproduce.stories.models import Story

    if not isinstance(story, Story) or story.status != Story.Status.PUBLISHED or not is_signed_in(user):
        return False
    if not any(holds(user, SERVICE_STAFF, service.organisation_id) for service in story.services.all()):
        return False
    return bool(may_read_story(user, story))


@rules.predicate
def wrote_the_response(user: Any, response: Any) -> bool:
    """Its author, while they still work for the service and the story is still published."""
    from coproduce.stories.models import Response, Story

    if not isinstance(response, Response) or not is_signed_in(user) or response.author_id != user.pk:
        return False
    return response.story.status == Story.Status.PUBLISHED and bool(works_for_service(user, response.service))


@rules.predicate
def manages_feedbacks_service(user: Any, feedback: Any) -> bool:
    from coproduce.stories.models import Feedback

    return isinstance(feedback, Feedback) and bool(manages_service(user, feedback.service))


@rules.predicate
def works_for_some_service(user: Any) -> bool:
    return holds(user, SERVICE_STAFF)


@rules.predicate
def manages_some_service(user: Any) -> bool:
    return holds(user, SERVICE_MANAGERS)


# Takes a story: answer it for one of the services it names.
rules.add_perm("stories.respond", works_for_a_named_service)
# Takes a service: answer stories on its behalf.
rules.add_perm("stories.respond_for_service", works_for_service)
# Takes a response.
rules.add_perm("stories.change_response", wrote_the_response)
# The list of stories waiting for a response.
rules.add_perm("stories.view_waiting", works_for_some_service)
# Measures are published: anyone may see them, over the stories they may read.
rules.add_perm("stories.view_measures", rules.always_allow)
# Anyone signed in may tell a manager something; a venue's tablet needs no account (see views/feedback.py).
rules.add_perm("stories.send_feedback", is_signed_in)
# The managers' inbox, and their venue links.
rules.add_perm("stories.view_feedback_inbox", manages_some_service)
# Takes a piece of feedback: read it, acknowledge it, remove it.
rules.add_perm("stories.manage_feedback", manages_feedbacks_service)
# Takes a service: make and stop its venue links.
rules.add_perm("stories.manage_venue_links", manages_service)


# --- moderation (services/moderation.py, views/moderation.py) ----------------------------------------------------


def _story_organisation_ids(story: Any) -> set[int]:
    # A page that lists stories prefetches their services; a single story asks once.
    cache = getattr(story, "_prefetched_objects_cache", {})
    services = cache["services"] if "services" in cache else story.services.all()
    return {service.organisation_id for service in services}


@rules.predicate
def moderates(user: Any, story: Any = None) -> bool:
    """Checks stories before they are public. Place admins check every story; the facilitators and admins of an
    organisation check the stories that name one of its services, and share the stories that name none. Without a
    story: may open the moderation queue at all."""
    from coproduce.organisations.roles import FACILITATING, held_roles
    from coproduce.people.predicates import is_place_admin
    from coproduce.stories.models import Story

    if is_place_admin(user):
        return True
    if not is_signed_in(user):
        return False
    facilitates = {org for org, role in held_roles(user) if role in FACILITATING}
    if not facilitates:
        return False
    if story is None:
        return True
    if not isinstance(story, Story):
        return False
    organisations = _story_organisation_ids(story)
    return not organisations or bool(organisations & facilitates)


@rules.predicate
def answers_suggested_change(user: Any, story: Any) -> bool:
    """Who says yes or no to a moderator's suggested words: the teller, when they have an account; otherwise the
    gatherer or a moderator, who asks the teller and records what they said."""
    from coproduce.stories.models import Story

    if not isinstance(story, Story) or not is_signed_in(user) or story.status == Story.Status.WITHDRAWN:
        return False
    if story.teller_id is not None:
        return bool(story.teller_id == user.pk)
    return (story.gathered_by_id is not None and story.gathered_by_id == user.pk) or bool(moderates(user, story))


# With a story: check it, suggest changes, publish it or not. Without one: open the moderation queue.
rules.add_perm("stories.moderate", moderates)
rules.add_perm("stories.answer_suggested_change", answers_suggested_change)
# Every change to a story's words, with who made it and the teller's answer.
rules.add_perm("stories.view_revisions", moderates)


# --- themes (services/themes.py, views/themes.py) ----------------------------------------------------------------


@rules.predicate
def sees_themes(user: Any) -> bool:
    """Facilitators anywhere, place admins, and the managers of any service (an organisation's facilitators and
    admins): the people who act on what a place is saying."""
    from coproduce.people.predicates import is_place_admin

    return bool(is_place_admin(user)) or holds(user, SERVICE_MANAGERS | {Role.FACILITATOR})


@rules.predicate
def runs_themes(user: Any) -> bool:
    from coproduce.people.predicates import is_place_admin

    return bool(is_place_admin(user)) or bool(has_facilitator_role(user))


# The themes found across stories and feedback, and the stories behind each.
rules.add_perm("stories.view_themes", sees_themes)
# Ask for the themes to be found again (queued in the background).
rules.add_perm("stories.run_themes", runs_themes)
