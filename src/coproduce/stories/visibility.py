"""Who may read a story. Every page, list, feed, count, measure, search and theme asks here, nowhere else.

The teller chooses the story's reach, and a published story is read by:

- public: anyone, signed in or not;
- members: anyone signed in;
- services: the staff and managers of the organisations running the services the story names, and place admins
  (who moderate);
- facilitators: people who hold the facilitator role anywhere, and place admins.

Its teller and whoever gathered it always read it, whatever its status. Everyone else reads only published stories.
A withdrawn story is read by no one, not even its teller: withdrawing takes it out of everything at once.

"Facilitators" means the facilitator role itself, not organisation admins, as it does for personal fields (see
organisations.roles.has_facilitator_role): an admin manages access, not people's stories. An organisation's admins
still read stories about its own services, as its managers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from coproduce.organisations.models import Role
from coproduce.stories.models import Story

if TYPE_CHECKING:
    from collections.abc import Iterable

# Roles whose holders count as a service's staff for a story's reach: its organisation's staff and its managers.
STAFF_ROLES = frozenset({Role.STAFF, Role.FACILITATOR, Role.ORG_ADMIN})


@dataclass(frozen=True)
class StoryReader:
    """What a viewer is, for reading stories: worked out once, then used for any number of stories."""

    person_id: int | None
    place_admin: bool = False
    facilitator: bool = False
    # Organisations whose services' stories the viewer reads as staff or a manager.
    staff_organisation_ids: frozenset[int] = frozenset()

    @property
    def signed_in(self) -> bool:
        return self.person_id is not None


def story_reader(viewer: Any) -> StoryReader:
    from coproduce.organisations.roles import held_roles
    from coproduce.people.predicates import is_place_admin, is_signed_in

    if not is_signed_in(viewer):
        return StoryReader(person_id=None)
    roles = held_roles(viewer)
    return StoryReader(
        person_id=viewer.pk,
        place_admin=is_place_admin(viewer),
        facilitator=any(role == Role.FACILITATOR for _org, role in roles),
        staff_organisation_ids=frozenset(org for org, role in roles if role in STAFF_ROLES),
    )


def reaches(reader: StoryReader, reach: str, service_organisation_ids: Iterable[int]) -> bool:
    """Whether a published story with this reach, about services of these organisations, is open to the reader."""
    if reach == Story.Reach.PUBLIC:
        return True
    if not reader.signed_in:
        return False
    if reach == Story.Reach.MEMBERS or reader.place_admin:
        return True
    if reach == Story.Reach.FACILITATORS:
        return reader.facilitator
    if reach == Story.Reach.SERVICES:
        return not reader.staff_organisation_ids.isdisjoint(service_organisation_ids)
    return False


def _service_organisation_ids(story: Story) -> set[int]:
    # Uses services already fetched with the story (prefetch_related("services")) rather than asking again.
    prefetched = getattr(story, "_prefetched_objects_cache", {}).get("services")
    if prefetched is not None:
        return {service.organisation_id for service in prefetched}
    return set(story.services.values_list("organisation_id", flat=True))


def is_own_story(story: Story, viewer: Any) -> bool:
    """The viewer told the story or gathered it."""
    pk = getattr(viewer, "pk", None)
    if pk is None or not getattr(viewer, "is_authenticated", False):
        return False
    return story.teller_id == pk or story.gathered_by_id == pk


def story_visible_to(story: Story, viewer: Any, *, reader: StoryReader | None = None) -> bool:
    if story.status == Story.Status.WITHDRAWN:
        return False
    reader = reader or story_reader(viewer)
    if reader.signed_in and reader.person_id in (story.teller_id, story.gathered_by_id):
        return True
    if story.status != Story.Status.PUBLISHED:
        return False
    if story.reach == Story.Reach.SERVICES and reader.signed_in and not reader.place_admin:
        return reaches(reader, story.reach, _service_organisation_ids(story))
    return reaches(reader, story.reach, ())


def published_reach_q(reader: StoryReader) -> Q:
    """The reaches of published stories open to the reader, as a filter (statuses are left to the caller)."""
    if not reader.signed_in:
        return Q(reach=Story.Reach.PUBLIC)
    if reader.place_admin:
        return Q(reach__in=Story.Reach.values)
    open_to = Q(reach__in=[Story.Reach.PUBLIC, Story.Reach.MEMBERS])
    if reader.facilitator:
        open_to |= Q(reach=Story.Reach.FACILITATORS)
    if reader.staff_organisation_ids:
        about_their_services = Story.services.through.objects.filter(
            story_id=OuterRef("pk"), service__organisation_id__in=sorted(reader.staff_organisation_ids)
        )
        open_to |= Q(Q(reach=Story.Reach.SERVICES), Exists(about_their_services))
    return open_to


def stories_visible_to(viewer: Any, queryset: QuerySet[Story] | None = None) -> QuerySet[Story]:
    """Every story the viewer may read, as one filter on `queryset` (all stories by default): the same few queries
    to build however many stories there are, and no duplicate rows."""
    reader = story_reader(viewer)
    stories = Story.objects.all() if queryset is None else queryset
    readable = Q(status=Story.Status.PUBLISHED) & published_reach_q(reader)
    if reader.signed_in:
        readable |= Q(teller_id=reader.person_id) | Q(gathered_by_id=reader.person_id)
    return stories.filter(readable).exclude(status=Story.Status.WITHDRAWN)


def stories_published_to(viewer: Any, queryset: QuerySet[Story] | None = None) -> QuerySet[Story]:
    """Published stories the viewer may read: what lists, feeds, search, measures and themes show."""
    reader = story_reader(viewer)
    stories = Story.objects.all() if queryset is None else queryset
    mine = Q(teller_id=reader.person_id) | Q(gathered_by_id=reader.person_id) if reader.signed_in else Q(pk__in=[])
    return stories.filter(Q(status=Story.Status.PUBLISHED) & (published_reach_q(reader) | mine))


def stories_public() -> QuerySet[Story]:
    """Published stories anyone may read, signed in or not: the feeds."""
    return Story.objects.filter(status=Story.Status.PUBLISHED, reach=Story.Reach.PUBLIC)
