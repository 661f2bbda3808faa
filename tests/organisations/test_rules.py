"""One test per rule, each asked of every kind of person."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coproduce.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def cast(db):
    home = OrganisationFactory(name="Home Org")
    elsewhere = OrganisationFactory(name="Other Org")

    def member(role, org=home):
        return MembershipFactory(organisation=org, role=role).person

    return {
        "home": home,
        "elsewhere": elsewhere,
        "visitor": AnonymousUser(),
        "member": member(Role.MEMBER),
        "uses_service": member(Role.USES_SERVICE),
        "staff": member(Role.STAFF),
        "facilitator": member(Role.FACILITATOR),
        "org_admin": member(Role.ORG_ADMIN),
        "other_admin": member(Role.ORG_ADMIN, elsewhere),
        "place_admin": PersonFactory(is_place_admin=True),
        "closed_admin": PersonFactory(is_place_admin=True, is_active=False),
    }


EVERYONE = [
    "visitor",
    "member",
    "uses_service",
    "staff",
    "facilitator",
    "org_admin",
    "other_admin",
    "place_admin",
    "closed_admin",
]


@pytest.mark.parametrize(
    ("perm", "on_home", "allowed"),
    [
        ("organisations.view_organisation", True, set(EVERYONE)),
        ("organisations.add_organisation", False, {"place_admin"}),
        ("organisations.change_organisation", True, {"org_admin", "place_admin"}),
        ("organisations.add_service", True, {"org_admin", "place_admin"}),
        ("organisations.manage_members", True, {"org_admin", "place_admin"}),
        ("organisations.view_members", True, set(EVERYONE) - {"visitor", "closed_admin"}),
        ("organisations.invite_people", False, {"facilitator", "org_admin", "other_admin", "place_admin"}),
        ("core.administer_place", False, {"place_admin"}),
        ("core.view_audit_log", False, {"place_admin"}),
        ("people.change_own_preferences", False, set(EVERYONE) - {"visitor", "closed_admin"}),
    ],
)
def test_rule(cast, perm, on_home, allowed):
    obj = cast["home"] if on_home else None
    granted = {name for name in EVERYONE if cast[name].has_perm(perm, obj)}
    assert granted == allowed
