"""Reads for time brokers and group organisers."""

from __future__ import annotations

from dataclasses import dataclass

from coproduce.organisations.models import Organisation, Role, Service
from coproduce.organisations.roles import held_roles
from coproduce.people.models import Person
from coproduce.timebank.models import Exchange
from coproduce.timebank.selectors.exchanges import EXCHANGE_RELATED

RECENT_SHOWN = 10

# Who may have an organisation's account give hours for a group activity: the people who run things there.
ORGANISING_ROLES = frozenset({Role.FACILITATOR, Role.ORG_ADMIN})


def brokered_recently(broker: Person) -> list[Exchange]:
    return list(
        Exchange.objects.filter(brokered_by=broker)
        .select_related(*EXCHANGE_RELATED)
        .order_by("-created_at", "-id")[:RECENT_SHOWN]
    )


@dataclass(frozen=True)
class Payer:
    """An organisation or service whose account may give the hours for a group activity."""

    value: str
    label: str
    organisation_id: int
    organisation: Organisation
    service: Service | None = None


def group_payers(person: Person) -> list[Payer]:
    """The organisations (and their services) this organiser may record group activities for: those they
    facilitate or run, or every one for a place admin."""
    organisations = Organisation.objects.order_by("name")
    if not person.is_place_admin:
        ids = {organisation for organisation, role in held_roles(person) if role in ORGANISING_ROLES}
        organisations = organisations.filter(pk__in=ids)
    payers: list[Payer] = []
    services: dict[int, list[Service]] = {}
    listed = list(organisations)
    for service in Service.objects.filter(organisation__in=listed).order_by("name"):
        services.setdefault(service.organisation_id, []).append(service)
    for organisation in listed:
        payers.append(Payer(f"organisation-{organisation.pk}", organisation.name, organisation.pk, organisation))
        for service in services.get(organisation.pk, []):
            payers.append(
                Payer(
                    f"service-{service.pk}",
                    f"{service.name} ({organisation.name})",
                    organisation.pk,
                    organisation,
                    service,
                )
            )
    return payers
