"""Loading the demo place. Safe to run again and again: it only adds what is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.accounts.two_factor import needs_two_factor
from coproduce.core.models import Place
from coproduce.core.services import audit_record, place_get
from coproduce.demo.assets import demo_assets_ensure
from coproduce.demo.brackenfold import BRACKENFOLD
from coproduce.demo.cast import DemoPerson, DemoPlace
from coproduce.demo.learn_goals import demo_learn_goals_ensure
from coproduce.demo.learn_sessions import demo_learn_sessions_ensure
from coproduce.demo.plans import demo_plans_ensure
from coproduce.demo.recognition import demo_recognition_ensure
from coproduce.demo.reflect import demo_reflect_ensure
from coproduce.demo.stories import demo_stories_ensure
from coproduce.demo.story_responses import demo_story_responses_ensure
from coproduce.demo.story_themes import demo_story_themes_ensure
from coproduce.demo.timebank import demo_timebank_ensure
from coproduce.organisations.models import Membership, Organisation, Service
from coproduce.organisations.services import membership_add, organisation_create, service_create
from coproduce.people.models import Consent, ConsentTopic, Language, Neighbourhood, Person, Profile, ProfileTag, Tag
from coproduce.people.selectors.tags import tags_match
from coproduce.people.services.consent import consent_wording_current
from coproduce.people.services.profiles import JOURNEY_STEPS, ProfileChanges, TagChoice, profile_update
from coproduce.people.services.tags import TagError, language_create, neighbourhood_create, tag_create

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
    neighbourhoods_added: int = 0
    profiles_added: int = 0
    assets_added: int = 0
    timebank_added: int = 0
    plans_added: int = 0
    rounds_added: int = 0
    learning_added: int = 0
    sessions_added: int = 0
    badges_added: int = 0
    stories_added: int = 0

    @property
    def changed(self) -> bool:
        return self.place_changed or any(
            (
                self.organisations_added,
                self.services_added,
                self.people_added,
                self.memberships_added,
                self.devices_added,
                self.neighbourhoods_added,
                self.profiles_added,
                self.assets_added,
                self.timebank_added,
                self.plans_added,
                self.rounds_added,
                self.learning_added,
                self.sessions_added,
                self.badges_added,
                self.stories_added,
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
        neighbourhoods = _neighbourhoods_ensure(demo)
        profiles_added = _profiles_ensure(demo, people, neighbourhoods)
        assets_added = demo_assets_ensure()
        timebank_added = demo_timebank_ensure(people, organisations)
        plans_added = demo_plans_ensure(people, organisations)
        rounds_added = demo_reflect_ensure(people, organisations)
        learning_added = demo_learn_goals_ensure(people, organisations)
        sessions_added = demo_learn_sessions_ensure(people, organisations)
        badges_added = demo_recognition_ensure(people, organisations)
        stories_added = demo_stories_ensure(people, organisations)
        # Services' responses to those stories, feedback to managers and a venue's tablet link count with them.
        stories_added += demo_story_responses_ensure(people, organisations)
        # Last, once every story and piece of feedback is in: search the stories, and find their themes.
        stories_added += demo_story_themes_ensure()
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
        neighbourhoods_added=sum(1 for _name, added in neighbourhoods.values() if added),
        profiles_added=profiles_added,
        assets_added=assets_added,
        timebank_added=timebank_added,
        plans_added=plans_added,
        rounds_added=rounds_added,
        learning_added=learning_added,
        sessions_added=sessions_added,
        badges_added=badges_added,
        stories_added=stories_added,
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


def _neighbourhoods_ensure(demo: DemoPlace) -> dict[str, tuple[Neighbourhood, bool]]:
    """The place's own neighbourhoods: name -> (row, whether this run added it)."""
    existing = {n.name: n for n in Neighbourhood.objects.filter(name__in=demo.neighbourhoods)}
    out: dict[str, tuple[Neighbourhood, bool]] = {}
    for name in demo.neighbourhoods:
        if name in existing:
            out[name] = (existing[name], False)
        else:
            out[name] = (neighbourhood_create(actor=None, name=name), True)
    return out


def _profiles_ensure(
    demo: DemoPlace, people: dict[str, Person], neighbourhoods: dict[str, tuple[Neighbourhood, bool]]
) -> int:
    """Load each demo person's profile block, once. A profile that exists is left alone: someone clicking around
    the demo may have changed it, and that is the point of a demo."""
    have = set(Profile.objects.filter(person__in=list(people.values())).values_list("person_id", flat=True))
    missing = [entry for entry in demo.people if people[entry.email].pk not in have]
    languages = {language.name.casefold(): language for language in Language.objects.all()}
    for entry in missing:
        person = people[entry.email]
        profile = entry.profile
        with transaction.atomic():
            # Before the profile, so the profile's own re-index already finds it visible.
            _demo_consents_give(person)
            profile_update(
                actor=None,
                person=person,
                changes=ProfileChanges(
                    fields={
                        "about_me": profile.about_me,
                        "neighbourhood": neighbourhoods[profile.neighbourhood][0],
                        "lived_experience": profile.lived_experience,
                        "lived_experience_visibility": profile.lived_experience_visibility,
                        "support_needs": [str(need) for need in profile.support_needs],
                        "support_notes": profile.support_notes,
                        "support_visibility": profile.support_visibility,
                        "contact_ways": ["email", "phone"] if entry.phone else ["email"],
                    },
                    languages=[_demo_language(name, languages) for name in profile.languages],
                    tags={
                        ProfileTag.Kind.GIFT: TagChoice(tags=_demo_tags(profile.gifts, person)),
                        ProfileTag.Kind.PASSION: TagChoice(tags=_demo_tags(profile.passions, person)),
                        ProfileTag.Kind.LEARN: TagChoice(tags=_demo_tags(profile.would_like_to_learn, person)),
                    },
                ),
                journey_reached=JOURNEY_STEPS,
                journey_finished=True,
            )
    return len(missing)


def _demo_language(name: str, languages: dict[str, Language]) -> Language:
    # "Scottish Gaelic (a little)" is someone's own way of saying how well; the list holds the language.
    plain = re.sub(r"\s*\(.*\)\s*$", "", name).strip()
    language = languages.get(plain.casefold())
    if language is None:
        language = language_create(actor=None, name=plain)
        languages[plain.casefold()] = language
    return language


def _demo_tags(names: tuple[str, ...], person: Person) -> list[Tag]:
    """The same matching people get when they type ("Budgets" finds Money and budgeting). A name the list does
    not have joins it, approved: the demo is a place whose list has grown with its people."""
    match = tags_match(list(names), person=person)
    tags = list(match.known)
    for name in match.unknown:
        try:
            tags.append(tag_create(actor=None, name=name))
        except TagError:
            # Someone's suggestion of the same name is waiting; the demo does not decide it for them.
            continue
    return tags


def _demo_consents_give(person: Person) -> None:
    """Demo people agree to a visible profile and to being contacted, as if online. Recorded directly rather than
    through consent_give so the system, not the made-up person, is the actor in the audit log."""
    for topic in (ConsentTopic.VISIBLE_PROFILE, ConsentTopic.CONTACT):
        if Consent.objects.filter(person=person, topic=topic, withdrawn_at__isnull=True).exists():
            continue
        wording = consent_wording_current(topic)
        Consent.objects.create(
            person=person, topic=topic, wording=wording, how=Consent.How.ONLINE, given_at=timezone.now()
        )
        audit_record(
            actor=None,
            action="consent.give",
            target=person,
            detail={"topic": str(topic), "version": wording.version, "how": Consent.How.ONLINE, "source": "demo"},
        )
