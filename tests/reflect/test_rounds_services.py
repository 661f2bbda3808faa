"""Opening rounds, taking part, answers saved once, closing, and ideas to a plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.plans.models import Action, Plan
from coproduce.reflect.models import Answer, Idea, Participant
from coproduce.reflect.services.ideas import (
    ChoosingNotOpenError,
    PlannedAction,
    idea_add,
    idea_choices_set,
    ideas_settle,
    round_choosing_open,
    round_plan_make,
)
from coproduce.reflect.services.rounds import (
    AnswerInput,
    NoAnswersError,
    RoundClosedError,
    Saved,
    answers_submit,
    participant_add,
    participant_join,
    round_close,
    round_invite,
    round_open,
    round_reopen,
)
from tests.factories import MembershipFactory, PersonFactory, ServiceFactory, bundled_framework

pytestmark = pytest.mark.django_db


def _open(facilitator, organisation, slug="how-are-we-doing", **kwargs):
    return round_open(
        actor=facilitator,
        framework=bundled_framework(slug),
        organisation=organisation,
        title="Day centre, autumn",
        **kwargs,
    )


def _all_answers(round_, value=2, rag="amber"):
    definition = round_.framework.definition
    return [AnswerInput(dimension=d.key, value=value, rag=rag, evidence="We saw it") for d in definition.dimensions]


def test_bundled_frameworks_are_loaded_by_migrate():
    slugs = {slug for slug in ["how-are-we-doing", "readiness", "workforce-competencies", "ladder"]}
    assert {f.slug for f in [bundled_framework(s) for s in slugs] if f is not None} == slugs


def test_open_a_round_is_audited(facilitator, organisation):
    round_ = _open(facilitator, organisation)
    assert round_.is_open and round_.opened_by == facilitator
    assert AuditEntry.objects.filter(action="reflect.round_open", target_id=str(round_.pk)).exists()


def test_readiness_needs_groups_and_keeps_them_tidy(facilitator, organisation):
    with pytest.raises(ValidationError):
        _open(facilitator, organisation, slug="readiness", subjects=["", "  "])
    round_ = _open(facilitator, organisation, slug="readiness", subjects=["Carers", " carers ", "", "Commissioners"])
    assert round_.subjects == ["Carers", "Commissioners"]


def test_groups_are_ignored_for_a_framework_without_them(facilitator, organisation):
    round_ = _open(facilitator, organisation, subjects=["Carers"])
    assert round_.subjects == []


def test_a_service_of_another_organisation_is_refused(facilitator, organisation):
    with pytest.raises(ValidationError):
        _open(facilitator, organisation, service=ServiceFactory())


def test_a_closing_date_in_the_past_is_refused(facilitator, organisation):
    with pytest.raises(ValidationError):
        _open(facilitator, organisation, closes_on=timezone.localdate() - timedelta(days=1))


def test_joining_twice_keeps_one_place_and_the_latest_perspective(facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    first = participant_join(round_=round_, person=person, perspective="staff")
    again = participant_join(round_=round_, person=person, perspective="family", anonymous=True)
    assert first.pk == again.pk
    again.refresh_from_db()
    assert (again.perspective, again.anonymous) == ("family", True)


def test_anonymity_only_where_the_round_allows_it(facilitator, organisation, person):
    round_ = _open(facilitator, organisation, allow_anonymous=False)
    participant = participant_join(round_=round_, person=person, perspective="staff", anonymous=True)
    assert participant.anonymous is False
    assert participant.label == person.display_name


def test_an_anonymous_label_never_has_the_name(facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    participant = participant_join(round_=round_, person=person, perspective="uses_service", anonymous=True)
    assert person.display_name not in participant.label
    assert "uses the service" in participant.label


def test_answers_saved_and_a_repeat_is_not_saved_twice(facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    participant = participant_join(round_=round_, person=person, perspective="staff")
    answers = _all_answers(round_)
    assert answers_submit(actor=person, participant=participant, answers=answers, submission_key="k1") is Saved.SAVED
    assert answers_submit(actor=person, participant=participant, answers=answers, submission_key="k1") is Saved.REPEAT
    assert Answer.objects.filter(participant=participant).count() == len(answers)
    # A new form replaces the old answers: people may change their minds while the round is open.
    changed = [AnswerInput(dimension=a.dimension, value=4) for a in answers]
    assert answers_submit(actor=person, participant=participant, answers=changed, submission_key="k2") is Saved.SAVED
    assert set(Answer.objects.filter(participant=participant).values_list("value", flat=True)) == {4}
    assert AuditEntry.objects.filter(action="reflect.answers_change").count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        AnswerInput(dimension="no-such-thing", value=1),
        AnswerInput(dimension="people-as-assets", value=9),
        AnswerInput(dimension="people-as-assets", value=1, target=2),
        AnswerInput(dimension="people-as-assets", value=1, rag="purple"),
        AnswerInput(dimension="people-as-assets", value=1, subject="Carers"),
        AnswerInput(dimension="people-as-assets", value=1, evidence="x" * 3001),
    ],
)
def test_answers_that_do_not_fit_the_framework_are_refused(facilitator, organisation, person, bad):
    round_ = _open(facilitator, organisation)
    participant = participant_join(round_=round_, person=person, perspective="staff")
    with pytest.raises(ValidationError):
        answers_submit(actor=person, participant=participant, answers=[bad], submission_key="k")
    assert not Answer.objects.exists()


def test_readiness_answers_carry_now_and_need(facilitator, organisation, person):
    round_ = _open(facilitator, organisation, slug="readiness", subjects=["Carers"])
    participant = participant_join(round_=round_, person=person, perspective="family")
    answers = [
        AnswerInput(dimension=d.key, subject="Carers", value=2, target=4)
        for d in round_.framework.definition.dimensions
    ]
    answers_submit(actor=person, participant=participant, answers=answers, submission_key="k")
    assert set(Answer.objects.values_list("subject", "value", "target")) == {("Carers", 2, 4)}


def test_a_round_with_no_answers_cannot_close(facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    participant_join(round_=round_, person=person, perspective="staff")
    with pytest.raises(NoAnswersError):
        round_close(actor=facilitator, round_=round_)
    round_.refresh_from_db()
    assert round_.is_open


def test_answers_after_closing_are_refused_except_paper(facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    participant = participant_join(round_=round_, person=person, perspective="staff")
    answers_submit(actor=person, participant=participant, answers=_all_answers(round_), submission_key="k1")
    paper = participant_add(actor=facilitator, round_=round_, name="A.B.", perspective="family", channel="paper")
    round_close(actor=facilitator, round_=round_)
    with pytest.raises(RoundClosedError):
        answers_submit(actor=person, participant=participant, answers=_all_answers(round_, 3), submission_key="k2")
    assert set(Answer.objects.filter(participant=participant).values_list("value", flat=True)) == {2}
    answers_submit(actor=facilitator, participant=paper, answers=_all_answers(round_), submission_key="p1")
    assert paper.answers.count() == len(round_.framework.definition.dimensions)
    with pytest.raises(RoundClosedError):
        participant_join(round_=round_, person=PersonFactory(), perspective="staff")
    round_reopen(actor=facilitator, round_=round_)
    round_.refresh_from_db()
    assert round_.is_open


def test_invite_emails_each_new_person_once(facilitator, organisation, django_capture_on_commit_callbacks):
    round_ = _open(facilitator, organisation)
    people = [MembershipFactory(organisation=organisation, role=Role.STAFF).person for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            round_invite(actor=facilitator, round_=round_, people=people, perspective="staff", site_url="http://x") == 2
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert round_invite(actor=facilitator, round_=round_, people=people, perspective="staff") == 0
    assert Participant.objects.filter(round=round_).count() == 2
    assert len(mail.outbox) == 2
    assert f"http://x/reflect/join/{round_.join_token}/" in mail.outbox[0].body


def _round_with_ideas(facilitator, organisation, people):
    round_ = _open(facilitator, organisation)
    participants = [participant_join(round_=round_, person=p, perspective="staff") for p in people]
    ideas = [
        idea_add(actor=facilitator, round_=round_, text=text)[0]
        for text in ["Tea first", "Swap skills", "Buddy up", "Open the board"]
    ]
    return round_, participants, ideas


def test_the_same_idea_twice_is_kept_once(facilitator, organisation):
    round_ = _open(facilitator, organisation)
    first, created = idea_add(actor=facilitator, round_=round_, text="Ask people  what they love doing")
    again, created_again = idea_add(actor=facilitator, round_=round_, text="ask people what they love doing")
    assert created and not created_again and first.pk == again.pk
    with pytest.raises(ValidationError):
        idea_add(actor=facilitator, round_=round_, text="   ")
    with pytest.raises(ValidationError):
        idea_add(actor=facilitator, round_=round_, text="x" * 501)


def test_choosing_settling_and_the_plan(facilitator, organisation):
    people = PersonFactory.create_batch(2)
    round_, participants, ideas = _round_with_ideas(facilitator, organisation, people)
    with pytest.raises(ChoosingNotOpenError):
        idea_choices_set(actor=people[0], participant=participants[0], idea_ids=[ideas[0].pk])
    round_choosing_open(actor=facilitator, round_=round_)
    round_.refresh_from_db()
    participants[0].refresh_from_db()
    with pytest.raises(ValidationError):
        idea_choices_set(actor=people[0], participant=participants[0], idea_ids=[i.pk for i in ideas])
    idea_choices_set(actor=people[0], participant=participants[0], idea_ids=[ideas[0].pk, ideas[1].pk])
    idea_choices_set(actor=people[0], participant=participants[0], idea_ids=[ideas[1].pk])
    assert list(participants[0].choices.values_list("idea_id", flat=True)) == [ideas[1].pk]
    with pytest.raises(ValidationError):
        ideas_settle(actor=facilitator, round_=round_, idea_ids=[ideas[0].pk])
    ideas_settle(actor=facilitator, round_=round_, idea_ids=[ideas[0].pk, ideas[1].pk, ideas[2].pk])
    round_.refresh_from_db()
    assert set(Idea.objects.filter(chosen=True).values_list("pk", flat=True)) == {i.pk for i in ideas[:3]}
    with pytest.raises(ValidationError):
        idea_add(actor=facilitator, round_=round_, text="A late idea")
    due = timezone.localdate() + timedelta(days=30)
    plan = round_plan_make(
        actor=facilitator,
        round_=round_,
        title="Our plan",
        actions=[PlannedAction(idea=i, what=i.text, owner_person=people[0], due_on=due) for i in ideas[:3]],
        idempotency_key="abc",
    )
    again = round_plan_make(
        actor=facilitator,
        round_=round_,
        title="Our plan",
        actions=[PlannedAction(idea=i, what=i.text, owner_person=people[0], due_on=due) for i in ideas[:3]],
        idempotency_key="abc",
    )
    assert plan.pk == again.pk and Plan.objects.count() == 1
    assert plan.source == round_ and plan.organisation == organisation
    actions = list(Action.objects.filter(plan=plan).order_by("pk"))
    assert [a.what for a in actions] == [i.text for i in ideas[:3]]
    assert all(a.owner_person == people[0] and a.due_on == due for a in actions)
    assert actions[0].source == ideas[0]


def test_no_plan_before_settling(facilitator, organisation):
    round_, _participants, ideas = _round_with_ideas(facilitator, organisation, [])
    with pytest.raises(ValidationError):
        round_plan_make(
            actor=facilitator, round_=round_, title="Too soon", actions=[PlannedAction(idea=ideas[0], what="x")]
        )
