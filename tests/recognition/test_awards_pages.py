"""The award pages: the nominations queue and deciding, giving a badge directly, my badges and nominations, an
award's page with the recipient's answer, taking a badge back, and badges on the profile page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.people.models import ConsentTopic
from coproduce.people.services.consent import consent_give
from coproduce.recognition.models import Award, Nomination
from tests.factories import PersonFactory
from tests.recognition.credential_support import make_award, make_badge

KEY = "e" * 32
EVIDENCE = "Sat with three new carers at the café and made sure each was heard."


def text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def rosa(db):  # type: ignore[no-untyped-def]
    person = PersonFactory(preferred_name="Rosa", email="rosa@example.org")
    consent_give(person=person, topic=ConsentTopic.VISIBLE_PROFILE)
    return person


def nominate(badge, nominee, by, reason="She always makes time."):  # type: ignore[no-untyped-def]
    return Nomination.objects.create(badge=badge, nominee=nominee, nominated_by=by, reason=reason)


# --- the queue and deciding -------------------------------------------------------------------------------------


def test_the_queue_is_for_people_who_may_award(client_for, person, facilitator, rosa):
    badge = make_badge()
    nominate(badge, rosa, person, reason="She <b>listens</b>.")
    url = reverse("recognition:nominations")
    assert client_for(person).get(url).status_code == 403
    page = text(client_for(facilitator).get(url))
    assert "1 nomination waiting" in page and "Rosa" in page
    assert "She &lt;b&gt;listens&lt;/b&gt;." in page


def test_peers_see_only_nominations_for_badges_open_to_peers_and_never_their_own(client_for, person, rosa):
    closed = make_badge("Listens well")
    open_badge = make_badge("Cooks for thirty", peers_may_award=True)
    nominate(closed, rosa, PersonFactory())
    mine = nominate(open_badge, person, rosa)
    theirs = nominate(open_badge, rosa, PersonFactory())
    page = text(client_for(person).get(reverse("recognition:nominations")))
    assert "1 nomination waiting" in page
    assert reverse("recognition:nomination", args=[theirs.pk]) in page
    assert client_for(person).get(reverse("recognition:nomination", args=[mine.pk])).status_code == 403


def test_a_facilitator_awards_a_nomination_with_evidence(
    client_for, person, facilitator, rosa, django_capture_on_commit_callbacks
):
    nomination = nominate(make_badge(), rosa, person)
    url = reverse("recognition:nomination", args=[nomination.pk])
    client = client_for(facilitator)
    page = text(client.get(url))
    assert "She always makes time." in page and "Offer the badge" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"award-idempotency_key": KEY, "award-evidence": EVIDENCE, "award": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("recognition:nominations")
    award = Award.objects.get()
    assert award.recipient == rosa and award.evidence == EVIDENCE and award.nomination == nomination
    assert {message.to[0] for message in mail.outbox} == {"rosa@example.org", person.email}


def test_awarding_without_evidence_or_declining_without_a_reason_says_so(client_for, person, facilitator, rosa):
    nomination = nominate(make_badge(), rosa, person)
    url = reverse("recognition:nomination", args=[nomination.pk])
    client = client_for(facilitator)
    page = text(client.post(url, {"award-idempotency_key": KEY, "award-evidence": " ", "award": "1"}))
    assert page.count("Write the evidence: what they did that earns the badge.") == 2
    page = text(client.post(url, {"decline-idempotency_key": KEY, "decline-note": "", "decline": "1"}))
    assert page.count("Say why the badge is not being awarded.") == 2
    too_long = "x" * 1001
    page = text(client.post(url, {"decline-idempotency_key": KEY, "decline-note": too_long, "decline": "1"}))
    assert "Why not can be up to 1000 characters. It has 1001" in page and too_long in page
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.OPEN and not Award.objects.exists()


def test_declining_a_nomination_with_a_reason(client_for, person, facilitator, rosa):
    nomination = nominate(make_badge(), rosa, person)
    response = client_for(facilitator).post(
        reverse("recognition:nomination", args=[nomination.pk]),
        {"decline-idempotency_key": KEY, "decline-note": "Let’s hear from the carers first.", "decline": "1"},
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.NOT_AWARDED
    page = text(client_for(person).get(reverse("recognition:mine")))
    assert "Not awarded" in page and "Let’s hear from the carers first." in page


def test_awarding_to_someone_whose_account_is_switched_off_says_so(client_for, person, facilitator, rosa):
    nomination = nominate(make_badge(), rosa, person)
    rosa.is_active = False
    rosa.save()
    page = text(
        client_for(facilitator).post(
            reverse("recognition:nomination", args=[nomination.pk]),
            {"award-idempotency_key": KEY, "award-evidence": EVIDENCE, "award": "1"},
        )
    )
    assert "Rosa’s account is switched off at the moment, so badges cannot be given to them." in page
    assert EVIDENCE in page and not Award.objects.exists()


# --- giving directly --------------------------------------------------------------------------------------------


def test_a_facilitator_gives_a_badge_directly_and_a_member_may_not(client_for, person, facilitator, rosa):
    badge = make_badge()
    url = reverse("recognition:badge-award", args=[badge.slug])
    assert client_for(person).get(url).status_code == 403
    client = client_for(facilitator)
    chosen = text(client.get(f"{url}?person={rosa.pk}"))
    assert f'<option value="{rosa.pk}" selected>' in chosen
    response = client.post(url, {"idempotency_key": KEY, "recipient": rosa.pk, "evidence": EVIDENCE})
    award = Award.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("recognition:award", args=[award.pk])


def test_a_second_award_of_the_same_badge_is_refused_on_the_page(client_for, facilitator, rosa):
    badge = make_badge()
    make_award(badge=badge, recipient=rosa)
    page = text(
        client_for(facilitator).post(
            reverse("recognition:badge-award", args=[badge.slug]),
            {"idempotency_key": KEY, "recipient": rosa.pk, "evidence": EVIDENCE},
        )
    )
    assert page.count("Rosa already has this badge.") == 2 and EVIDENCE in page
    assert Award.objects.count() == 1


def test_giving_yourself_a_badge_is_refused_on_the_page(client_for, facilitator):
    badge = make_badge()
    page = text(
        client_for(facilitator).post(
            reverse("recognition:badge-award", args=[badge.slug]),
            {"idempotency_key": KEY, "recipient": facilitator.pk, "evidence": EVIDENCE},
        )
    )
    assert "You cannot give a badge to yourself." in page and not Award.objects.exists()


# --- answering, my badges, the award page -----------------------------------------------------------------------


def test_the_recipient_accepts_from_my_badges_and_chooses_to_show_it(client_for, rosa, facilitator):
    award = make_award(recipient=rosa, status=Award.Status.OFFERED, awarded_by=facilitator)
    client = client_for(rosa)
    page = text(client.get(reverse("recognition:mine")))
    assert "Badges offered to you" in page and "Do you accept the badge “Listens well”?" in page
    assert f'id="id_award-{award.pk}-answer_0"' in page

    url = reverse("recognition:award-respond", args=[award.pk])
    empty = client.post(url, {"from": "mine"})
    assert empty.status_code == 200 and "Choose whether you accept the badge." in text(empty)
    response = client.post(url, {"from": "mine", f"award-{award.pk}-answer": "show"})
    assert response.status_code == 302 and response["Location"] == reverse("recognition:mine")
    award.refresh_from_db()
    assert award.status == Award.Status.ACCEPTED and award.shown_on_profile

    client.post(reverse("recognition:award-show", args=[award.pk]), {"shown": "no"})
    award.refresh_from_db()
    assert not award.shown_on_profile


def test_only_the_recipient_answers_for_a_badge(client_for, rosa, facilitator):
    award = make_award(recipient=rosa, status=Award.Status.OFFERED, awarded_by=facilitator)
    url = reverse("recognition:award-respond", args=[award.pk])
    assert client_for(facilitator).post(url, {f"award-{award.pk}-answer": "show"}).status_code == 403
    assert client_for(facilitator).post(reverse("recognition:award-show", args=[award.pk])).status_code == 403
    award.refresh_from_db()
    assert award.status == Award.Status.OFFERED


def test_the_award_page_is_the_recipients_and_others_see_it_only_when_shown(client_for, rosa, person, facilitator):
    award = make_award(recipient=rosa, status=Award.Status.ACCEPTED, awarded_by=facilitator, evidence="Heard me.")
    url = reverse("recognition:award", args=[award.pk])
    mine = text(client_for(rosa).get(url))
    assert "Heard me." in mine and "Download the badge file" in mine and "Show it on my profile" in mine
    assert reverse("recognition:award-credential", args=[award.pk]) in mine
    assert client_for(person).get(url).status_code == 404
    Award.objects.filter(pk=award.pk).update(shown_on_profile=True)
    theirs = text(client_for(person).get(url))
    assert "Heard me." in theirs and "Download the badge file" not in theirs and "Take the badge back" not in theirs


def test_taking_a_badge_back_on_its_page(client_for, rosa, facilitator, person):
    award = make_award(recipient=rosa, awarded_by=facilitator)
    url = reverse("recognition:award-revoke", args=[award.pk])
    assert client_for(person).get(url).status_code == 403
    assert client_for(rosa).get(url).status_code == 403
    client = client_for(facilitator)
    assert "Take the badge back" in text(client.get(reverse("recognition:award", args=[award.pk])))
    page = text(client.post(url, {"reason": ""}))
    assert page.count("Say why the badge is being taken back.") == 2
    response = client.post(url, {"reason": "Given to the wrong Rosa."})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.revoked_at is not None and award.revoke_reason == "Given to the wrong Rosa."
    shown = text(client_for(rosa).get(reverse("recognition:award", args=[award.pk])))
    assert "This badge was taken back on" in shown and "Given to the wrong Rosa." in shown
    assert "Download the badge file" not in shown


def test_withdrawing_my_nomination(client_for, person, rosa):
    nomination = nominate(make_badge(), rosa, person)
    assert client_for(rosa).post(reverse("recognition:nomination-withdraw", args=[nomination.pk])).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.OPEN
    client_for(person).post(reverse("recognition:nomination-withdraw", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN


def test_my_badges_page_does_not_grow_in_queries(client_for, rosa, django_assert_max_num_queries):
    client = client_for(rosa)

    def fill(start: int, n: int) -> None:
        for i in range(start, start + n):
            make_award(badge=make_badge(f"Offered {i}"), recipient=rosa, status=Award.Status.OFFERED)
            make_award(badge=make_badge(f"Held {i}"), recipient=rosa)
            nominate(make_badge(f"Nominated {i}"), PersonFactory(), rosa)

    fill(0, 2)
    client.get(reverse("recognition:mine"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("recognition:mine"))
    fill(2, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client.get(reverse("recognition:mine")))
    assert "Offered 11" in page and "Held 11" in page and "Nominated 11" in page


# --- on the profile ---------------------------------------------------------------------------------------------


def test_shown_badges_appear_on_the_profile_and_hidden_ones_only_to_their_holder(client_for, rosa, person):
    shown = make_award(badge=make_badge("Listens well"), recipient=rosa, shown_on_profile=True)
    make_award(badge=make_badge("Cooks for thirty"), recipient=rosa, shown_on_profile=False)
    make_award(badge=make_badge("Story gatherer"), recipient=rosa, status=Award.Status.OFFERED)

    own = text(client_for(rosa).get(reverse("people:my-profile")))
    assert "Listens well" in own and "Cooks for thirty" in own and "Only you see this" in own
    assert "Story gatherer" not in own

    other = text(client_for(person).get(reverse("people:profile", args=[rosa.pk])))
    assert "Listens well" in other and "Cooks for thirty" not in other
    assert reverse("recognition:award", args=[shown.pk]) in other


def test_badges_do_not_show_on_a_profile_its_owner_has_not_agreed_to_share(client_for, person):
    private = PersonFactory(preferred_name="Una")
    make_award(badge=make_badge("Listens well"), recipient=private, shown_on_profile=True)
    other = text(client_for(person).get(reverse("people:profile", args=[private.pk])))
    assert "Listens well" not in other
