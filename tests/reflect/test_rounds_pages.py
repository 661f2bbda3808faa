"""The pages of a round: opening it, its link, answering (standard, easy read, on paper), ideas and the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.plans.models import Plan
from coproduce.reflect.models import Answer, Idea, Participant, ReflectionRound
from coproduce.reflect.services.ideas import idea_add, round_choosing_open
from coproduce.reflect.services.rounds import AnswerInput, answers_submit, participant_join, round_close, round_open
from tests.factories import MembershipFactory, PersonFactory, bundled_framework

pytestmark = pytest.mark.django_db


def _open(facilitator, organisation, slug="how-are-we-doing", **kwargs):
    return round_open(
        actor=facilitator, framework=bundled_framework(slug), organisation=organisation, title="Autumn round", **kwargs
    )


def _answer_post(round_, *, value="2", evidence="People lead the training", key="0" * 32, **extra):
    data = {"idempotency_key": key, "ideas": "", **extra}
    definition = round_.framework.definition
    subjects = round_.subjects or [""]
    index = 0
    for _subject in subjects:
        for _dimension in definition.dimensions:
            data[f"a{index}-value"] = value
            data[f"a{index}-evidence"] = evidence
            if definition.asks_target:
                data[f"a{index}-target"] = "4"
            index += 1
    return data


def test_home_offers_opening_only_to_facilitators(client_for, facilitator, person):
    assert "Open a round" in client_for(facilitator).get(reverse("reflect:home")).content.decode()
    page = client_for(person).get(reverse("reflect:home"))
    assert page.status_code == 200 and "Open a round" not in page.content.decode()


def test_only_facilitators_open_rounds(client_for, person):
    assert client_for(person).get(reverse("reflect:round-new")).status_code == 403


def test_opening_with_mistakes_keeps_what_was_typed(client_for, facilitator, organisation):
    client = client_for(facilitator)
    readiness = bundled_framework("readiness")
    response = client.post(
        reverse("reflect:round-new"),
        {"framework": readiness.pk, "organisation": organisation.pk, "title": "Readiness <b>check</b>", "subjects": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and "name at least one" in html
    assert "Readiness &lt;b&gt;check&lt;/b&gt;" in html
    assert not ReflectionRound.objects.exists()


def test_opening_a_round(client_for, facilitator, organisation):
    response = client_for(facilitator).post(
        reverse("reflect:round-new"),
        {
            "framework": bundled_framework().pk,
            "organisation": organisation.pk,
            "title": "Autumn round",
            "allow_anonymous": "on",
            "closes_on": (timezone.localdate() + timedelta(days=7)).strftime("%d/%m/%Y"),
        },
    )
    round_ = ReflectionRound.objects.get()
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert round_.allow_anonymous and round_.closes_on is not None


def test_a_facilitator_cannot_open_a_round_for_another_organisation(client_for, facilitator):
    other = MembershipFactory(role=Role.MEMBER).organisation
    response = client_for(facilitator).post(
        reverse("reflect:round-new"), {"framework": bundled_framework().pk, "organisation": other.pk, "title": "Nope"}
    )
    assert response.status_code == 400 and not ReflectionRound.objects.exists()


def test_round_page_is_for_its_runners_and_participants(client_for, facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    assert client_for(person).get(round_.get_absolute_url()).status_code == 403
    participant_join(round_=round_, person=person, perspective="staff")
    page = client_for(person).get(round_.get_absolute_url()).content.decode()
    assert "Answer now" in page and "Who is taking part" not in page
    runner_page = client_for(facilitator).get(round_.get_absolute_url()).content.decode()
    assert "Who is taking part" in runner_page and round_.join_token in runner_page


def test_following_the_link_joins_and_leads_to_the_answers(client_for, facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    client = client_for(person)
    url = reverse("reflect:join", args=[round_.join_token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"perspective": "uses_service", "anonymous": "on"})
    participant = Participant.objects.get(person=person)
    assert response["Location"] == reverse("reflect:answer", args=[participant.pk])
    assert participant.anonymous and participant.perspective == "uses_service"
    # A missing choice is said plainly.
    assert "Choose the one that fits best" in client.post(url, {}).content.decode()


def test_the_link_to_a_closed_round_says_so(client_for, facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    other = participant_join(round_=round_, person=PersonFactory(), perspective="staff")
    answers_submit(
        actor=other.person, participant=other, answers=[AnswerInput("people-as-assets", value=1)], submission_key="k"
    )
    round_close(actor=facilitator, round_=round_)
    response = client_for(person).post(reverse("reflect:join", args=[round_.join_token]), {"perspective": "staff"})
    assert response.status_code == 409 and "has closed" in response.content.decode()
    assert not Participant.objects.filter(person=person).exists()


def test_answering_standard_and_easy_read(client_for, facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    participant = participant_join(round_=round_, person=person, perspective="staff")
    client = client_for(person)
    url = reverse("reflect:answer", args=[participant.pk])
    definition = round_.framework.definition
    standard = client.get(url).content.decode()
    assert definition.dimensions[0].question.split("\n")[0][:40] in standard
    easy = client.get(url + "?easy=1").content.decode()
    assert definition.dimensions[0].easy_read[:30] in easy
    response = client.post(url, _answer_post(round_, easy_read="True", ideas="Coffee morning\n\nSkills swap"))
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.easy_read and participant.submitted_at is not None
    assert Answer.objects.filter(participant=participant).count() == len(definition.dimensions)
    assert set(Idea.objects.values_list("text", flat=True)) == {"Coffee morning", "Skills swap"}
    # Sent again (a double click, a retry): said plainly, saved once.
    again = client.post(url, _answer_post(round_, easy_read="True", ideas="Coffee morning"), follow=True)
    assert "nothing was saved twice" in again.content.decode()
    assert Idea.objects.count() == 2


def test_a_missing_answer_keeps_everything_typed(client_for, facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    participant = participant_join(round_=round_, person=person, perspective="staff")
    data = _answer_post(round_, evidence="<script>alert(1)</script> we run the café together")
    del data["a1-value"]
    response = client_for(person).post(reverse("reflect:answer", args=[participant.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; we run the café together" in html
    assert "<script>alert(1)" not in html
    assert not Answer.objects.exists()


def test_answers_after_the_round_closed_are_not_lost_on_the_page(client_for, facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    participant = participant_join(round_=round_, person=person, perspective="staff")
    other = participant_join(round_=round_, person=PersonFactory(), perspective="staff")
    answers_submit(
        actor=other.person, participant=other, answers=[AnswerInput("people-as-assets", value=1)], submission_key="k"
    )
    round_close(actor=facilitator, round_=round_)
    response = client_for(person).post(
        reverse("reflect:answer", args=[participant.pk]), _answer_post(round_, evidence="What I wanted to say")
    )
    html = response.content.decode()
    assert response.status_code == 400 and "could not be saved" in html and "What I wanted to say" in html
    assert not participant.answers.exists()


def test_nobody_answers_for_someone_else(client_for, facilitator, organisation, person):
    round_ = _open(facilitator, organisation)
    participant = participant_join(round_=round_, person=person, perspective="staff")
    url = reverse("reflect:answer", args=[participant.pk])
    assert client_for(PersonFactory()).get(url).status_code == 403
    # Not even the facilitator: this person answers on their own device.
    assert client_for(facilitator).post(url, _answer_post(round_)).status_code == 403


def test_the_facilitator_types_in_paper_answers(client_for, facilitator, organisation):
    round_ = _open(facilitator, organisation)
    client = client_for(facilitator)
    response = client.post(
        reverse("reflect:participant-add", args=[round_.pk]),
        {"add-name": "M.", "add-perspective": "family", "add-channel": "paper"},
    )
    participant = Participant.objects.get()
    assert response["Location"] == reverse("reflect:answer", args=[participant.pk])
    assert client.post(response["Location"], _answer_post(round_)).status_code == 302
    assert participant.answers.count() == len(round_.framework.definition.dimensions)
    assert participant.entered_by == facilitator and participant.channel == "paper"
    # Only the round's runners add people.
    assert client_for(PersonFactory()).post(reverse("reflect:participant-add", args=[round_.pk]), {}).status_code == 403


def test_closing_without_answers_says_why(client_for, facilitator, organisation):
    round_ = _open(facilitator, organisation)
    response = client_for(facilitator).post(reverse("reflect:round-close", args=[round_.pk]), follow=True)
    assert "No one has answered yet" in response.content.decode()
    round_.refresh_from_db()
    assert round_.is_open
    assert client_for(PersonFactory()).post(reverse("reflect:round-close", args=[round_.pk])).status_code == 403


def test_inviting_people_by_email(
    client_for, facilitator, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = _open(facilitator, organisation)
    staff = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    client = client_for(facilitator)
    assert staff.display_name in client.get(round_.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reflect:round-invite", args=[round_.pk]),
            {"invite-people": [staff.pk], "invite-perspective": "staff"},
        )
    assert response.status_code == 302 and Participant.objects.filter(person=staff).exists()
    assert len(mailoutbox) == 1 and "/reflect/join/" in mailoutbox[0].body
    missing = client.post(reverse("reflect:round-invite", args=[round_.pk]), {"invite-perspective": "staff"})
    assert missing.status_code == 400 and "Choose at least one person" in missing.content.decode()


def _settled_round(facilitator, organisation, people):
    round_ = _open(facilitator, organisation)
    for person in people:
        participant_join(round_=round_, person=person, perspective="staff")
    ideas = [idea_add(actor=facilitator, round_=round_, text=f"Idea {n}")[0] for n in range(4)]
    return round_, ideas


def test_ideas_choose_settle_and_plan(client_for, facilitator, organisation, person):
    round_, ideas = _settled_round(facilitator, organisation, [person])
    member = client_for(person)
    url = reverse("reflect:ideas", args=[round_.pk])
    assert (
        member.post(reverse("reflect:idea-add", args=[round_.pk]), {"text": "Idea 1"}, follow=True)
        .content.decode()
        .count("already on the list")
        == 1
    )
    assert member.post(reverse("reflect:choosing-open", args=[round_.pk])).status_code == 403
    runner = client_for(facilitator)
    runner.post(reverse("reflect:choosing-open", args=[round_.pk]))
    too_many = member.post(reverse("reflect:choose", args=[round_.pk]), {"ideas": [i.pk for i in ideas]})
    assert too_many.status_code == 400 and "Choose up to 3" in too_many.content.decode()
    assert member.post(reverse("reflect:choose", args=[round_.pk]), {"ideas": [ideas[2].pk]}).status_code == 302
    assert (
        member.post(reverse("reflect:settle", args=[round_.pk]), {"ideas": [ideas[0].pk, ideas[1].pk]}).status_code
        == 403
    )
    one = runner.post(reverse("reflect:settle", args=[round_.pk]), {"ideas": [ideas[0].pk]})
    assert one.status_code == 400 and "Settle on 2 or 3" in one.content.decode()
    runner.post(reverse("reflect:settle", args=[round_.pk]), {"ideas": [i.pk for i in ideas[:3]]})
    page = runner.get(url).content.decode()
    assert "Make the action plan" in page
    due = (timezone.localdate() + timedelta(days=20)).strftime("%d/%m/%Y")
    data = {"idempotency_key": "1" * 32, "title": "Our plan"}
    for idea in ideas[:3]:
        data |= {
            f"i{idea.pk}-what": f"Do {idea.text}",
            f"i{idea.pk}-owner": f"person-{facilitator.pk}",
            f"i{idea.pk}-due_on": due,
        }
    past = dict(data, **{f"i{ideas[0].pk}-due_on": "1/1/2020"})
    refused = runner.post(reverse("reflect:plan-make", args=[round_.pk]), past)
    assert (
        refused.status_code == 400
        and "That date has passed" in refused.content.decode()
        and "Do Idea 1" in refused.content.decode()
    )
    made = runner.post(reverse("reflect:plan-make", args=[round_.pk]), data)
    plan = Plan.objects.get()
    assert made["Location"] == plan.get_absolute_url()
    assert plan.actions.count() == 3 and {a.owner_person_id for a in plan.actions.all()} == {facilitator.pk}
    assert "What we are doing about it" in member.get(url).content.decode()


def test_pages_do_not_ask_more_of_the_database_as_rounds_grow(
    client_for, facilitator, organisation, django_assert_max_num_queries
):
    def grow(n):
        round_, _ideas = _settled_round(facilitator, organisation, PersonFactory.create_batch(n))
        for participant in round_.participants.all():
            answers_submit(
                actor=participant.person,
                participant=participant,
                answers=[AnswerInput("people-as-assets", value=2)],
                submission_key=f"k{participant.pk}",
            )
        round_choosing_open(actor=facilitator, round_=round_)
        return round_

    client = client_for(facilitator)
    client.get(reverse("reflect:home"))  # the first request of a session does some one-off work
    counts = []
    for n in (2, 12):
        round_ = grow(n)
        for url in (round_.get_absolute_url(), reverse("reflect:ideas", args=[round_.pk]), reverse("reflect:home")):
            with django_assert_max_num_queries(40) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
    assert counts[:3] == counts[3:]
