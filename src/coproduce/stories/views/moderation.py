"""Moderation pages: the queue (with bulk publishing), checking one story, the teller's answer to a suggested
change, and the history of a story's words."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.stories.forms_moderation import (
    NO,
    PUBLISH,
    AnswerForm,
    BulkForm,
    KeepForm,
    NotPublishForm,
    SuggestForm,
)
from coproduce.stories.models import Story
from coproduce.stories.rules import moderates
from coproduce.stories.selectors.moderation import (
    body_parts,
    compared,
    kept,
    moderation_queue,
    queue_page,
    revisions_for_page,
    story_for_moderation,
    title_parts,
    unresolved,
    waiting_suggestion,
)
from coproduce.stories.services.moderation import (
    ModerationError,
    Outcome,
    identifying_details_keep,
    publish_blockers,
    stories_not_publish,
    stories_publish,
    story_edit_agree,
    story_edit_decline,
    story_edit_propose,
    story_edit_take_back,
    story_not_publish,
    story_publish,
    words_without_details,
)

# Where the queue keeps what happened to each story in the last bulk action, for the page after the redirect.
SUMMARY_KEY = "stories_moderation_summary"


def _story(story_id: int) -> Story:
    try:
        return story_for_moderation(story_id)
    except Story.DoesNotExist as exc:
        raise Http404 from exc


def _withdrawn(request: HttpRequest, story: Story) -> HttpResponse:
    # Gone for everyone, moderators included; said kindly, since the link may be in an email.
    return render(request, "stories/withdrawn.html", {"story_id": story.pk}, status=410)


# --- the queue ---------------------------------------------------------------------------------------------------


def _queue_page(request: HttpRequest, form: BulkForm | None = None, *, status: int = 200) -> HttpResponse:
    person = signed_in_person(request)
    page = queue_page(person, request.GET.get("page"))
    stories = list(page.object_list)
    items = [
        {
            "story": story,
            "title_parts": title_parts(story),
            "body_parts": body_parts(story),
            "unresolved": unresolved(story),
            "kept": kept(story),
            "suggestion": waiting_suggestion(story),
        }
        for story in stories
    ]
    return render(
        request,
        "stories/moderation_queue.html",
        {
            "page": page,
            "items": items,
            "form": form or BulkForm(story_ids=[story.pk for story in stories]),
            "summary": request.session.pop(SUMMARY_KEY, None) if request.method == "GET" else None,
        },
        status=status,
    )


def _summary(outcomes: list[Outcome]) -> dict[str, Any]:
    return {
        "done": [o.__dict__ for o in outcomes if o.done],
        "not_done": [o.__dict__ for o in outcomes if not o.done],
    }


@require_perm("stories.moderate")
def moderation_queue_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _queue_page(request)
    person = signed_in_person(request)
    posted = [int(value) for value in request.POST.getlist("stories") if value.isdigit()]
    # Only stories in this moderator's queue can be chosen; anything else in the post is an invalid choice.
    allowed = list(moderation_queue(person).filter(pk__in=posted).values_list("pk", flat=True))
    form = BulkForm(request.POST, story_ids=allowed)
    if not form.is_valid():
        return _queue_page(request, form, status=400)
    chosen = list(Story.objects.filter(pk__in=form.cleaned_data["stories"]).order_by("submitted_at", "pk"))
    if form.cleaned_data["action"] == PUBLISH:
        outcomes = stories_publish(actor=person, stories=chosen, site_url=site_url(request))
    else:
        try:
            outcomes = stories_not_publish(
                actor=person, stories=chosen, reason=form.cleaned_data["reason"], site_url=site_url(request)
            )
        except ModerationError as exc:
            form.add_error("reason", str(exc))
            return _queue_page(request, form, status=400)
    request.session[SUMMARY_KEY] = {"action": form.cleaned_data["action"], **_summary(outcomes)}
    return redirect("stories:moderation")


# --- one story ---------------------------------------------------------------------------------------------------


def _moderation_page(
    request: HttpRequest,
    story: Story,
    *,
    keep_form: KeepForm | None = None,
    suggest_form: SuggestForm | None = None,
    not_form: NotPublishForm | None = None,
    publish_error: str = "",
) -> HttpResponse:
    details = unresolved(story)
    suggestion = waiting_suggestion(story)
    if suggest_form is None:
        suggest_form = SuggestForm(
            story=story,
            initial={
                "title": words_without_details(story.title, [d for d in details if d.in_title]),
                "body": words_without_details(story.body, [d for d in details if not d.in_title]),
            },
        )
    bound = any(form is not None and form.is_bound for form in (keep_form, not_form)) or suggest_form.is_bound
    return render(
        request,
        "stories/moderation_story.html",
        {
            "story": story,
            "title_parts": title_parts(story),
            "body_parts": body_parts(story),
            "unresolved": details,
            "kept": kept(story),
            "suggestion": suggestion,
            "suggestion_changes": compared(suggestion.previous_body, suggestion.body) if suggestion else [],
            "keep_form": keep_form or KeepForm(details=details),
            "suggest_form": suggest_form,
            "not_form": not_form or NotPublishForm(),
            "blockers": publish_blockers(story) if story.status == Story.Status.WAITING else [],
            "publish_error": publish_error,
            "is_waiting": story.status == Story.Status.WAITING,
        },
        status=400 if bound or publish_error else 200,
    )


def _moderated_story(request: HttpRequest, story_id: int) -> Story | HttpResponse:
    story = _story(story_id)
    if story.status == Story.Status.WITHDRAWN:
        return _withdrawn(request, story)
    check_perm(request, "stories.moderate", story)
    if story.status == Story.Status.DRAFT:
        # A draft is its writer's alone until they send it.
        raise Http404
    return story


@require_perm("stories.moderate")
def moderation_story(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _moderated_story(request, story_id)
    if isinstance(story, HttpResponse):
        return story
    return _moderation_page(request, story)


def _back_to(story: Story, anchor: str = "") -> HttpResponse:
    response = redirect("stories:moderation-story", story_id=story.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_POST
@require_perm("stories.moderate")
def moderation_keep(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _moderated_story(request, story_id)
    if isinstance(story, HttpResponse):
        return story
    details = unresolved(story)
    form = KeepForm(request.POST, details=details)
    if form.is_valid():
        chosen = [d for d in details if d.pk in set(form.cleaned_data["details"])]
        try:
            identifying_details_keep(
                actor=signed_in_person(request), story=story, details=chosen, reason=form.cleaned_data["reason"]
            )
        except ModerationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Marked as fine to keep."))
            return _back_to(story, "flags")
    return _moderation_page(request, story, keep_form=form)


@require_POST
@require_perm("stories.moderate")
def moderation_suggest(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _moderated_story(request, story_id)
    if isinstance(story, HttpResponse):
        return story
    form = SuggestForm(request.POST, story=story)
    if form.is_valid():
        data = form.cleaned_data
        try:
            story_edit_propose(
                actor=signed_in_person(request),
                story=story,
                title=data["title"],
                body=data["body"],
                reason=data["reason"],
                teller_agreed=bool(data.get("teller_agreed")),
                site_url=site_url(request),
            )
        except ModerationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            if data.get("teller_agreed"):
                messages.success(request, _("The story’s words are changed, with the teller’s agreement recorded."))
            elif story.teller_id is not None:
                messages.success(request, _("Your suggestion is sent to the teller. They can agree or say no."))
            else:
                messages.success(
                    request,
                    _("Your suggestion is saved. Whoever gathered the story can ask the teller and record the answer."),
                )
            return _back_to(story)
    return _moderation_page(request, story, suggest_form=form)


@require_POST
@require_perm("stories.moderate")
def moderation_take_back(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _moderated_story(request, story_id)
    if isinstance(story, HttpResponse):
        return story
    suggestion = waiting_suggestion(story)
    if suggestion is not None:
        try:
            story_edit_take_back(actor=signed_in_person(request), revision=suggestion)
        except ModerationError as exc:
            messages.info(request, str(exc))
        else:
            messages.success(request, _("Your suggestion is taken back. You can suggest something else."))
    return _back_to(story)


@require_POST
@require_perm("stories.moderate")
def moderation_publish(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _moderated_story(request, story_id)
    if isinstance(story, HttpResponse):
        return story
    try:
        story_publish(actor=signed_in_person(request), story=story, site_url=site_url(request))
    except ModerationError as exc:
        return _moderation_page(request, story, publish_error=str(exc))
    messages.success(
        request,
        _("“%(title)s” is published. The services it names, and its teller, have been told.") % {"title": story.title},
    )
    return redirect("stories:moderation")


@require_POST
@require_perm("stories.moderate")
def moderation_not_publish(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _moderated_story(request, story_id)
    if isinstance(story, HttpResponse):
        return story
    form = NotPublishForm(request.POST)
    if form.is_valid():
        try:
            story_not_publish(
                actor=signed_in_person(request),
                story=story,
                reason=form.cleaned_data["reason"],
                site_url=site_url(request),
            )
        except ModerationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request, _("“%(title)s” will not be published. Its teller has been told why.") % {"title": story.title}
            )
            return redirect("stories:moderation")
    return _moderation_page(request, story, not_form=form)


# --- the teller's answer -----------------------------------------------------------------------------------------


def suggested_change(request: HttpRequest, story_id: int) -> HttpResponse:
    """The teller (or, for a teller without an account, whoever asks them) agrees to a suggestion or says no."""
    story = _story(story_id)
    if story.status == Story.Status.WITHDRAWN:
        return _withdrawn(request, story)
    check_perm(request, "stories.answer_suggested_change", story)
    person = signed_in_person(request)
    suggestion = waiting_suggestion(story)
    on_behalf = story.teller_id is None
    form = AnswerForm(request.POST if request.method == "POST" else None, on_behalf=on_behalf)
    if request.method == "POST" and suggestion is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if data["answer"] == NO:
                story_edit_decline(actor=person, revision=suggestion, note=data["note"], site_url=site_url(request))
            else:
                story_edit_agree(
                    actor=person,
                    revision=suggestion,
                    teller_agreed_confirmed=bool(data.get("teller_agreed")),
                    site_url=site_url(request),
                )
        except ModerationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            if data["answer"] == NO:
                messages.success(request, _("The story keeps its own words. The moderator has been told."))
            else:
                messages.success(request, _("The suggested words are now the story’s. The moderator has been told."))
            return redirect(story.get_absolute_url())
    return render(
        request,
        "stories/suggested_change.html",
        {
            "story": story,
            "suggestion": suggestion,
            "title_changes": compared(suggestion.previous_title, suggestion.title) if suggestion else [],
            "body_changes": compared(suggestion.previous_body, suggestion.body) if suggestion else [],
            "form": form,
            "on_behalf": on_behalf,
            "is_moderator": moderates(person, story),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- history -----------------------------------------------------------------------------------------------------


@require_perm("stories.moderate")
def story_revisions(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _story(story_id)
    if story.status == Story.Status.WITHDRAWN:
        return _withdrawn(request, story)
    check_perm(request, "stories.view_revisions", story)
    return render(request, "stories/revisions.html", {"story": story, "revisions": revisions_for_page(story)})
