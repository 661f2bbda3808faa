from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.accounts.models import Invitation, invitation_token_hash
from coproduce.people.models import Person


def person_with_email(email: str) -> Person | None:
    """Any account with this email, open or closed: an email address can belong to one account only."""
    return Person.objects.filter(email__iexact=email.strip()).first()


def account_email_spelling(email: str) -> str:
    """The address as the account stores it, or the typed one in lower case when there is no such account."""
    stored = Person.objects.filter(email__iexact=email.strip()).values_list("email", flat=True).first()
    return stored or email.strip().lower()


def invitation_open_exists(email: str) -> bool:
    return Invitation.objects.filter(
        email__iexact=email.strip(), accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def invitations_sent_by(person: Person) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(invited_by=person)
        .select_related("organisation", "accepted_person")
        .order_by("-created_at", "-id")
    )


def totp_device_confirmed(person: Person) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=True).order_by("pk").first()


def people_for_place_admin(query: str) -> QuerySet[Person]:
    """Everyone with an account, for the place admin's list, with whether two-step sign-in is on."""
    from django.db.models import Exists, OuterRef, Q

    people = Person.objects.filter(is_active=True).annotate(
        has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    if query:
        people = people.filter(Q(preferred_name__icontains=query) | Q(email__icontains=query))
    return people.order_by("preferred_name", "pk")
