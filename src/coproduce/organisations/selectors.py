from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from coproduce.organisations.models import Membership, Organisation, Service
from coproduce.people.models import Person


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(
        service_count=Count("services", distinct=True), member_count=Count("memberships__person", distinct=True)
    ).order_by("name")


def organisation_detail(slug: str) -> Organisation:
    return Organisation.objects.prefetch_related(Prefetch("services", queryset=Service.objects.order_by("name"))).get(
        slug=slug
    )


def organisation_memberships(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, person__is_active=True)
        .select_related("person", "service")
        .order_by("person__preferred_name", "role")
    )


def person_memberships(person: Person) -> QuerySet[Membership]:
    return Membership.objects.filter(person=person).select_related("organisation", "service")


def organisations_person_can_facilitate(person: Person) -> QuerySet[Organisation]:
    if person.is_place_admin:
        return Organisation.objects.order_by("name")
    return (
        Organisation.objects.filter(memberships__person=person, memberships__role__in=["facilitator", "org_admin"])
        .distinct()
        .order_by("name")
    )
