"""Reading stories: the list, a story's page, and "My stories". Who may read what is decided in visibility.py."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from coproduce.core.permissions import SignInRequired, require_perm
from coproduce.people.models import Person
from coproduce.stories.forms_telling import StoryFilterForm
from coproduce.stories.models import Story
from coproduce.stories.rules import decides_for_story, writes_story
from coproduce.stories.selectors.stories import (
    my_stories,
    services_for_filter,
    stories_list,
    story_for_page,
    story_page_of,
    themes_for_filter,
)
from coproduce.stories.visibility import story_visible_to

STORIES_PER_PAGE = 20


def story_list(request: HttpRequest) -> HttpResponse:
    """Published stories the viewer may read. Open to visitors, who see the public ones."""
    form = StoryFilterForm(request.GET or None, services=services_for_filter(), themes=themes_for_filter())
    service = theme = None
    if form.is_bound and form.is_valid():
        service, theme = form.cleaned_data.get("service"), form.cleaned_data.get("theme")
    stories = stories_list(request.user, service=service, theme=theme)
    page = story_page_of(stories, request.GET.get("page"), per_page=STORIES_PER_PAGE)
    query = "&".join(
        part for part in (f"service={service.pk}" if service else "", f"theme={theme.slug}" if theme else "") if part
    )
    feeds = [reverse("stories:feed")]
    if service is not None:
        feeds.append(reverse("stories:service-feed", kwargs={"service_id": service.pk}))
    return render(
        request,
        "stories/list.html",
        {
            "form": form,
            "page": page,
            "stories": page.stories,
            "query": query,
            "service": service,
            "theme": theme,
            "service_feed": feeds[1] if len(feeds) > 1 else "",
            "may_gather": request.user.has_perm("stories.gather"),
        },
    )


def story_page(request: HttpRequest, story_id: int) -> HttpResponse:
    try:
        story = story_for_page(story_id)
    except Story.DoesNotExist as exc:
        raise Http404 from exc
    if story.status == Story.Status.WITHDRAWN:
        # Gone, and said so kindly: a link to it may be in someone's email or a plan.
        return render(request, "stories/withdrawn.html", {"story_id": story.pk}, status=410)
    if not story_visible_to(story, request.user):
        if not request.user.is_authenticated:
            raise SignInRequired
        # Whether a story the viewer may not read exists is not theirs to know.
        raise Http404
    user = request.user
    return render(
        request,
        "stories/story.html",
        {
            "story": story,
            "is_own": user.is_authenticated and user.pk in (story.teller_id, story.gathered_by_id),
            "may_edit": writes_story(user, story),
            "may_decide": decides_for_story(user, story),
        },
    )


@require_perm("stories.tell")
def story_mine(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, Person)
    told, gathered = my_stories(person)
    return render(
        request,
        "stories/mine.html",
        {"told": told, "gathered": gathered, "may_gather": person.has_perm("stories.gather")},
    )
