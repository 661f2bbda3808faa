"""Loading the demo place. Safe to run again and again: it only adds what is missing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.accounts.two_factor import needs_two_factor
from coproduce.core.models import Place
from coproduce.core.services import audit_record, place_get
from coproduce.demo.brackenfold import BRACKENFOLD
from coproduce.demo.cast import DemoPerson, DemoPlace
from coproduce.organisations.models import Membership, Organisation, Service
from coproduce.organisations.services import membership_add, organisation_create, service_create
from coproduce.people.models import Person

DEMO_DEVICE_NAME = "Demo device"


class DemoLoadError(RuntimeError):
    pass


@dataclass(frozen=True)
class DemoLoadCounts:
    """How big the demo place is, and how much of it this run had to add."""

    place: str
    organisations: int
    services: int
    people: int
    memberships: int
    place_changed: bool = False
    organisations_added: int = 0
    services_added: int = 0
    people_added: int = 0
    memberships_added: int = 0
    devices_added: int = 0

    @property
    def changed(self) -> bool:
        return self.place_changed or any(
            (
                self.organisations_added,
                self.services_added,
                self.people_added,
                self.memberships_added,
                self.devices_added,
            )
        )


def demo_place_load(demo: DemoPlace = BRACKENFOLD) -> DemoLoadCounts:
    """Create whatever part of the demo place is missing, matching existing rows by their natural keys.

    Rows that already exist are left exactly as they are, even if the data file has moved on, so that a demo
    somebody has been clicking around in is never quietly rewritten underneath them.
    """
    with transaction.atomic():
        if Person.objects.filter(is_demo=False).exists():
            # Loading would rename the place and add made-up people beside real ones.
            raise DemoLoadError(
                "This database already has real people in it, so the demo place was not loaded. "
                "Use a fresh database for the demo."
            )
        place_changed = _place_describe(demo)
        organisations, services, organisations_added, services_added = _organisations_ensure(demo)
        people, people_added = _people_ensure(demo)
        memberships_added = _memberships_ensure(demo, people, organisations, services)
        devices_added = _demo_devices_ensure(list(people.values()))
    return DemoLoadCounts(
        place=demo.name,
        organisations=len(demo.organisations),
        services=demo.service_count,
        people=len(demo.people),
        memberships=demo.membership_count,
        place_changed=place_changed,
        organisations_added=organisations_added,
        services_added=services_added,
        people_added=people_added,
        memberships_added=memberships_added,
        devices_added=devices_added,
    )


def _place_describe(demo: DemoPlace) -> bool:
    place = Place.objects.select_for_update().get(pk=place_get().pk)
    wanted = {"name": demo.name, "description": demo.description, "contact_email": demo.contact_email}
    changed = sorted(field for field, value in wanted.items() if getattr(place, field) != value)
    if not changed:
        return False
    for field in changed:
        setattr(place, field, wanted[field])
    place.save()
    audit_record(actor=None, action="place.update", target=place, detail={"changed": changed, "source": "demo"})
    return True


def _organisations_ensure(
    demo: DemoPlace,
) -> tuple[dict[str, Organisation], dict[tuple[str, str], Service], int, int]:
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[o.name for o in demo.organisations])}
    services = {
        (s.organisation.name, s.name): s
        for s in Service.objects.filter(organisation__in=organisations.values()).select_related("organisation")
    }
    organisations_added = services_added = 0
    for entry in demo.organisations:
        organisation = organisations.get(entry.name)
        if organisation is None:
            organisation = organisation_create(
                actor=None,
                name=entry.name,
                kind=entry.kind,
                description=entry.description,
                website=entry.website,
            )
            organisations[entry.name] = organisation
            organisations_added += 1
        for service_entry in entry.services:
            if (entry.name, service_entry.name) in services:
                continue
            services[(entry.name, service_entry.name)] = service_create(
                actor=None, organisation=organisation, name=service_entry.name, description=service_entry.description
            )
            services_added += 1
    return organisations, services, organisations_added, services_added


def _people_ensure(demo: DemoPlace) -> tuple[dict[str, Person], int]:
    emails = [entry.email for entry in demo.people]
    people = {p.email: p for p in Person.objects.filter(email__in=emails) if p.email}
    strangers = sorted(email for email, person in people.items() if not person.is_demo)
    if strangers:
        # Demo memberships and a one-click sign-in must never attach themselves to a real account.
        raise DemoLoadError(f"These addresses belong to people who are not demo people: {', '.join(strangers)}")
    added = 0
    for entry in demo.people:
        if entry.email not in people:
            people[entry.email] = _demo_person_create(entry)
            added += 1
    return people, added


def _demo_person_create(entry: DemoPerson) -> Person:
    with transaction.atomic():
        # No password: demo people can only be signed in as through the demo buttons, and only in demo mode.
        person = Person.objects.create_user(
            email=entry.email,
            password=None,
            preferred_name=entry.preferred_name,
            phone=entry.phone,
            is_demo=True,
            is_place_admin=entry.is_place_admin,
            easy_read=entry.easy_read,
            larger_text=entry.larger_text,
            reduced_motion=entry.reduced_motion,
        )
        audit_record(actor=None, action="person.create", target=person, detail={"source": "demo"})
    return person


def _memberships_ensure(
    demo: DemoPlace,
    people: dict[str, Person],
    organisations: dict[str, Organisation],
    services: dict[tuple[str, str], Service],
) -> int:
    existing: set[tuple[int, int, int | None, str]] = set(
        Membership.objects.filter(person__in=people.values()).values_list(
            "person_id", "organisation_id", "service_id", "role"
        )
    )
    added = 0
    for entry in demo.people:
        person = people[entry.email]
        for membership in entry.memberships:
            try:
                organisation = organisations[membership.organisation]
                service = services[(membership.organisation, membership.service)] if membership.service else None
            except KeyError as exc:
                raise DemoLoadError(f"{entry.email} belongs to {exc.args[0]!r}, which the demo does not have") from exc
            key = (person.pk, organisation.pk, service.pk if service else None, str(membership.role))
            if key in existing:
                continue
            membership_add(
                actor=None,
                person=person,
                organisation=organisation,
                service=service,
                role=membership.role,
                title=membership.title,
            )
            existing.add(key)
            added += 1
    return added


def _demo_devices_ensure(people: list[Person]) -> int:
    """Give everyone who must use a second factor a confirmed device, so the demo button can count them as
    verified. Its secret is random and never shown: in demo mode nobody needs to type a code."""
    with_device = set(
        TOTPDevice.objects.filter(user__in=people, name=DEMO_DEVICE_NAME, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    added = 0
    for person in people:
        if person.pk in with_device or not needs_two_factor(person):
            continue
        with transaction.atomic():
            device = TOTPDevice.objects.create(user=person, name=DEMO_DEVICE_NAME, confirmed=True)
            audit_record(
                actor=None,
                action="person.two_factor_add",
                target=person,
                detail={"device": device.persistent_id, "source": "demo"},
            )
        added += 1
    return added
