"""One-click sign-in as a demo person. It exists only while demo mode is on; otherwise it is not there at all."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.people.models import Person


@require_POST
def sign_in_as(request: HttpRequest, person_id: int) -> HttpResponse:
    # A 404 rather than a 403, so that outside demo mode nothing reveals that demo people or this page exist.
    if not settings.COPRODUCE_DEMO_MODE:
        raise Http404
    person = Person.objects.filter(pk=person_id, is_demo=True, is_active=True).first()
    if person is None:
        raise Http404
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=person, confirmed=True).order_by("pk").first()
    if device is not None:
        # Admins have a second factor; marking it used spares a demo visitor a code they cannot know.
        otp_login(request, device)
    messages.success(request, _("You are signed in as %(name)s.") % {"name": person.display_name})
    return redirect("core:home")
