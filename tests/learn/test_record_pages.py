"""The learning record: a person's own goals, steps, badges and sessions, on screen, as a PDF and as badge files.
No one sees anyone else's: there is no address for it."""

from __future__ import annotations

import io
import zipfile

import jwt
import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from coproduce.learn.models import BabyStep, LearningGoal, SessionTrainer, StepRecognition
from coproduce.learn.services.sessions import session_mark_held
from coproduce.recognition.models import Award, SigningKey
from tests.factories import PersonFactory
from tests.learn.sessions_support import add_attendee, add_trainer, make_session
from tests.recognition.credential_support import make_award, make_badge, revoke

pytestmark = pytest.mark.django_db


def goal_with_steps(person, title="Speak up in team meetings"):
    goal = LearningGoal.objects.create(person=person, title=title, why="So carers’ views are heard.")
    done = BabyStep.objects.create(
        goal=goal, what="Say one thing at Monday’s meeting", position=0, done_at=timezone.now(), learned="It was fine"
    )
    BabyStep.objects.create(goal=goal, what="Chair a meeting", position=1)
    StepRecognition.objects.create(step=done, by=PersonFactory(preferred_name="Femi"), note="Well done!")
    return goal


def test_the_record_shows_goals_badges_and_sessions_taken_and_given(client_for, person, facilitator, organisation):
    goal_with_steps(person)
    make_award(recipient=person, badge=make_badge("Listens well"))
    make_award(recipient=person, badge=make_badge("Cooks for thirty"), status=Award.Status.OFFERED)
    make_award(recipient=person, badge=make_badge("Story gatherer"), status=Award.Status.DECLINED)
    revoke(make_award(recipient=person, badge=make_badge("Has trained staff")))
    taken = make_session(organisation=organisation, title="Carers teach staff")
    add_attendee(taken, person)
    session_mark_held(actor=facilitator, session=taken, attended=[person])
    taken.attendances.filter(person=person).update(will_do_differently="Ask before assuming")
    given = make_session(organisation=organisation, title="Storytelling for beginners")
    add_trainer(given, person, lived_experience=True)
    session_mark_held(actor=facilitator, session=given, attended=[])
    add_trainer(make_session(organisation=organisation, title="Not held yet"), person)

    page = client_for(person).get(reverse("learn:record")).content.decode()

    assert "Speak up in team meetings" in page and "Say one thing at Monday’s meeting" in page
    assert "It was fine" in page and "From Femi: “Well done!”" in page and "Chair a meeting" in page
    assert "Listens well" in page
    assert "Cooks for thirty" not in page and "Story gatherer" not in page and "Has trained staff" not in page
    assert "Carers teach staff" in page and "Ask before assuming" in page
    assert "Storytelling for beginners" in page and "2h added to my timebank hours" in page
    assert "Credited as a trainer with lived experience, without my name." in page
    assert "Not held yet" not in page


def test_only_the_person_sees_their_own_record(client_for, person, facilitator):
    goal_with_steps(person, title="Rosa’s private goal")
    make_award(recipient=person, badge=make_badge("Rosa’s badge"))
    # The record's addresses take no one's id, so there is no way to ask for someone else's.
    with pytest.raises(NoReverseMatch):
        reverse("learn:record", args=[person.pk])
    for url in (reverse("learn:record"), reverse("learn:record-pdf"), reverse("learn:record-badges")):
        assert "<int:" not in url
    theirs = client_for(facilitator).get(reverse("learn:record"), {"person": person.pk}).content.decode()
    assert "Rosa’s private goal" not in theirs and "Rosa’s badge" not in theirs
    zipped = zipfile.ZipFile(io.BytesIO(client_for(facilitator).get(reverse("learn:record-badges")).content))
    assert [name for name in zipped.namelist() if name.endswith(".jwt")] == []


def test_the_record_downloads_as_a_pdf(client_for, person):
    goal_with_steps(person)
    response = client_for(person).get(reverse("learn:record-pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "learning-record-rosa-" in response["Content-Disposition"]


def test_the_badges_download_holds_each_badge_held_as_a_signed_credential(client_for, person):
    held = make_award(recipient=person, badge=make_badge("Listens well"))
    also = make_award(recipient=person, badge=make_badge("Story gatherer"))
    make_award(recipient=person, badge=make_badge("Cooks for thirty"), status=Award.Status.OFFERED)
    revoke(make_award(recipient=person, badge=make_badge("Has trained staff")))

    response = client_for(person).get(reverse("learn:record-badges"))

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == sorted(
        ["README.txt", f"listens-well-{held.credential_id}.jwt", f"story-gatherer-{also.credential_id}.jwt"]
    )
    token = archive.read(f"listens-well-{held.credential_id}.jwt").decode()
    header = jwt.get_unverified_header(token)
    key = SigningKey.objects.get()
    public = jwt.PyJWK(key.public_jwk).key
    claims = jwt.decode(token, public, algorithms=[header["alg"]], options={"verify_aud": False})
    assert claims["jti"] == f"urn:uuid:{held.credential_id}"
    assert "Listens well" in archive.read("README.txt").decode()


def test_with_no_badges_the_download_says_so(client_for, person):
    archive = zipfile.ZipFile(io.BytesIO(client_for(person).get(reverse("learn:record-badges")).content))
    assert archive.namelist() == ["README.txt"] and "no badges yet" in archive.read("README.txt").decode()


def test_the_record_page_does_not_ask_more_of_the_database_as_it_grows(
    client_for, person, facilitator, organisation, django_assert_max_num_queries
):
    client = client_for(person)
    client.get(reverse("learn:record"))
    counts = []
    for n in (1, 6):
        for index in range(n):
            goal_with_steps(person, title=f"Goal {n}-{index}")
            make_award(recipient=person, badge=make_badge(f"Badge {n}-{index}"))
            taken = make_session(organisation=organisation, held_at=timezone.now())
            add_attendee(taken, person, attended=True, will_do_differently="Listen", competency="shared-mutual")
            given = make_session(organisation=organisation, held_at=timezone.now())
            add_trainer(given, person, credit=SessionTrainer.Credit.NAMED)
        with django_assert_max_num_queries(25) as captured:
            assert client.get(reverse("learn:record")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
