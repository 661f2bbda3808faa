"""People suggested for badges at the thresholds the place sets."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from coproduce.learn.models import SessionTrainer, TrainingSession
from coproduce.people.models import Person
from coproduce.recognition.models import Award, Badge, Nomination
from coproduce.recognition.selectors.suggestions import badge_suggestions
from tests.factories import OrganisationFactory, PersonFactory, StoryFactory
from tests.recognition.credential_support import make_badge


def trained(person: Person, n: int, *, held: bool = True, lived_experience: bool = True) -> None:
    organisation = OrganisationFactory()
    for i in range(n):
        session = TrainingSession.objects.create(
            kind=TrainingSession.Kind.ALTERNATIVE,
            title=f"Session {i}",
            description="Carers talk with new staff.",
            organisation=organisation,
            starts_at=timezone.now() - timedelta(days=i + 1),
            held_at=timezone.now() - timedelta(days=i) if held else None,
        )
        SessionTrainer.objects.create(session=session, person=person, lived_experience=lived_experience)


def trainers_badge(at: int = 2, **fields):  # type: ignore[no-untyped-def]
    return make_badge("Has trained staff", suggest_for=Badge.SuggestFor.SESSIONS_TRAINED, suggest_at=at, **fields)


def test_people_who_trained_enough_held_sessions_from_lived_experience_are_suggested(db):
    badge = trainers_badge(at=2)
    ruth, joy, tom, kai = (PersonFactory(preferred_name=name) for name in ("Ruth", "Joy", "Tom", "Kai"))
    trained(ruth, 3)
    trained(joy, 1)  # not enough
    trained(tom, 2, held=False)  # not held yet
    trained(kai, 2, lived_experience=False)  # trained as staff, not from lived experience
    [group] = badge_suggestions()
    assert group.badge == badge and group.available
    assert [(s.person, s.count, s.nominated) for s in group.people] == [(ruth, 3, False)]


def test_people_who_had_the_badge_or_closed_accounts_are_not_suggested_and_nominations_are_marked(db):
    badge = trainers_badge(at=1)
    had, declined, nominated, closed = (PersonFactory() for _ in range(4))
    for person in (had, declined, nominated, closed):
        trained(person, 1)
    Award.objects.create(badge=badge, recipient=had, evidence="e", status=Award.Status.ACCEPTED)
    Award.objects.create(badge=badge, recipient=declined, evidence="e", status=Award.Status.DECLINED)
    Nomination.objects.create(badge=badge, nominee=nominated, reason="r")
    Person.objects.filter(pk=closed.pk).update(closed_at=timezone.now(), is_active=False)
    [group] = badge_suggestions()
    assert [(s.person, s.nominated) for s in group.people] == [(nominated, True)]


def gathered(person: Person, n: int, **fields) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        StoryFactory(gathered_by=person, **fields)


def test_people_who_gathered_enough_published_stories_are_suggested(db):
    badge = make_badge("Story gatherer", suggest_for=Badge.SuggestFor.STORIES_GATHERED, suggest_at=2)
    make_badge("Listens well")  # suggests nobody
    make_badge("Old", suggest_for=Badge.SuggestFor.STORIES_GATHERED, suggest_at=1, retired_at=timezone.now())
    amira, bea, cal, dee = (PersonFactory(preferred_name=name) for name in ("Amira", "Bea", "Cal", "Dee"))
    gathered(amira, 3)
    gathered(bea, 1)  # not enough
    gathered(bea, 2, status="withdrawn")  # taken back by their tellers: they no longer count
    gathered(cal, 2, status="waiting")  # not published yet
    trained(dee, 5)  # trained, but gathered nothing
    [group] = badge_suggestions()
    assert group.badge == badge and group.available
    assert [(s.person, s.count) for s in group.people] == [(amira, 3)]


def test_each_kind_of_badge_counts_its_own_thing(db):
    make_badge("Story gatherer", suggest_for=Badge.SuggestFor.STORIES_GATHERED, suggest_at=1)
    trainers_badge(at=1)
    amira, tom = PersonFactory(preferred_name="Amira"), PersonFactory(preferred_name="Tom")
    gathered(amira, 1)
    trained(tom, 1)
    by_badge = {group.badge.name: [s.person for s in group.people] for group in badge_suggestions()}
    assert by_badge == {"Story gatherer": [amira], "Has trained staff": [tom]}


def test_the_suggestions_page_is_for_facilitators(client_for, person, facilitator):
    trainers_badge(at=1)
    make_badge("Story gatherer", suggest_for=Badge.SuggestFor.STORIES_GATHERED, suggest_at=5)
    ruth = PersonFactory(preferred_name="Ruth")
    trained(ruth, 2)
    url = reverse("recognition:suggestions")
    assert client_for(person).get(url).status_code == 403
    page = client_for(facilitator).get(url).content.decode()
    assert "Ruth" in page and f"/badges/has-trained-staff/award/?person={ruth.pk}" in page
    assert "We cannot count this yet" not in page


def test_the_suggestions_page_does_not_grow_in_queries(client_for, facilitator, django_assert_max_num_queries):
    client = client_for(facilitator)
    trainers_badge(at=1)
    for _ in range(2):
        trained(PersonFactory(), 1)
    client.get(reverse("recognition:suggestions"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("recognition:suggestions"))
    for i in range(8):
        make_badge(f"Trainer {i}", suggest_for=Badge.SuggestFor.SESSIONS_TRAINED, suggest_at=1)
        trained(PersonFactory(), 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("recognition:suggestions")).content.decode()
    assert "Trainer 7" in page
