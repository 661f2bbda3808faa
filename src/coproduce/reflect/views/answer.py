"""Answering a round: on your own device, on a shared screen in the room, or typed in from paper."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.core.permissions import check_perm, require_perm
from coproduce.learn.competencies import COMPETENCY_FRAMEWORK
from coproduce.people.models import Person
from coproduce.reflect.forms_rounds import AnswerForm
from coproduce.reflect.models import Participant
from coproduce.reflect.services.ideas import idea_add
from coproduce.reflect.services.rounds import RoundClosedError, Saved, answers_submit


def _easy(request: HttpRequest) -> bool:
    """Easy read if the person's preference says so, or they switched for this form."""
    asked = request.POST.get("easy_read") if request.method == "POST" else request.GET.get("easy")
    if asked in {"1", "True", "on"}:
        return True
    if asked in {"0", "False"}:
        return False
    prefs = getattr(request, "preferences", None)
    return bool(getattr(prefs, "easy_read", False))


def _training_notes(request: HttpRequest, participant: Participant) -> dict[str, list[Any]]:
    """For a workforce competencies round answered by the person themselves: their own notes from training sessions
    on what they will do differently, by competency. Never someone else's, so nothing shows when answering for
    another person."""
    from coproduce.learn.selectors.sessions import training_notes_by_competency

    person = request.user
    if participant.round.framework.slug != COMPETENCY_FRAMEWORK or participant.person_id != person.pk:
        return {}
    assert isinstance(person, Person)
    return dict(training_notes_by_competency(person))


@require_perm("reflect.use")
def answer(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_object_or_404(
        Participant.objects.select_related("round__framework", "round__organisation", "round__service", "person"),
        pk=participant_id,
    )
    check_perm(request, "reflect.answer", participant)
    person = request.user
    assert isinstance(person, Person)
    round_ = participant.round
    easy = _easy(request)
    on_behalf = participant.person_id is None
    notes = _training_notes(request, participant)
    if request.method == "POST":
        form = AnswerForm(request.POST, round_=round_, easy=easy, training_notes=notes)
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = answers_submit(
                        actor=person,
                        participant=participant,
                        answers=form.answers(),
                        submission_key=form.cleaned_data["idempotency_key"],
                        easy_read=easy,
                    )
                    if saved is Saved.SAVED:
                        for text in form.cleaned_data["ideas"]:
                            idea_add(actor=person, round_=round_, text=text, participant=participant)
            except RoundClosedError:
                closed_on = date_format(round_.closed_at, "j F Y") if round_.closed_at else ""
                form.add_error(
                    None,
                    _(
                        "This round closed on %(date)s, so these answers could not be saved. Everything you wrote is "
                        "still below: copy it, or ask the facilitator to reopen the round."
                    )
                    % {"date": closed_on},
                )
            else:
                if saved is Saved.REPEAT:
                    messages.info(request, _("We already had these answers, so nothing was saved twice."))
                elif on_behalf:
                    messages.success(request, _("Their answers are saved. Thank you both."))
                else:
                    messages.success(
                        request, _("Thank you: your answers are saved. You can change them while the round is open.")
                    )
                return redirect(round_)
        status = 400
    else:
        initial = AnswerForm.prefill_from_training(AnswerForm.initial_from(participant, round_), round_, notes)
        form = AnswerForm(initial=initial, round_=round_, easy=easy, training_notes=notes)
        status = 200
    return render(
        request,
        "reflect/answer.html",
        {
            "form": form,
            "round": round_,
            "participant": participant,
            "definition": round_.framework.definition,
            "easy": easy,
            "on_behalf": on_behalf,
            "closed": not round_.is_open and participant.channel != Participant.Channel.PAPER,
        },
        status=status,
    )
