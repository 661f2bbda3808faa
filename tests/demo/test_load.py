from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.core.models import AuditEntry, Place
from coproduce.demo.brackenfold import BRACKENFOLD
from coproduce.demo.services import DEMO_DEVICE_NAME, DemoLoadError, demo_place_load
from coproduce.organisations.models import Membership, Organisation, Role, Service
from coproduce.people.models import (
    Consent,
    Language,
    Neighbourhood,
    Person,
    Profile,
    ProfileTag,
    SearchEntry,
    Tag,
)
from tests.factories import PersonFactory


def _row_counts() -> dict[str, int]:
    return {
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "services": Service.objects.count(),
        "memberships": Membership.objects.count(),
        "audit": AuditEntry.objects.count(),
        "devices": TOTPDevice.objects.count(),
        "places": Place.objects.count(),
        # People's profiles, and everything loading them adds.
        "profiles": Profile.objects.count(),
        "profile_tags": ProfileTag.objects.count(),
        "tags": Tag.objects.count(),
        "languages": Language.objects.count(),
        "neighbourhoods": Neighbourhood.objects.count(),
        "consents": Consent.objects.count(),
        "search_entries": SearchEntry.objects.count(),
    }


@pytest.mark.django_db
def test_loading_twice_changes_nothing_the_second_time():
    first = demo_place_load()
    after_first = _row_counts()
    second = demo_place_load()

    assert first.changed
    assert not second.changed
    assert _row_counts() == after_first
    assert after_first["people"] == len(BRACKENFOLD.people)
    assert after_first["memberships"] == BRACKENFOLD.membership_count


@pytest.mark.django_db
def test_command_says_what_it_loaded_then_that_nothing_changed():
    out = StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=out)
    first, second = out.getvalue().strip().splitlines()
    assert re.fullmatch(r"Loaded the demo place Brackenfold: \d+ organisations, \d+ services, \d+ people\.", first)
    assert second == "The demo place Brackenfold is already loaded, nothing changed."


@pytest.mark.django_db
def test_a_partly_loaded_demo_is_completed_without_duplicates():
    demo_place_load()
    Membership.objects.filter(person__email="sam.hughes@brackenfold.example").delete()
    Person.objects.filter(email="kai.brooks@brackenfold.example").delete()

    counts = demo_place_load()

    assert counts.people_added == 1
    assert counts.memberships_added == 3
    assert counts.organisations_added == counts.services_added == 0
    assert Person.objects.count() == len(BRACKENFOLD.people)
    assert Membership.objects.count() == BRACKENFOLD.membership_count


def test_the_demo_is_big_enough_and_everyone_is_different():
    people = BRACKENFOLD.people
    assert len(BRACKENFOLD.organisations) >= 5
    assert all(organisation.services for organisation in BRACKENFOLD.organisations)
    assert 35 <= len(people) <= 45
    assert len({p.email for p in people}) == len(people)
    assert len({p.preferred_name for p in people}) == len(people), "each button must name a different person"
    assert all(re.fullmatch(r"[a-z]+\.[a-z]+@brackenfold\.example", p.email) for p in people)
    assert {m.role for p in people for m in p.memberships} == set(Role)
    ages = [p.age for p in people]
    assert min(ages) < 20 and max(ages) >= 80
    assert sum(1 for p in people if p.is_place_admin) == 1
    assert sum(1 for p in people if any(m.role == Role.ORG_ADMIN for m in p.memberships)) >= 2
    assert sum(1 for p in people if any(m.role == Role.FACILITATOR for m in p.memberships)) >= 2
    assert sum(1 for p in people if len({m.role for m in p.memberships}) > 1) >= 10, "roles should blur"
    assert any(p.easy_read for p in people) and any(p.larger_text for p in people)
    assert {p.profile.neighbourhood for p in people} == set(BRACKENFOLD.neighbourhoods)
    assert 5 <= len(BRACKENFOLD.neighbourhoods) <= 6
    assert all(p.profile.about_me for p in people)
    assert 0 < sum(1 for p in people if p.profile.lived_experience) < len(people)


@pytest.mark.django_db
def test_the_loaded_place_has_organisations_with_services_and_people_in_every_role(demo):
    place = Place.objects.get()
    assert place.name == "Brackenfold"
    assert place.contact_email.endswith(".example")
    assert Organisation.objects.filter(services__isnull=False).distinct().count() >= 5
    assert 35 <= Person.objects.filter(is_demo=True).count() <= 45
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert Person.objects.filter(is_place_admin=True, is_demo=True).count() == 1
    assert not any(p.has_usable_password() for p in Person.objects.all())


@pytest.mark.django_db
def test_every_write_is_audited_with_the_system_as_actor(demo):
    actions = dict.fromkeys(("organisation.create", "service.create", "membership.add", "person.create"), 0)
    for entry in AuditEntry.objects.all():
        assert entry.actor is None
        if entry.action in actions:
            actions[entry.action] += 1
    assert actions == {
        "organisation.create": demo.organisations,
        "service.create": demo.services,
        "membership.add": demo.memberships,
        "person.create": demo.people,
    }


@pytest.mark.django_db
def test_admins_and_only_admins_get_a_confirmed_demo_device(demo):
    admins = Person.objects.filter(is_place_admin=True) | Person.objects.filter(memberships__role=Role.ORG_ADMIN)
    admin_ids = set(admins.values_list("pk", flat=True))
    device_owners = set(
        TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, confirmed=True).values_list("user_id", flat=True)
    )
    assert len(admin_ids) >= 3
    assert device_owners == admin_ids


@pytest.mark.django_db
def test_display_preferences_come_from_the_data(demo):
    sam = Person.objects.get(email="sam.hughes@brackenfold.example")
    peggy = Person.objects.get(email="margaret.ellis@brackenfold.example")
    assert sam.easy_read and not sam.larger_text
    assert peggy.larger_text and peggy.preferred_name == "Peggy Ellis"


@pytest.mark.django_db
def test_refuses_to_attach_the_demo_to_a_real_account():
    PersonFactory(email="priya.raman@brackenfold.example", is_demo=False)
    with pytest.raises(DemoLoadError):
        demo_place_load()
    assert Organisation.objects.count() == 0, "a refused load leaves nothing behind"


@pytest.mark.django_db
def test_refuses_to_load_into_a_place_with_real_people():
    from django.core.management import CommandError, call_command

    PersonFactory(email="someone.real@example.org", is_demo=False)
    with pytest.raises(CommandError, match="real people"):
        call_command("demo")
    assert Organisation.objects.count() == 0


def _max_length(model: type, field: str) -> int:
    return model._meta.get_field(field).max_length


def test_the_demo_fits_the_models_it_will_be_loaded_into():
    from coproduce.people.models import Language, Neighbourhood, Profile, Tag

    for organisation in BRACKENFOLD.organisations:
        assert len(organisation.name) <= _max_length(Organisation, "name")
        assert len(organisation.description) <= _max_length(Organisation, "description")
        for service in organisation.services:
            assert len(service.name) <= _max_length(Service, "name")
            assert len(service.description) <= _max_length(Service, "description")
    for person in BRACKENFOLD.people:
        profile = person.profile
        assert len(person.preferred_name) <= _max_length(Person, "preferred_name")
        assert all(len(m.title) <= _max_length(Membership, "title") for m in person.memberships)
        assert len(profile.about_me) <= _max_length(Profile, "about_me")
        assert len(profile.lived_experience) <= _max_length(Profile, "lived_experience")
        assert len(profile.support_notes) <= _max_length(Profile, "support_notes")
        assert len(profile.neighbourhood) <= _max_length(Neighbourhood, "name")
        assert all(len(name) <= _max_length(Language, "name") for name in profile.languages)
        for tag in (*profile.gifts, *profile.passions, *profile.would_like_to_learn):
            assert len(tag) <= _max_length(Tag, "name"), tag


def test_people_choose_different_people_to_share_lived_experience_with():
    shared = [p.profile for p in BRACKENFOLD.people if p.profile.lived_experience]
    assert len({profile.lived_experience_visibility for profile in shared}) >= 3
    assert any(p.profile.support_needs for p in BRACKENFOLD.people)
