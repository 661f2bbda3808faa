"""Services answering stories: the stories waiting for a response, answering one (linking the change to an action in
a plan), and changing an answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.organisations.models import Service
from coproduce.stories.forms_responses import ResponseForm
from coproduce.stories.models import Response, Story
from coproduce.stories.selectors.responses import actions_to_link, response_for_page, waiting_for_response
from coproduce.stories.selectors.stories import story_for_page
from coproduce.stories.services.responses import ResponseError, response_change, response_post

WAITING_PER_PAGE = 25


def _responses_anchor(story: Story) -> str:
    return f"{story.get_absolute_url()}#responses"


@require_perm("stories.view_waiting")
def waiting(request: HttpRequest) -> HttpResponse:
    page = Paginator(waiting_for_response(request.user), WAITING_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "stories/response_waiting.html", {"page": page})


def _story_and_service(request: HttpRequest, story_id: int, service_id: int) -> tuple[Story, Service] | HttpResponse:
    try:
        story = story_for_page(story_id)
    except Story.DoesNotExist as exc:
        raise Http404 from exc
    if story.status == Story.Status.WITHDRAWN:
        return render(request, "stories/withdrawn.html", {"story_id": story.pk}, status=410)
    service = next((s for s in story.services.all() if s.pk == service_id), None)
    if service is None:
        raise Http404
    check_perm(request, "stories.respond", story)
    check_perm(request, "stories.respond_for_service", service)
    return story, service


def respond(request: HttpRequest, story_id: int, service_id: int) -> HttpResponse:
    found = _story_and_service(request, story_id, service_id)
    if isinstance(found, HttpResponse):
        return found
    story, service = found
    existing = Response.objects.filter(story=story, service=service).first()
    if existing is not None and request.method != "POST":
        if request.user.has_perm("stories.change_response", existing):
            return redirect("stories:response-edit", response_id=existing.pk)
        messages.info(request, _("%(service)s has already answered this story.") % {"service": service.name})
        return redirect(_responses_anchor(story))
    actions = actions_to_link(service)
    if request.method == "POST":
        searching = ResponseForm.wants_search(request.POST)
        form = ResponseForm(request.POST, searching=searching, actions=actions, service=service)
        if not searching and form.is_valid():
            data = form.cleaned_data
            try:
                response_post(
                    actor=signed_in_person(request),
                    story=story,
                    service=service,
                    body=data["body"],
                    change=data["change"],
                    action=form.chosen_action(),
                    new_action=form.new_action(),
                    idempotency_key=data["idempotency_key"],
                    site_url=site_url(request),
                )
            except ResponseError as exc:
                form.add_error(exc.field, str(exc))
            else:
                messages.success(
                    request, _("Your response for %(service)s is published with the story.") % {"service": service.name}
                )
                return redirect(_responses_anchor(story))
    else:
        form = ResponseForm(actions=actions, service=service)
    return render(
        request,
        "stories/response_form.html",
        {"form": form, "story": story, "service": service, "response": None},
    )


def response_edit(request: HttpRequest, response_id: int) -> HttpResponse:
    try:
        response = response_for_page(response_id)
    except Response.DoesNotExist as exc:
        raise Http404 from exc
    check_perm(request, "stories.change_response", response)
    story, service = response.story, response.service
    actions = actions_to_link(service)
    has_action = response.action_id is not None
    if request.method == "POST":
        searching = ResponseForm.wants_search(request.POST)
        form = ResponseForm(request.POST, searching=searching, actions=actions, service=service, has_action=has_action)
        if not searching and form.is_valid():
            data = form.cleaned_data
            try:
                response_change(
                    actor=signed_in_person(request),
                    response=response,
                    body=data["body"],
                    change=data["change"],
                    action=form.chosen_action(),
                    new_action=form.new_action(),
                    site_url=site_url(request),
                )
            except ResponseError as exc:
                form.add_error(exc.field, str(exc))
            else:
                messages.success(request, _("Your response is changed."))
                return redirect(_responses_anchor(story))
    else:
        form = ResponseForm(
            initial={"body": response.body, "change": response.change},
            actions=actions,
            service=service,
            has_action=has_action,
        )
    return render(
        request,
        "stories/response_form.html",
        {"form": form, "story": story, "service": service, "response": response},
    )
