from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.core.next_page import safe_next
from coproduce.people.forms import PreferencesForm
from coproduce.people.preferences import SESSION_KEY, Preferences
from coproduce.people.services.preferences import person_preferences_update


def preferences(request: HttpRequest) -> HttpResponse:
    """Display settings. Visitors can change them too; they last for their visit."""
    current: Preferences = request.preferences  # type: ignore[attr-defined]
    form = PreferencesForm(request.POST or None, initial=current.as_session())
    if request.method == "POST" and form.is_valid():
        if request.user.is_authenticated:
            person_preferences_update(person=request.user, **form.cleaned_data)
        else:
            request.session[SESSION_KEY] = Preferences(**form.cleaned_data).as_session()
        messages.success(request, _("Your display settings are saved."))
        return redirect(safe_next(request, "people:preferences"))
    return render(request, "people/preferences.html", {"form": form})
