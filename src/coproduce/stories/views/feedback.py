"""Telling a manager something, unfiltered: the form for people signed in, a venue's shared tablet that needs no
account, the managers' inbox (acknowledge, remove abuse with a reason), "My feedback", and venue links."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coproduce.core.email import site_url
from coproduce.core.permissions import check_perm, public, require_perm, signed_in_person
from coproduce.stories.forms_feedback import (
    AcknowledgeForm,
    FeedbackForm,
    InboxFilterForm,
    RemoveForm,
    VenueFeedbackForm,
    VenueLinkForm,
)
from coproduce.stories.models import Feedback, VenueLink
from coproduce.stories.selectors.feedback import (
    feedback_for_page,
    feedback_inbox,
    feedback_mine,
    inbox_counts,
    overdue_before,
    services_managed,
    venue_link_for_token,
    venue_links_managed,
)
from coproduce.stories.selectors.stories import services_to_choose
from coproduce.stories.services.feedback import (
    FeedbackError,
    feedback_acknowledge,
    feedback_remove,
    feedback_send,
    venue_link_create,
    venue_link_stop,
)

FEEDBACK_PER_PAGE = 25
MINE_PER_PAGE = 25


@require_perm("stories.send_feedback")
def tell_the_manager(request: HttpRequest) -> HttpResponse:
    services = services_to_choose()
    if request.method == "POST":
        form = FeedbackForm(request.POST, services=services)
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback = feedback_send(
                    sender=signed_in_person(request),
                    service=data["service"],
                    body=data["body"],
                    hide_identity=data["hide_identity"],
                    contact=data["contact"],
                    idempotency_key=data["idempotency_key"],
                    site_url=site_url(request),
                )
            except FeedbackError as exc:
                form.add_error(exc.field, str(exc))
            else:
                if feedback.teller_id is None:
                    messages.success(
                        request,
                        _(
                            "Sent to the managers of %(service)s, without your name. As nothing links it to you, "
                            "it will not appear in your list of feedback."
                        )
                        % {"service": feedback.service.name},
                    )
                    return redirect("stories:tell-the-manager")
                messages.success(
                    request, _("Sent to the managers of %(service)s.") % {"service": feedback.service.name}
                )
                return redirect("stories:my-feedback")
    else:
        initial = {}
        if request.GET.get("service", "").isdigit():
            initial["service"] = int(request.GET["service"])
        form = FeedbackForm(initial=initial, services=services)
    return render(request, "stories/feedback_tell.html", {"form": form})


@require_perm("stories.send_feedback")
def my_feedback(request: HttpRequest) -> HttpResponse:
    page = Paginator(feedback_mine(request.user), MINE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "stories/feedback_mine.html", {"page": page})


@require_perm("stories.view_feedback_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    services = services_managed(request.user)
    form = InboxFilterForm(request.GET or None, services=services)
    service, waiting_only = form.chosen()
    page = Paginator(
        feedback_inbox(request.user, service=service, waiting_only=waiting_only), FEEDBACK_PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stories/feedback_inbox.html",
        {
            "form": form,
            "page": page,
            "counts": inbox_counts(request.user, service=service),
            "overdue_before": overdue_before(),
            "now": timezone.now(),
            "query": query.urlencode(),
            "filtered": service is not None or waiting_only,
        },
    )


def _feedback_or_404(request: HttpRequest, feedback_id: int) -> Feedback:
    try:
        feedback = feedback_for_page(feedback_id)
    except Feedback.DoesNotExist as exc:
        raise Http404 from exc
    check_perm(request, "stories.manage_feedback", feedback)
    return feedback


def _item_page(
    request: HttpRequest, feedback: Feedback, form: AcknowledgeForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "stories/feedback_item.html",
        {
            "feedback": feedback,
            "form": form or AcknowledgeForm(),
            "overdue_before": overdue_before(),
            "now": timezone.now(),
        },
        status=status,
    )


def feedback_item(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _item_page(request, _feedback_or_404(request, feedback_id))


@require_POST
def feedback_acknowledge_view(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback = _feedback_or_404(request, feedback_id)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            feedback_acknowledge(
                actor=signed_in_person(request),
                feedback=feedback,
                note=form.cleaned_data["note"],
                site_url=site_url(request),
            )
        except FeedbackError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Acknowledged. Thank you for reading it."))
            return redirect("stories:feedback")
    return _item_page(request, feedback, form)


def feedback_remove_view(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback = _feedback_or_404(request, feedback_id)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_remove(actor=signed_in_person(request), feedback=feedback, reason=form.cleaned_data["reason"])
        except FeedbackError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Removed. It stays in the list as removed, with your reason."))
            return redirect("stories:feedback")
    return render(request, "stories/feedback_remove.html", {"feedback": feedback, "form": form})


@require_perm("stories.view_feedback_inbox")
def venue_links(request: HttpRequest) -> HttpResponse:
    services = services_managed(request.user)
    form = VenueLinkForm(request.POST or None, services=services)
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        check_perm(request, "stories.manage_venue_links", service)
        try:
            link = venue_link_create(
                actor=signed_in_person(request),
                service=service,
                label=form.cleaned_data["label"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except FeedbackError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(
                request,
                _("The link for ‘%(label)s’ is ready. Open it on the tablet and leave it there.")
                % {"label": link.label},
            )
            return redirect("stories:venue-links")
    return render(
        request,
        "stories/feedback_venues.html",
        {"form": form, "links": list(venue_links_managed(request.user)), "site_url": site_url(request)},
    )


@require_POST
def venue_link_stop_view(request: HttpRequest, link_id: int) -> HttpResponse:
    link = VenueLink.objects.select_related("service").filter(pk=link_id).first()
    if link is None:
        raise Http404
    check_perm(request, "stories.manage_venue_links", link.service)
    venue_link_stop(actor=signed_in_person(request), link=link)
    messages.success(
        request, _("The link for ‘%(label)s’ is stopped. It no longer opens the form.") % {"label": link.label}
    )
    return redirect("stories:venue-links")


# The venue's tablet. No account and no session: the secret in the address is all it needs, and the form acts on
# nobody's behalf (whoever is signed in on the tablet is ignored), so there is nothing for a forged request to
# borrow; CSRF's cookie would only get in the way when a tablet clears its cookies overnight. Nothing one person
# typed is ever shown to the next: the thank-you page is drawn from the request alone and returns to an empty form.


@public
@csrf_exempt
def venue(request: HttpRequest, token: str) -> HttpResponse:
    link = venue_link_for_token(token)
    if link is None:
        return render(request, "stories/venue_stopped.html", status=404)
    if request.method == "POST":
        form = VenueFeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback_send(
                    sender=None,
                    service=link.service,
                    body=form.cleaned_data["body"],
                    contact=form.cleaned_data["contact"],
                    venue_link=link,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    site_url=site_url(request),
                )
            except FeedbackError as exc:
                form.add_error(exc.field, str(exc))
            else:
                # No timer clears this page: a timed refresh fails WCAG 2.2.1, and the page holds nothing of what
                # the person wrote, so the next person simply starts again from its button.
                return render(request, "stories/venue_thanks.html", {"link": link, "service": link.service})
    else:
        form = VenueFeedbackForm()
    return render(request, "stories/venue_form.html", {"form": form, "link": link, "service": link.service})
