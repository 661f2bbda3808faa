"""Every write to organisations, services and memberships, each with its audit row in the same transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.organisations.models import Membership, Organisation, Role, Service
from coproduce.organisations.roles import forget_held_roles
from coproduce.people.models import Person


class MembershipError(ValueError):
    pass


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:150] or "organisation"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def organisation_create(
    *, actor: Person | None, name: str, kind: str, description: str = "", website: str = ""
) -> Organisation:
    with transaction.atomic():
        taken = set(Organisation.objects.filter(slug__startswith=slugify(name)[:150]).values_list("slug", flat=True))
        organisation = Organisation.objects.create(
            name=name, slug=_unique_slug(name, taken), kind=kind, description=description, website=website
        )
        audit_record(actor=actor, action="organisation.create", target=organisation)
    return organisation


def organisation_update(
    *, actor: Person, organisation: Organisation, name: str, kind: str, description: str, website: str
) -> Organisation:
    with transaction.atomic():
        changed = sorted(
            field
            for field, value in {"name": name, "kind": kind, "description": description, "website": website}.items()
            if getattr(organisation, field) != value
        )
        organisation.name, organisation.kind = name, kind
        organisation.description, organisation.website = description, website
        organisation.save()
        audit_record(actor=actor, action="organisation.update", target=organisation, detail={"changed": changed})
    return organisation


def service_create(*, actor: Person | None, organisation: Organisation, name: str, description: str = "") -> Service:
    with transaction.atomic():
        taken = set(organisation.services.values_list("slug", flat=True))
        service = Service.objects.create(
            organisation=organisation, name=name, slug=_unique_slug(name, taken), description=description
        )
        audit_record(actor=actor, action="service.create", target=service)
    return service


def membership_add(
    *,
    actor: Person | None,
    person: Person,
    organisation: Organisation,
    role: str,
    service: Service | None = None,
    title: str = "",
) -> Membership:
    if role not in Role.values:
        raise MembershipError(_("Choose a role from the list."))
    if service is not None and service.organisation_id != organisation.pk:
        raise MembershipError(_("That service belongs to another organisation."))
    if not person.is_active:
        raise MembershipError(_("That account is closed."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                person=person, organisation=organisation, service=service, role=role, title=title
            )
            audit_record(
                actor=actor,
                action="membership.add",
                target=membership,
                detail={"person": person.pk, "organisation": organisation.pk, "role": role},
            )
    except IntegrityError as exc:
        raise MembershipError(_("%(name)s already has that role here.") % {"name": person.display_name}) from exc
    forget_held_roles(person)
    return membership


def membership_remove(*, actor: Person, membership: Membership) -> None:
    with transaction.atomic():
        organisation = membership.organisation
        if (
            membership.role == Role.ORG_ADMIN
            and not Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN)
            .exclude(pk=membership.pk)
            .exists()
            and not actor.is_place_admin
        ):
            raise MembershipError(_("An organisation needs at least one admin. Add another admin first."))
        audit_record(
            actor=actor,
            action="membership.remove",
            target=membership,
            detail={"person": membership.person_id, "organisation": organisation.pk, "role": membership.role},
        )
        membership.delete()
    forget_held_roles(membership.person)
