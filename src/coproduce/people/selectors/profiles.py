"""Reading a profile for one viewer: only the fields visibility.py lets them see, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coproduce.people.models import ConsentTopic, Person, Profile, ProfileTag, Tag, Visibility
from coproduce.people.visibility import (
    PERSONAL_FIELDS,
    ViewerScope,
    consent_topics_live,
    may_see_field,
    narrowest_level,
)

# Where each field is changed: the sections of the edit pages, which are also the steps of the journey.
FIELD_SECTIONS: dict[str, str] = {
    "about_me": "about",
    "lived_experience": "about",
    "gifts": "gifts",
    "passions": "gifts",
    "learning": "learning",
    "languages": "learning",
    "neighbourhood": "learning",
    "usually_free": "learning",
    "contact": "contact",
    "support": "contact",
}

# (standard label, easy-read label) for each field as it is shown on a profile page.
FIELD_LABELS: dict[str, tuple[Promise, Promise]] = {
    "about_me": (_("About me"), _("About me")),
    "gifts": (_("Gifts and skills"), _("Things I am good at")),
    "passions": (_("Passions and interests"), _("Things I love")),
    "learning": (_("Would like to learn"), _("Things I want to learn")),
    "lived_experience": (_("Lived experience"), _("My life experience")),
    "languages": (_("Languages"), _("Languages I use")),
    "neighbourhood": (_("Neighbourhood"), _("Where I live")),
    "usually_free": (_("Usually free"), _("When I am free")),
    "contact": (_("How to get in touch"), _("How to contact me")),
    "support": (_("Support to take part"), _("Help I need to take part")),
}

TAG_FIELDS = {"gifts": ProfileTag.Kind.GIFT, "passions": ProfileTag.Kind.PASSION, "learning": ProfileTag.Kind.LEARN}


@dataclass(frozen=True)
class ShownTag:
    name: str
    status: str

    @property
    def waiting(self) -> bool:
        return self.status == Tag.Status.PENDING

    @property
    def left_out(self) -> bool:
        return self.status == Tag.Status.REJECTED


@dataclass(frozen=True)
class ProfileRow:
    """One field as this viewer may see it. `items` holds lists (tags, languages, ways, needs)."""

    key: str
    label: str
    easy_label: str
    level: str
    section: str
    text: str = ""
    items: tuple[Any, ...] = ()
    email: str = ""
    phone: str = ""
    # For the owner only: why others do not see this although its level would let them.
    owner_note: str = ""

    @property
    def level_label(self) -> str:
        return str(Visibility(self.level).label)

    @property
    def empty(self) -> bool:
        return not (self.text or self.items or self.email or self.phone)


@dataclass(frozen=True)
class ProfilePage:
    person: Person
    profile: Profile | None
    is_self: bool
    consented: bool
    contact_consented: bool
    viewer_is_facilitator: bool
    about: ProfileRow | None = None
    rows: list[ProfileRow] = field(default_factory=list)

    @property
    def awaiting_confirmation(self) -> bool:
        return self.profile is not None and self.profile.awaiting_confirmation

    @property
    def filled_in_by_name(self) -> str:
        if self.profile is None or self.profile.filled_in_by is None:
            return ""
        return self.profile.filled_in_by.display_name

    @property
    def filled_in_at(self) -> datetime | None:
        return self.profile.filled_in_at if self.profile is not None else None

    @property
    def shows_anything(self) -> bool:
        return self.about is not None or bool(self.rows)


def _profile_of(person: Person) -> Profile | None:
    try:
        return person.profile
    except Profile.DoesNotExist:
        return None


def profile_page(person_id: int, scope: ViewerScope) -> ProfilePage:
    """Everything on a person's page that this viewer may see. Raises Person.DoesNotExist for closed accounts.

    Queries: the person with their profile, their organisations, their consents, then tags and languages only if
    some of them may be seen. The count does not grow with how many tags or languages someone has.
    """
    from coproduce.organisations.models import Membership

    person = Person.objects.select_related("profile__neighbourhood", "profile__filled_in_by").get(
        pk=person_id, is_active=True
    )
    profile = _profile_of(person)
    organisation_ids = frozenset(
        Membership.objects.filter(person=person).order_by().values_list("organisation_id", flat=True)
    )
    topics = consent_topics_live([person.pk])[person.pk]
    consented = ConsentTopic.VISIBLE_PROFILE in topics
    contact_consented = ConsentTopic.CONTACT in topics
    narrowest = narrowest_level(scope, person, person_organisation_ids=organisation_ids, profile_consented=consented)
    is_self = narrowest == Visibility.ONLY_ME
    page_kwargs: dict[str, Any] = {
        "person": person,
        "profile": profile,
        "is_self": is_self,
        "consented": consented,
        "contact_consented": contact_consented,
        "viewer_is_facilitator": scope.is_facilitator,
    }
    if profile is None or narrowest is None:
        return ProfilePage(**page_kwargs)

    visible = {
        key: may_see_field(key, getattr(profile, level_field), narrowest, live_topics=topics)
        for key, level_field in PERSONAL_FIELDS.items()
    }
    tags = _tags(profile, [kind for key, kind in TAG_FIELDS.items() if visible[key]], include_own=is_self)
    languages: tuple[str, ...] = ()
    if visible["languages"]:
        languages = tuple(profile.languages.order_by("name").values_list("name", flat=True))

    def row(key: str, **values: Any) -> ProfileRow:
        label, easy = FIELD_LABELS[key]
        return ProfileRow(
            key=key,
            label=str(label),
            easy_label=str(easy),
            level=getattr(profile, PERSONAL_FIELDS[key]),
            section=FIELD_SECTIONS[key],
            **values,
        )

    contact_ways = set(profile.contact_ways)
    candidates = {
        "about_me": lambda: row("about_me", text=profile.about_me),
        "gifts": lambda: row("gifts", items=tags.get(ProfileTag.Kind.GIFT, ())),
        "passions": lambda: row("passions", items=tags.get(ProfileTag.Kind.PASSION, ())),
        "learning": lambda: row("learning", items=tags.get(ProfileTag.Kind.LEARN, ())),
        "lived_experience": lambda: row("lived_experience", text=profile.lived_experience),
        "languages": lambda: row("languages", items=languages),
        "neighbourhood": lambda: row(
            "neighbourhood", text=profile.neighbourhood.name if profile.neighbourhood is not None else ""
        ),
        "usually_free": lambda: row("usually_free", text=profile.usually_free),
        "contact": lambda: row(
            "contact",
            text=profile.contact_notes,
            items=tuple(str(Profile.ContactWay(w).label) for w in profile.contact_ways if w in Profile.ContactWay),
            # Contact details appear only here, and only while the person agrees to be contacted.
            email=(person.email or "") if contact_consented and "email" in contact_ways else "",
            phone=person.phone if contact_consented and contact_ways & {"phone", "text"} else "",
            owner_note=""
            if contact_consented or not is_self
            else str(_("Nobody else sees this until you agree to be contacted.")),
        ),
        "support": lambda: row(
            "support",
            text=profile.support_notes,
            items=tuple(str(Profile.Support(s).label) for s in profile.support_needs if s in Profile.Support),
        ),
    }
    rows = [candidates[key]() for key in PERSONAL_FIELDS if visible[key]]
    if not is_self:
        # Others see what there is; the owner also sees what is still empty, with a way to fill it in.
        rows = [r for r in rows if not r.empty]
    about = next((r for r in rows if r.key == "about_me"), None)
    return ProfilePage(**page_kwargs, about=about, rows=[r for r in rows if r.key != "about_me"])


def _tags(profile: Profile, kinds: list[str], *, include_own: bool) -> dict[str, tuple[ShownTag, ...]]:
    if not kinds:
        return {}
    held = ProfileTag.objects.filter(profile=profile, kind__in=kinds).select_related("tag").order_by("tag__name")
    if not include_own:
        # Suggestions waiting for review (and ones left out) show only to the person who holds them.
        held = held.filter(tag__status=Tag.Status.APPROVED)
    out: dict[str, list[ShownTag]] = {}
    for item in held:
        out.setdefault(item.kind, []).append(ShownTag(name=item.tag.name, status=item.tag.status))
    return {kind: tuple(items) for kind, items in out.items()}


def profile_for_editing(person: Person) -> Profile:
    """The person's profile, or an unsaved empty one with the default visibility levels for a first visit."""
    return Profile.objects.select_related("neighbourhood", "filled_in_by").filter(person=person).first() or Profile(
        person=person
    )


def profile_tag_names(profile: Profile) -> dict[str, str]:
    """Each kind's tags as the comma-separated text the tag boxes start with."""
    names: dict[str, list[str]] = {kind: [] for kind in ProfileTag.Kind.values}
    if profile.pk is None or profile._state.adding:
        return {kind: "" for kind in names}
    for kind, name in ProfileTag.objects.filter(profile=profile).order_by("tag__name").values_list("kind", "tag__name"):
        names[kind].append(name)
    return {kind: ", ".join(items) for kind, items in names.items()}


def profile_awaiting_confirmation(person: Person) -> Profile | None:
    """The person's profile if a facilitator filled it in with them and they have not confirmed it yet."""
    if not getattr(person, "is_authenticated", False):
        return None
    return (
        Profile.objects.select_related("filled_in_by")
        .filter(person=person, filled_in_by__isnull=False, confirmed_at__isnull=True)
        .first()
    )
