"""/badges/verify/: anyone, signed in or not, checks a badge file from this place."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from coproduce.core.email import site_url
from coproduce.core.permissions import public
from coproduce.recognition.forms_verify import VerifyForm
from coproduce.recognition.services.credentials import Verification, credential_verify


def name_shown(verification: Verification) -> bool:
    """Only where they chose to show the badge on their profile, and it still stands."""
    award = verification.award
    return bool(
        award is not None
        and award.shown_on_profile
        and award.recipient.closed_at is None
        and award.status == award.Status.ACCEPTED
        and award.revoked_at is None
    )


def recipient_name(verification: Verification) -> str:
    """Their name where they chose to show the badge; otherwise "someone"."""
    if verification.award is not None and name_shown(verification):
        return verification.award.recipient.display_name
    return _("someone")


def _badge_url(verification: Verification) -> str:
    if verification.badge is None:
        return ""
    try:
        return verification.badge.get_absolute_url()
    except NoReverseMatch:
        return ""


@public
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    verification = None
    if request.method == "POST" and form.is_valid():
        checked = credential_verify(form.source, site_url=site_url(request))
        if checked.readable:
            verification = checked
        else:
            form.add_error("file" if form.cleaned_data.get("file") is not None else "token", checked.problems[0])
    context: dict[str, Any] = {"form": form, "verification": verification}
    if verification is not None:
        context |= {
            "recipient_name": recipient_name(verification),
            "name_hidden": not name_shown(verification),
            "badge_url": _badge_url(verification),
            "awarded_at": verification.award.awarded_at if verification.award else verification.valid_from,
        }
    return render(request, "recognition/verify.html", context, status=200)
