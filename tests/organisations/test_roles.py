import pytest

from coproduce.organisations import services
from coproduce.organisations.models import Role
from tests.factories import OrganisationFactory, PersonFactory


@pytest.mark.django_db
def test_roles_are_read_once_per_person_object(django_assert_num_queries):
    person = PersonFactory()
    organisation = OrganisationFactory()
    services.membership_add(actor=None, person=person, organisation=organisation, role=Role.FACILITATOR)
    with django_assert_num_queries(1):
        for _ in range(5):
            assert person.has_perm("organisations.invite_people")
            assert person.has_perm("people.curate_tags")
            assert not person.has_perm("organisations.manage_members", organisation)


@pytest.mark.django_db
def test_changing_roles_is_seen_at_once_by_the_same_person_object():
    person = PersonFactory()
    organisation = OrganisationFactory()
    assert not person.has_perm("organisations.manage_members", organisation)
    membership = services.membership_add(actor=None, person=person, organisation=organisation, role=Role.ORG_ADMIN)
    assert person.has_perm("organisations.manage_members", organisation)
    services.membership_add(actor=None, person=PersonFactory(), organisation=organisation, role=Role.ORG_ADMIN)
    services.membership_remove(actor=person, membership=membership)
    assert not person.has_perm("organisations.manage_members", organisation)
