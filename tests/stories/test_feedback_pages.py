"""The feedback pages: anyone signed in may tell a manager; only managers read, acknowledge and remove; the venue's
tablet works without signing in and shows nothing of one person to the next; query counts stay flat."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Organisation, Role, Service
from coproduce.stories.models import Feedback
from coproduce.stories.services.feedback import feedback_acknowledge, feedback_send, venue_link_create
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory

TELL = reverse("stories:tell-the-manager")
INBOX = reverse("stories:feedback")
MINE = reverse("stories:my-feedback")
VENUES = reverse("stories:venue-links")


@pytest.fixture
def service(organisation: Organisation) -> Service:
    return ServiceFactory(organisation=organisation, name="Drop-in")


def key() -> str:
    return uuid.uuid4().hex


def test_anyone_signed_in_may_tell_a_manager_and_sees_it_under_my_feedback(client_for, person, service):
    client = client_for(person)
    assert client.get(TELL).status_code == 200
    sent = client.post(TELL, {"idempotency_key": key(), "service": service.pk, "body": "The lift is broken."})
    assert sent.status_code == 302 and sent["Location"] == MINE
    feedback = Feedback.objects.get()
    assert feedback.teller == person and feedback.body == "The lift is broken."
    page = client.get(MINE).content.decode()
    assert "The lift is broken." in page and "Not read yet" in page


def test_signed_out_visitors_are_asked_to_sign_in(client):
    for url in (TELL, MINE, INBOX, VENUES):
        assert "/sign-in/" in client.get(url)["Location"], url


def test_hiding_who_you_are_through_the_form(client_for, person, service):
    client = client_for(person)
    sent = client.post(
        TELL, {"idempotency_key": key(), "service": service.pk, "body": "Rude staff.", "hide_identity": "on"}
    )
    assert sent["Location"] == TELL
    feedback = Feedback.objects.get()
    assert feedback.teller is None and feedback.hide_identity
    follow = client.get(TELL).content.decode()
    assert "without your name" in follow
    assert "Rude staff." not in client.get(MINE).content.decode()


def test_only_the_services_managers_read_acknowledge_and_remove(client_for, facilitator, org_admin, person, service):
    feedback = feedback_send(sender=person, service=service, body="Please read me")
    item = reverse("stories:feedback-item", args=[feedback.pk])
    acknowledge = reverse("stories:feedback-acknowledge", args=[feedback.pk])
    remove = reverse("stories:feedback-remove", args=[feedback.pk])
    staff = MembershipFactory(organisation=service.organisation, role=Role.STAFF).person
    other_manager = MembershipFactory(organisation=OrganisationFactory(), role=Role.FACILITATOR).person
    for outsider in (person, staff, other_manager, PersonFactory(is_place_admin=True)):
        client = client_for(outsider)
        assert client.get(item).status_code == 403
        assert client.post(acknowledge, {"note": "x"}).status_code == 403
        assert client.post(remove, {"reason": "x"}).status_code == 403
        assert "Please read me" not in client.get(INBOX).content.decode()
    assert client_for(staff).get(INBOX).status_code == 403
    assert client_for(other_manager).get(INBOX).status_code == 200
    feedback.refresh_from_db()
    assert feedback.acknowledged_at is None and feedback.removed_at is None
    for manager in (facilitator, org_admin):
        assert "Please read me" in client_for(manager).get(INBOX).content.decode()
        assert client_for(manager).get(item).status_code == 200


def test_a_manager_acknowledges_with_a_note_and_the_teller_sees_it(client_for, facilitator, person, service):
    feedback = feedback_send(sender=person, service=service, body="Please read me")
    client = client_for(facilitator)
    done = client.post(reverse("stories:feedback-acknowledge", args=[feedback.pk]), {"note": "Fixed today."})
    assert done.status_code == 302 and done["Location"] == INBOX
    feedback.refresh_from_db()
    assert feedback.acknowledged_by == facilitator and feedback.acknowledgement == "Fixed today."
    inbox = client.get(INBOX).content.decode()
    assert "Acknowledged by Femi" in inbox
    mine = client_for(person).get(MINE).content.decode()
    assert "Femi read it on" in mine and "Fixed today." in mine
    again = client.post(reverse("stories:feedback-acknowledge", args=[feedback.pk]), {"note": "Twice"})
    assert again.status_code == 200 and "already been acknowledged" in again.content.decode()


def test_removing_needs_a_reason_and_keeps_the_feedback_listed(client_for, facilitator, person, service):
    feedback = feedback_send(sender=person, service=service, body="Something abusive")
    client = client_for(facilitator)
    url = reverse("stories:feedback-remove", args=[feedback.pk])
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200 and "Say why you are removing it." in empty.content.decode()
    long = client.post(url, {"reason": "r" * 301})
    assert "can be up to 300 characters" in long.content.decode() and "r" * 301 in long.content.decode()
    assert client.post(url, {"reason": "Threatens staff"})["Location"] == INBOX
    inbox = client.get(INBOX).content.decode()
    assert "Removed" in inbox and "Threatens staff" in inbox and "Show what was removed" in inbox
    assert Feedback.objects.filter(pk=feedback.pk, removed_reason="Threatens staff").exists()


def test_the_inbox_shows_overdue_with_words_and_how_long_each_waited(client_for, facilitator, person, service):
    old = feedback_send(sender=person, service=service, body="Old one")
    Feedback.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=9))
    feedback_send(sender=None, service=service, body="New one", hide_identity=True)
    text = client_for(facilitator).get(INBOX).content.decode().replace("\xa0", " ")
    assert "Overdue" in text and "1 overdue" in text and "2 waiting to be acknowledged" in text
    assert "1 week, 2 days so far" in text
    assert "Someone who chose not to say who they are" in text
    assert text.index("New one") < text.index("Old one")


def test_html_in_feedback_is_shown_as_text(client_for, facilitator, person, service):
    feedback_send(sender=person, service=service, body="<script>alert(1)</script><img src=x>")
    text = client_for(facilitator).get(INBOX).content.decode()
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x&gt;" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write what you want the manager to know."),
        ({"body": "x" * 5001}, "can be up to 5000 characters. It has 5001"),
        ({"body": "Fine", "contact": "c" * 201}, "can be up to 200 characters"),
        ({"body": "Fine", "service": "999999"}, "We could not find that service"),
        ({"body": "Fine", "service": ""}, "Choose the service it is about."),
    ],
)
def test_bad_input_says_what_to_fix_and_keeps_what_was_typed(client_for, person, service, data, message):
    posted = {"idempotency_key": key(), "service": service.pk, "contact": "07700 900123", **data}
    page = client_for(person).post(TELL, posted)
    text = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in text and message in text
    assert posted["contact"] in text
    if data["body"] and len(data["body"]) > 100:
        assert data["body"] in text
    assert not Feedback.objects.exists()


def test_sent_twice_is_kept_once(client_for, person, service):
    client = client_for(person)
    data = {"idempotency_key": key(), "service": service.pk, "body": "Only once", "hide_identity": "on"}
    client.post(TELL, data)
    client.post(TELL, data)
    assert Feedback.objects.count() == 1


def test_a_manager_makes_and_stops_a_venue_link(client_for, facilitator, service):
    client = client_for(facilitator)
    made = client.post(VENUES, {"idempotency_key": key(), "service": service.pk, "label": "Reception"})
    assert made.status_code == 302
    link = service.venue_links.get()
    page = client.get(VENUES).content.decode()
    assert f"/stories/venue/{link.token}/" in page and "Working" in page
    client.post(reverse("stories:venue-link-stop", args=[link.pk]))
    link.refresh_from_db()
    assert link.stopped_at is not None and link.stopped_by == facilitator
    assert link.token not in client.get(VENUES).content.decode()


def test_only_managers_make_or_stop_venue_links(client_for, facilitator, person, service):
    link = venue_link_create(actor=facilitator, service=service, label="Reception")
    staff = MembershipFactory(organisation=service.organisation, role=Role.STAFF).person
    other_manager = MembershipFactory(organisation=OrganisationFactory(), role=Role.FACILITATOR).person
    for outsider in (person, staff):
        assert client_for(outsider).get(VENUES).status_code == 403
    for outsider in (person, staff, other_manager):
        assert client_for(outsider).post(reverse("stories:venue-link-stop", args=[link.pk])).status_code == 403
    # Another organisation's manager cannot make a link for this service (it is not among their choices).
    refused = client_for(other_manager).post(VENUES, {"idempotency_key": key(), "service": service.pk, "label": "X"})
    assert refused.status_code == 200 and "We could not find that service" in refused.content.decode()
    assert service.venue_links.count() == 1 and service.venue_links.get().stopped_at is None
    assert link.token not in client_for(other_manager).get(VENUES).content.decode()


def test_the_venue_tablet_works_without_signing_in_and_shows_nothing_to_the_next_person(
    facilitator, service, django_capture_on_commit_callbacks
):
    link = venue_link_create(actor=facilitator, service=service, label="Reception")
    url = reverse("stories:venue", args=[link.token])
    tablet = Client(enforce_csrf_checks=True)
    form = tablet.get(url)
    assert form.status_code == 200 and "Tell the manager of Drop-in" in form.content.decode()
    # No account, no session, no cookies of any kind.
    assert not form.cookies
    with django_capture_on_commit_callbacks(execute=True):
        sent = tablet.post(url, {"idempotency_key": key(), "body": "My private words", "contact": "07700 900123"})
    assert sent.status_code == 200 and not sent.cookies
    thanks = sent.content.decode()
    assert "Thank you" in thanks and "My private words" not in thanks and "07700 900123" not in thanks
    assert "http-equiv" not in thanks and f'href="{url}"' in thanks
    feedback = Feedback.objects.get()
    assert feedback.teller is None and feedback.at_venue and feedback.body == "My private words"
    # The next person gets an empty form.
    next_form = tablet.get(url).content.decode()
    assert "My private words" not in next_form and "07700 900123" not in next_form


def test_the_venue_tablet_ignores_whoever_is_signed_in_on_it(client_for, facilitator, service):
    link = venue_link_create(actor=facilitator, service=service, label="Reception")
    client_for(facilitator).post(reverse("stories:venue", args=[link.token]), {"idempotency_key": key(), "body": "Hi"})
    assert Feedback.objects.get().teller is None


def test_the_venue_form_keeps_what_was_typed_on_errors_and_refuses_stopped_links(client, facilitator, service):
    link = venue_link_create(actor=facilitator, service=service, label="Reception")
    url = reverse("stories:venue", args=[link.token])
    long = client.post(url, {"idempotency_key": key(), "body": "y" * 5001, "contact": "me@example.org"})
    text = long.content.decode()
    assert long.status_code == 200 and "There is a problem" in text and "y" * 5001 in text and "me@example.org" in text
    empty = client.post(url, {"idempotency_key": key(), "body": "  "})
    assert "Write what you want the manager to know." in empty.content.decode()
    assert not Feedback.objects.exists()
    link.stopped_at = timezone.now()
    link.save()
    for response in (client.get(url), client.post(url, {"idempotency_key": key(), "body": "Hi"})):
        assert response.status_code == 404 and "link is not working" in response.content.decode()
    assert client.get(reverse("stories:venue", args=["not-a-real-token"])).status_code == 404
    assert not Feedback.objects.exists()


def test_the_venue_form_sent_twice_is_kept_once(client, facilitator, service):
    link = venue_link_create(actor=facilitator, service=service, label="Reception")
    data = {"idempotency_key": key(), "body": "Double tap"}
    client.post(reverse("stories:venue", args=[link.token]), data)
    client.post(reverse("stories:venue", args=[link.token]), data)
    assert Feedback.objects.count() == 1


def _fill(n: int, *, service: Service, manager) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        sender = PersonFactory()
        feedback = feedback_send(sender=sender, service=service, body=f"Feedback {i}", hide_identity=i % 3 == 0)
        if i % 2:
            feedback_acknowledge(actor=manager, feedback=feedback, note="Thanks")
        venue_link_create(actor=manager, service=service, label=f"Tablet {i}")


@pytest.mark.parametrize("url", [INBOX, MINE, VENUES, TELL])
def test_query_counts_do_not_grow_with_data(client_for, facilitator, service, django_assert_max_num_queries, url):
    client = client_for(facilitator)
    _fill(2, service=service, manager=facilitator)
    for i in range(2):
        feedback_acknowledge(
            actor=facilitator, feedback=feedback_send(sender=facilitator, service=service, body=f"Mine {i}")
        )
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    _fill(20, service=service, manager=facilitator)
    ServiceFactory.create_batch(5, organisation=service.organisation)
    for i in range(10):
        feedback_send(sender=facilitator, service=service, body=f"More mine {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
