"""`{% demo_people as people %}`: the people a visitor can sign in as on the demo sign-in page."""

from __future__ import annotations

from django import template
from django.db.models import Exists, OuterRef, Prefetch

from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person

register = template.Library()


@register.simple_tag
def demo_people() -> list[Person]:
    """Demo people with their memberships, in two queries however many there are. The place admin and the
    facilitators come first because they are who a visitor exploring the product most often wants to be."""
    facilitates = Membership.objects.filter(person=OuterRef("pk"), role=Role.FACILITATOR)
    # In the order they were added, which for the demo is the order each person listed them: main role first.
    memberships = Membership.objects.select_related("organisation", "service").order_by("pk")
    return list(
        Person.objects.filter(is_demo=True, is_active=True)
        .annotate(facilitates=Exists(facilitates))
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("-is_place_admin", "-facilitates", "preferred_name", "pk")
    )
