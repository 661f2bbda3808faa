"""A person's consents, given and withdrawn in one click; and a facilitator recording one given away from the screen."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.permissions import check_perm, require_perm
from coproduce.people.forms_consents import ConsentChangeForm, ConsentRecordForm
from coproduce.people.models import ConsentTopic, Person
from coproduce.people.selectors.consents import consent_history, consent_statuses
from coproduce.people.services.consent import ConsentError, consent_give, consent_withdraw

# What withdrawing does, said at the moment it happens.
_WITHDRAWN = {
    ConsentTopic.CONTACT: gettext_lazy("Your consent is withdrawn. Your contact details are hidden from everyone now."),
    ConsentTopic.VISIBLE_PROFILE: gettext_lazy(
        "Your consent is withdrawn. Your profile is hidden, and no one can find you in search."
    ),
    ConsentTopic.RESEARCH: gettext_lazy(
        "Your consent is withdrawn. Nothing you share from now on will be used for research."
    ),
    ConsentTopic.PHOTOS: gettext_lazy("Your consent is withdrawn. Photos and films of you will not be used again."),
    ConsentTopic.NETWORK_MAP: gettext_lazy(
        "Your consent is withdrawn. The network map counts you but no longer shows your name or your links."
    ),
}


def _withdrawn_message(topic: str) -> str:
    return str(_WITHDRAWN.get(ConsentTopic(topic), _("Your consent is withdrawn.")))


@require_perm("people.manage_own_data")
def my_consents(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    if request.method == "POST":
        form = ConsentChangeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Something went wrong with that button. Please try again."))
            return redirect("people:consents")
        topic = form.cleaned_data["topic"]
        if form.cleaned_data["action"] == "withdraw":
            consent_withdraw(person=person, topic=topic)
            messages.success(request, _withdrawn_message(topic))
        else:
            try:
                consent_give(person=person, topic=topic, version=form.cleaned_data["version"])
            except ConsentError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("Thank you. Your consent to “%(topic)s” is recorded.") % {"topic": ConsentTopic(topic).label},
                )
        return redirect(f"{request.path}#topic-{topic}")
    history = consent_history(person)
    return render(
        request,
        "people/consents_list.html",
        {"statuses": consent_statuses(person, history), "history": history},
    )


def consent_record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id, is_active=True)
    check_perm(request, "people.record_consent_for", person)
    facilitator: Person = request.user  # type: ignore[assignment]
    history = consent_history(person)
    statuses = consent_statuses(person, history)
    versions = {s.topic: s.current_wording.version for s in statuses if s.current_wording is not None}
    form = ConsentRecordForm(versions=versions)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        change = ConsentChangeForm(request.POST)
        if change.is_valid():
            consent_withdraw(person=person, topic=change.cleaned_data["topic"], actor=facilitator)
            messages.success(
                request,
                _("%(name)s’s consent to “%(topic)s” is withdrawn.")
                % {"name": person.display_name, "topic": ConsentTopic(change.cleaned_data["topic"]).label},
            )
        return redirect("people:consent-record", person_id=person.pk)
    if request.method == "POST":
        form = ConsentRecordForm(request.POST, versions=versions)
        if form.is_valid():
            topic = form.cleaned_data["topic"]
            try:
                consent_give(
                    person=person,
                    topic=topic,
                    how=form.cleaned_data["how"],
                    recorded_by=facilitator,
                    version=form.version_shown(),
                )
            except ConsentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s’s consent to “%(topic)s” is recorded, with you as the person who recorded it.")
                    % {"name": person.display_name, "topic": ConsentTopic(topic).label},
                )
                return redirect("people:consent-record", person_id=person.pk)
    return render(
        request,
        "people/consents_record.html",
        {"person": person, "statuses": statuses, "history": history, "form": form},
    )
