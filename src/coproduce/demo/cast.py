"""The shapes the demo place is written in. The place itself is in `brackenfold.py`.

The demo is a Python module of frozen dataclasses rather than a JSON file because mypy then checks every
entry against the real choices (`Organisation.Kind`, `Role`), the data ships inside the package with no
package-data rule to remember, and no loader has to parse and validate untyped input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coproduce.organisations.models import Organisation, Role
from coproduce.people.models import Profile, Visibility


@dataclass(frozen=True)
class DemoService:
    name: str
    description: str


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: Organisation.Kind
    description: str
    services: tuple[DemoService, ...] = ()
    website: str = ""


@dataclass(frozen=True)
class DemoMembership:
    organisation: str
    role: Role
    service: str = ""
    # In the person's own words; left empty when the role's own name says it well enough.
    title: str = ""


@dataclass(frozen=True)
class DemoProfile:
    """What a person would say about themselves on their People page, named as `people.Profile` names it.
    Nothing loads it yet: it is written now so the People work has a whole cast to show, not a list of names."""

    about_me: str
    neighbourhood: str
    gifts: tuple[str, ...] = ()
    passions: tuple[str, ...] = ()
    would_like_to_learn: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("English",)
    pronouns: str = ""
    # Special-category information: only some people share it, in their own words, each choosing who sees it.
    lived_experience: str = ""
    lived_experience_visibility: Visibility = Visibility.ONLY_ME
    support_needs: tuple[Profile.Support, ...] = ()
    support_notes: str = ""
    support_visibility: Visibility = Visibility.ONLY_ME


@dataclass(frozen=True)
class DemoPerson:
    preferred_name: str
    email: str
    # Kept so the spread of ages in the cast can be checked; whether a profile shows it is for People to decide.
    age: int
    memberships: tuple[DemoMembership, ...]
    profile: DemoProfile
    phone: str = ""
    is_place_admin: bool = False
    easy_read: bool = False
    larger_text: bool = False
    reduced_motion: bool = False


@dataclass(frozen=True)
class DemoPlace:
    name: str
    description: str
    contact_email: str
    neighbourhoods: tuple[str, ...]
    organisations: tuple[DemoOrganisation, ...]
    people: tuple[DemoPerson, ...] = field(default=())

    @property
    def service_count(self) -> int:
        return sum(len(organisation.services) for organisation in self.organisations)

    @property
    def membership_count(self) -> int:
        return sum(len(person.memberships) for person in self.people)
