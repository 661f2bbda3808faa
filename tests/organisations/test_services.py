import pytest

from coproduce.core.models import AuditEntry
from coproduce.organisations import services
from coproduce.organisations.models import Membership, Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory


@pytest.mark.django_db
def test_organisation_create_makes_a_unique_slug_and_audits(place_admin):
    first = services.organisation_create(actor=place_admin, name="Kiln Lane Trust", kind="charity")
    second = services.organisation_create(actor=place_admin, name="Kiln Lane Trust!", kind="charity")
    assert first.slug == "kiln-lane-trust"
    assert second.slug == "kiln-lane-trust-2"
    assert AuditEntry.objects.filter(action="organisation.create").count() == 2


@pytest.mark.django_db
def test_one_person_holds_several_roles(organisation, person, facilitator):
    services.membership_add(actor=facilitator, person=person, organisation=organisation, role=Role.CARER)
    services.membership_add(actor=facilitator, person=person, organisation=organisation, role=Role.VOLUNTEER)
    assert set(person.memberships.values_list("role", flat=True)) == {"carer", "volunteer"}


@pytest.mark.django_db
def test_the_same_role_twice_is_refused_plainly(organisation, person, facilitator):
    services.membership_add(actor=facilitator, person=person, organisation=organisation, role=Role.STAFF)
    with pytest.raises(services.MembershipError, match="already has that role"):
        services.membership_add(actor=facilitator, person=person, organisation=organisation, role=Role.STAFF)
    assert person.memberships.count() == 1


@pytest.mark.django_db
def test_service_of_another_organisation_is_refused(organisation, person, facilitator):
    foreign = ServiceFactory()
    with pytest.raises(services.MembershipError):
        services.membership_add(
            actor=facilitator, person=person, organisation=organisation, role=Role.USES_SERVICE, service=foreign
        )


@pytest.mark.django_db
def test_closed_account_cannot_be_given_a_role(organisation, facilitator):
    closed = PersonFactory(is_active=False)
    with pytest.raises(services.MembershipError, match="closed"):
        services.membership_add(actor=facilitator, person=closed, organisation=organisation, role=Role.MEMBER)


@pytest.mark.django_db
def test_last_admin_cannot_be_removed_by_an_org_admin(organisation, org_admin):
    membership = Membership.objects.get(person=org_admin, role=Role.ORG_ADMIN)
    with pytest.raises(services.MembershipError, match="at least one admin"):
        services.membership_remove(actor=org_admin, membership=membership)
    second = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN).person
    services.membership_remove(actor=second, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="membership.remove").count() == 1


@pytest.mark.django_db
def test_services_in_the_same_organisation_get_distinct_slugs(place_admin):
    organisation = OrganisationFactory()
    a = services.service_create(actor=place_admin, organisation=organisation, name="Drop-in")
    b = services.service_create(actor=place_admin, organisation=OrganisationFactory(), name="Drop-in")
    assert a.slug == b.slug == "drop-in"
