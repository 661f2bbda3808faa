"""Telling a story, gathering one with someone, changing a draft, changing who reads it, and withdrawing it.

The tell and gather forms have two buttons: "Save as a draft" and "Send it". Sending saves first, so nothing typed
is lost if the story still needs something before it can go.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, require_perm, signed_in_person
from coproduce.stories.consent import gathering_consent_current
from coproduce.stories.forms_telling import GatherForm, SharingForm, StoryForm, story_initial
from coproduce.stories.models import Story
from coproduce.stories.prompts import prompt_for
from coproduce.stories.selectors.stories import story_for_page
from coproduce.stories.services.telling import (
    StoryError,
    story_draft_save,
    story_gather,
    story_reach_change,
    story_submit,
    story_withdraw,
)

SEND = "send"


def _story(story_id: int) -> Story:
    try:
        return story_for_page(story_id)
    except Story.DoesNotExist as exc:
        raise Http404 from exc


def _sent_message(request: HttpRequest, story: Story, *, gathered: bool) -> None:
    if gathered:
        messages.success(
            request,
            _("Thank you. Their story is sent, and is checked before anyone else reads it."),
        )
    else:
        messages.success(
            request,
            _("Thank you for telling your story. It is checked before anyone else reads it: we will let you know."),
        )


def _save_and_maybe_send(
    request: HttpRequest, form: StoryForm, story: Story | None, *, gathered: bool
) -> tuple[Story | None, HttpResponse | None]:
    """Save the form as a draft and, if the person pressed "Send it", send it. Problems go onto the form."""
    person = signed_in_person(request)
    data = form.cleaned_data
    key = data.get("idempotency_key", "")
    try:
        if isinstance(form, GatherForm):
            story = story_gather(
                actor=person, words=form.words(), teller=form.gathered_teller(), story=story, submission_key=key
            )
        else:
            story = story_draft_save(actor=person, words=form.words(), story=story, submission_key=key)
    except StoryError as error:
        form.add_story_error(error)
        return story, None
    if request.POST.get("action") != SEND:
        messages.success(request, _("Your draft is saved. Only you can see it."))
        return story, redirect("stories:edit", story_id=story.pk)
    was_draft = story.status == Story.Status.DRAFT
    try:
        story = story_submit(actor=person, story=story, site_url=site_url(request))
    except StoryError as error:
        form.add_story_error(error)
        form.add_error(None, _("Your draft is saved, but it needs the things below before it can be sent."))
        return story, None
    if was_draft:
        _sent_message(request, story, gathered=gathered)
    else:
        messages.info(request, _("This story was sent already, so it was not sent again."))
    return story, redirect(story)


def _form_page(
    request: HttpRequest, form: StoryForm, story: Story | None, *, gathered: bool, status: int = 200
) -> HttpResponse:
    prompt = prompt_for(str(form["prompt"].value() or ""))
    context: dict[str, Any] = {
        "form": form,
        "story": story,
        "prompt": prompt,
        "gathered": gathered,
        "consent": gathering_consent_current() if gathered else None,
        "action_url": reverse("stories:edit", kwargs={"story_id": story.pk}) if story else "",
    }
    template = "stories/gather.html" if gathered else "stories/tell.html"
    return render(request, template, context, status=status)


@require_perm("stories.tell")
def story_tell(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        initial = {"prompt": request.GET.get("prompt", "")} if prompt_for(request.GET.get("prompt", "")) else {}
        return _form_page(request, StoryForm(initial=initial), None, gathered=False)
    form = StoryForm(request.POST)
    story = None
    if form.is_valid():
        story, done = _save_and_maybe_send(request, form, None, gathered=False)
        if done is not None:
            return done
    return _form_page(request, form, story, gathered=False, status=400)


@require_perm("stories.gather")
def story_gather_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, GatherForm(), None, gathered=True)
    searching = GatherForm.wants_search(request.POST)
    form = GatherForm(request.POST, searching=searching)
    story = None
    if searching:
        return _form_page(request, form, None, gathered=True)
    if form.is_valid():
        story, done = _save_and_maybe_send(request, form, None, gathered=True)
        if done is not None:
            return done
    return _form_page(request, form, story, gathered=True, status=400)


@require_perm("stories.tell")
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    """A draft, opened again by whoever is writing it."""
    story = _story(story_id)
    check_perm(request, "stories.change_draft", story)
    gathered = story.gathered_by_id is not None
    form_class = GatherForm if gathered else StoryForm
    options: dict[str, Any] = {"consent_recorded": story.teller_consent_at is not None} if gathered else {}
    if request.method != "POST":
        return _form_page(request, form_class(initial=story_initial(story), **options), story, gathered=gathered)
    searching = gathered and GatherForm.wants_search(request.POST)
    form = form_class(request.POST, searching=searching, **options)
    if not searching and form.is_valid():
        saved, done = _save_and_maybe_send(request, form, story, gathered=gathered)
        if done is not None:
            return done
        story = saved or story
    return _form_page(request, form, story, gathered=gathered, status=200 if searching else 400)


@require_perm("stories.tell")
def story_sharing(request: HttpRequest, story_id: int) -> HttpResponse:
    """The teller changes who may read their story and how it is signed."""
    story = _story(story_id)
    check_perm(request, "stories.decide_story", story)
    form = SharingForm(request.POST or None, story=story)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story_reach_change(
                actor=signed_in_person(request),
                story=story,
                reach=data["reach"],
                identity=data["identity"],
                pen_name=data.get("pen_name") or "",
            )
        except StoryError as error:
            form.add_story_error(error)
        else:
            messages.success(request, _("Saved. This applies straight away, everywhere the story shows."))
            return redirect(story)
    return render(
        request, "stories/story_sharing.html", {"form": form, "story": story}, status=400 if form.errors else 200
    )


@require_perm("stories.tell")
def story_withdraw_view(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _story(story_id)
    if story.status == Story.Status.DRAFT:
        check_perm(request, "stories.change_draft", story)
    else:
        check_perm(request, "stories.decide_story", story)
    if request.method == "POST":
        try:
            kept = story_withdraw(actor=signed_in_person(request), story=story, site_url=site_url(request))
        except StoryError as error:
            messages.error(request, str(error))
            return redirect(story)
        if kept is None:
            messages.success(request, _("Your draft is deleted."))
        else:
            messages.success(request, _("“%(title)s” is withdrawn. Nobody can read it now.") % {"title": story.title})
        return redirect("stories:mine")
    return render(request, "stories/withdraw.html", {"story": story})
