"""Who may do what with badges: one test per rule, each with someone who may and someone who may not."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from coproduce.organisations.models import Role
from coproduce.people.models import ConsentTopic
from coproduce.people.services.consent import consent_give, consent_withdraw
from coproduce.recognition.models import Award, Nomination
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.recognition.credential_support import make_award, make_badge


def test_defining_badges_is_for_place_admins_and_facilitators_anywhere(person, facilitator, org_admin, place_admin):
    assert facilitator.has_perm("recognition.define_badge")
    assert org_admin.has_perm("recognition.define_badge")
    assert place_admin.has_perm("recognition.define_badge")
    assert not person.has_perm("recognition.define_badge")
    assert not AnonymousUser().has_perm("recognition.define_badge")
    staff = MembershipFactory(role=Role.STAFF).person
    assert not staff.has_perm("recognition.define_badge")


def test_anyone_signed_in_may_nominate(person):
    assert person.has_perm("recognition.nominate")
    assert not AnonymousUser().has_perm("recognition.nominate")
    switched_off = PersonFactory(is_active=False)
    assert not switched_off.has_perm("recognition.nominate")


def test_awarding_is_for_facilitators_and_place_admins_or_everyone_when_peers_may(person, facilitator, place_admin):
    badge = make_badge()
    peers = make_badge("Cooks for thirty", peers_may_award=True)
    assert facilitator.has_perm("recognition.award", badge)
    assert place_admin.has_perm("recognition.award", badge)
    assert not person.has_perm("recognition.award", badge)
    assert person.has_perm("recognition.award", peers)
    assert not AnonymousUser().has_perm("recognition.award", peers)


def test_nobody_may_decide_a_nomination_of_themselves(person, facilitator):
    badge = make_badge(peers_may_award=True)
    of_facilitator = Nomination.objects.create(badge=badge, nominee=facilitator, nominated_by=person, reason="r")
    of_person = Nomination.objects.create(badge=badge, nominee=person, nominated_by=facilitator, reason="r")
    assert not facilitator.has_perm("recognition.award", of_facilitator)
    assert person.has_perm("recognition.award", of_facilitator)
    assert facilitator.has_perm("recognition.award", of_person)
    assert not person.has_perm("recognition.award", of_person)


def test_the_nominations_queue_is_for_people_who_may_award_something(person, facilitator):
    make_badge()
    assert facilitator.has_perm("recognition.view_nominations")
    assert not person.has_perm("recognition.view_nominations")
    make_badge("Cooks for thirty", peers_may_award=True)
    fresh = type(person).objects.get(pk=person.pk)
    assert fresh.has_perm("recognition.view_nominations")


def test_only_the_recipient_answers(person, facilitator):
    award = make_award(recipient=person, status=Award.Status.OFFERED, awarded_by=facilitator)
    assert person.has_perm("recognition.respond", award)
    assert not facilitator.has_perm("recognition.respond", award)
    assert not PersonFactory().has_perm("recognition.respond", award)


def test_taking_back_is_for_place_admins_and_the_awarders_fellow_facilitators(
    organisation, facilitator, org_admin, place_admin, person
):
    award = make_award(awarded_by=facilitator)
    colleague = MembershipFactory(organisation=organisation, role=Role.FACILITATOR).person
    elsewhere = MembershipFactory(organisation=OrganisationFactory(), role=Role.FACILITATOR).person
    assert place_admin.has_perm("recognition.revoke", award)
    assert colleague.has_perm("recognition.revoke", award)
    assert org_admin.has_perm("recognition.revoke", award)
    assert facilitator.has_perm("recognition.revoke", award)
    assert not elsewhere.has_perm("recognition.revoke", award)
    assert not award.recipient.has_perm("recognition.revoke", award)
    assert not person.has_perm("recognition.revoke", award)
    # A badge a peer gave: their organisation's facilitators may take it back, the peer may not.
    peer = MembershipFactory(organisation=organisation, role=Role.MEMBER).person
    by_peer = make_award(badge=make_badge("Cooks for thirty"), awarded_by=peer)
    assert colleague.has_perm("recognition.revoke", by_peer)
    assert not peer.has_perm("recognition.revoke", by_peer)
    assert not elsewhere.has_perm("recognition.revoke", by_peer)


def test_an_award_is_seen_by_others_only_when_shown_on_a_visible_profile(person, facilitator):
    rosa = PersonFactory(preferred_name="Rosa")
    consent_give(person=rosa, topic=ConsentTopic.VISIBLE_PROFILE)
    award = make_award(recipient=rosa, awarded_by=facilitator, status=Award.Status.OFFERED)
    assert rosa.has_perm("recognition.view_award", award)
    assert facilitator.has_perm("recognition.view_award", award)  # gave it
    assert not person.has_perm("recognition.view_award", award)

    Award.objects.filter(pk=award.pk).update(status=Award.Status.ACCEPTED)
    award.refresh_from_db()
    assert not person.has_perm("recognition.view_award", award)

    Award.objects.filter(pk=award.pk).update(shown_on_profile=True)
    award.refresh_from_db()
    assert person.has_perm("recognition.view_award", award)
    assert not AnonymousUser().has_perm("recognition.view_award", award)

    consent_withdraw(person=rosa, topic=ConsentTopic.VISIBLE_PROFILE)
    assert not person.has_perm("recognition.view_award", award)


def test_suggestions_are_for_place_admins_and_facilitators(person, facilitator, place_admin):
    assert facilitator.has_perm("recognition.view_suggestions")
    assert place_admin.has_perm("recognition.view_suggestions")
    assert not person.has_perm("recognition.view_suggestions")
