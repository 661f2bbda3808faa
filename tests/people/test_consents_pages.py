from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.people.models import Consent, ConsentTopic, ConsentWording, Profile, SearchEntry, Visibility
from coproduce.people.search import search_index_person
from coproduce.people.services.consent import (
    ConsentWordingChangedError,
    consent_give,
    consent_live,
    consent_withdraw,
)
from coproduce.people.visibility import consent_topics_live, may_see_field
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = "/people/me/consents/"


def test_page_lists_every_topic_with_its_status_and_words(person, client_for):
    consent_give(person=person, topic="research")
    html = client_for(person).get(reverse("people:consents")).content.decode()
    assert reverse("people:consents") == URL
    for label in ("Being contacted", "A profile other people can see", "Research and evaluation", "Photos and films"):
        assert label in html
    research = ConsentWording.objects.get(topic="research", version=1)
    assert research.text in html
    assert "version 1" in html
    assert html.count("You have given consent") == 1
    assert html.count("Give consent") == len(ConsentTopic) - 1


def test_easy_read_shows_the_easy_words(person, client_for):
    person.easy_read = True
    person.save()
    html = client_for(person).get(URL).content.decode()
    assert ConsentWording.objects.get(topic="photos").easy_read_text in html


def test_give_then_withdraw_in_one_click_each_keeps_history_and_audits(person, client_for):
    client = client_for(person)
    client.post(URL, {"action": "give", "topic": "photos", "version": "1"})
    assert consent_live(person, "photos") is not None
    response = client.post(URL, {"action": "withdraw", "topic": "photos"}, follow=True)
    assert "Photos and films of you will not be used again" in response.content.decode()
    assert consent_live(person, "photos") is None
    consent = Consent.objects.get(person=person, topic="photos")
    assert consent.withdrawn_at is not None
    assert list(AuditEntry.objects.filter(target_id=str(person.pk)).values_list("action", flat=True)) == [
        "consent.withdraw",
        "consent.give",
    ]
    # The history still shows the consent that was withdrawn.
    assert "Your consent history" in response.content.decode()


def test_consent_to_old_words_is_refused(person, client_for):
    ConsentWording.objects.create(topic="photos", version=2, text="New words about photos.")
    with pytest.raises(ConsentWordingChangedError):
        consent_give(person=person, topic="photos", version=1)
    response = client_for(person).post(URL, {"action": "give", "topic": "photos", "version": "1"}, follow=True)
    assert "changed while the page was open" in response.content.decode()
    assert consent_live(person, "photos") is None


def test_nonsense_post_changes_nothing(person, client_for):
    client_for(person).post(URL, {"action": "give", "topic": "everything"})
    assert not Consent.objects.exists()


def test_visitors_are_sent_to_sign_in(client):
    assert "/sign-in/" in client.get(URL)["Location"]


def _searchable_person():
    person = PersonFactory(preferred_name="Noor")
    Profile.objects.create(
        person=person,
        about_me="I bake bread",
        contact_ways=["email"],
        contact_notes="Evenings",
        contact_visibility=Visibility.EVERYONE,
    )
    consent_give(person=person, topic="visible_profile")
    consent_give(person=person, topic="contact")
    search_index_person(person)
    return person


def test_withdrawing_visible_profile_removes_search_entries_at_once(client_for):
    person = _searchable_person()
    assert SearchEntry.objects.filter(person=person).exists()
    client_for(person).post(URL, {"action": "withdraw", "topic": "visible_profile"})
    assert not SearchEntry.objects.filter(person=person).exists()
    # Giving it again brings them back.
    consent_give(person=person, topic="visible_profile")
    assert SearchEntry.objects.filter(person=person).exists()
    assert Consent.objects.filter(person=person, topic="visible_profile").count() == 2


def test_withdrawing_contact_hides_contact_details_for_every_viewer_but_themself(organisation):
    person = _searchable_person()
    topics = consent_topics_live([person.pk])[person.pk]
    assert may_see_field("contact", Visibility.EVERYONE, Visibility.EVERYONE, live_topics=topics)
    consent_withdraw(person=person, topic="contact")
    topics = consent_topics_live([person.pk])[person.pk]
    for viewer in (Visibility.EVERYONE, Visibility.ORGANISATIONS, Visibility.FACILITATORS):
        assert not may_see_field("contact", Visibility.EVERYONE, viewer, live_topics=topics)
        assert may_see_field("about_me", Visibility.EVERYONE, viewer, live_topics=topics)
    assert may_see_field("contact", Visibility.EVERYONE, Visibility.ONLY_ME, live_topics=topics)


def test_withdrawing_contact_hides_contact_details_on_the_profile_page(client_for):
    from django.urls import NoReverseMatch

    person = _searchable_person()
    try:
        url = reverse("people:profile", kwargs={"person_id": person.pk})
    except NoReverseMatch:
        pytest.skip("The profile page is not built yet.")
    viewer = client_for(PersonFactory())
    assert person.email in viewer.get(url).content.decode()
    client_for(person).post(URL, {"action": "withdraw", "topic": "contact"})
    html = viewer.get(url).content.decode()
    assert person.email not in html and "Evenings" not in html
    assert "I bake bread" in html


def test_facilitator_records_paper_consent_for_someone_in_their_organisation(organisation, facilitator, client_for):
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER, person__preferred_name="Kit").person
    url = reverse("people:consent-record", kwargs={"person_id": member.pk})
    assert url == f"/people/{member.pk}/consents/record/"
    client = client_for(facilitator)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"action": "give", "topic": "research", "how": "paper", "confirmed": "on", "version_research": "1"},
        follow=True,
    )
    assert "recorded, with you as the person who recorded it" in response.content.decode()
    consent = Consent.objects.get(person=member, topic="research")
    assert consent.how == "paper" and consent.recorded_by == facilitator
    entry = AuditEntry.objects.get(action="consent.give")
    assert entry.actor == facilitator and entry.detail["how"] == "paper"
    # The person sees who recorded it, and can withdraw it themselves.
    html = client_for(member).get(URL).content.decode()
    assert "Femi recorded it" in html


def test_recording_needs_the_confirmation_and_keeps_choices(organisation, facilitator, client_for):
    member = MembershipFactory(organisation=organisation).person
    url = reverse("people:consent-record", kwargs={"person_id": member.pk})
    response = client_for(facilitator).post(url, {"action": "give", "topic": "photos", "how": "with_facilitator"})
    html = response.content.decode()
    assert "Confirm they agreed to these exact words" in html
    assert 'value="photos" checked' in html and 'value="with_facilitator" checked' in html
    assert not Consent.objects.exists()


def test_facilitator_withdraws_on_someones_behalf(organisation, facilitator, client_for):
    member = MembershipFactory(organisation=organisation).person
    consent_give(person=member, topic="photos")
    url = reverse("people:consent-record", kwargs={"person_id": member.pk})
    client_for(facilitator).post(url, {"action": "withdraw", "topic": "photos"})
    assert consent_live(member, "photos") is None
    assert AuditEntry.objects.get(action="consent.withdraw").actor == facilitator


def test_who_may_record_consent_for_someone(organisation, facilitator, org_admin, place_admin, person, client_for):
    member = MembershipFactory(organisation=organisation).person
    stranger = PersonFactory()
    other_facilitator = MembershipFactory(role=Role.FACILITATOR).person
    url = reverse("people:consent-record", kwargs={"person_id": member.pk})
    assert client_for(facilitator).get(url).status_code == 200
    assert client_for(org_admin).get(url).status_code == 200
    assert client_for(place_admin).get(url).status_code == 200
    assert client_for(person).get(url).status_code == 403
    assert client_for(other_facilitator).get(url).status_code == 403
    assert client_for(member).get(url).status_code == 403  # their own consents are on their own page
    stranger_url = reverse("people:consent-record", kwargs={"person_id": stranger.pk})
    assert client_for(facilitator).get(stranger_url).status_code == 403
    assert client_for(facilitator).post(url.replace(str(member.pk), str(stranger.pk)), {}).status_code == 403


def test_consent_page_queries_do_not_grow_with_history(person, client_for, django_assert_max_num_queries):
    client = client_for(person)
    client.get(URL)
    with django_assert_max_num_queries(14) as small:
        client.get(URL)
    limit = len(small.captured_queries)  # read now: the next request clears the log
    for _ in range(10):
        for topic in ("photos", "research", "contact"):
            consent_give(person=person, topic=topic)
            consent_withdraw(person=person, topic=topic)
    with django_assert_max_num_queries(limit):
        client.get(URL)
