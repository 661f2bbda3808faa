"""Every write about signing in: links by email, two-step sign-in, passwords and invitations."""

from __future__ import annotations

import enum
import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from sesame.utils import get_token

from coproduce.accounts import selectors
from coproduce.accounts.lifetimes import link_lifetimes
from coproduce.accounts.models import INVITATION_LIFETIME, EmailRequest, Invitation, invitation_token_hash
from coproduce.core.email import email_on_commit
from coproduce.core.services import audit_record, place_get
from coproduce.organisations.models import Organisation, Role
from coproduce.organisations.services import membership_add
from coproduce.people.models import Person

# Sign-in links carry this scope so a token made for anything else can never sign someone in.
SIGN_IN_LINK_SCOPE = "sign-in-link"


# Sign-in links


# At most this many emails of one kind to one address in EMAIL_REQUEST_WINDOW; more are quietly not sent.
EMAIL_REQUESTS_ALLOWED = 3
EMAIL_REQUEST_WINDOW = timedelta(minutes=15)


def email_request_allowed(*, email: str, kind: str) -> bool:
    """Count a request to email this address and say whether it may be sent.

    The page a person sees is the same either way, so this cannot be used to learn who has an account.
    """
    address_hash = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        EmailRequest.objects.filter(at__lt=now - timedelta(days=1)).delete()
        recent = EmailRequest.objects.filter(
            address_hash=address_hash, kind=kind, at__gte=now - EMAIL_REQUEST_WINDOW
        ).count()
        if recent >= EMAIL_REQUESTS_ALLOWED:
            return False
        EmailRequest.objects.create(address_hash=address_hash, kind=kind)
    return True


def sign_in_link_send(*, email: str, site_url: str, next_url: str = "") -> None:
    """Email a one-time sign-in link if an open account has this email; otherwise do nothing.

    The caller shows the same page either way, so nobody can use this to find out who has an account.
    """
    person = Person.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None or not email_request_allowed(email=email, kind="sign-in-link"):
        return
    query = {"token": get_token(person, scope=SIGN_IN_LINK_SCOPE)}
    if next_url:
        query["next"] = next_url
    link = f"{site_url}{reverse('accounts:sign-in-link-open')}?{urlencode(query)}"
    place = place_get()
    email_on_commit(
        to=str(person.email),
        subject=_("Your sign-in link for %(place)s") % {"place": place.name},
        template="accounts/email/sign_in_link.txt",
        context={"person": person, "link": link, "place": place, "minutes": link_lifetimes()["link_minutes"]},
    )


# Two-step sign-in (TOTP)


class CodeOutcome(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    TOO_SOON = "too_soon"


@dataclass(frozen=True)
class CodeCheck:
    outcome: CodeOutcome
    # After several wrong codes django-otp makes people wait; this says for how long.
    wait_seconds: int = 0

    @property
    def right(self) -> bool:
        return self.outcome is CodeOutcome.RIGHT


def totp_device_start(*, person: Person) -> TOTPDevice:
    """The unconfirmed device a person is setting up, made the first time they open the setup page.

    It is a row rather than a key in the session so that its secret survives until they type a code, and so that
    django-otp's count of wrong codes is kept where every web process can see it.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=person, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=person, name=_("Phone app"), confirmed=False)
    return device


def _totp_check(device: TOTPDevice, code: str) -> CodeCheck:
    """Call inside a transaction on a row locked for update, so two requests cannot both use one code."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        return CodeCheck(outcome=CodeOutcome.TOO_SOON, wait_seconds=max(1, math.ceil(wait)))
    if device.verify_token(code):
        return CodeCheck(outcome=CodeOutcome.RIGHT)
    return CodeCheck(outcome=CodeOutcome.WRONG)


def totp_device_confirm(*, person: Person, device: TOTPDevice, code: str) -> CodeCheck:
    """Turn two-step sign-in on once the person proves their app shows the right code."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=person)
        check = _totp_check(locked, code)
        if check.right:
            locked.confirmed = True
            locked.save(update_fields=["confirmed"])
            # Other half-finished setups (another tab, an abandoned phone) would only confuse things later.
            TOTPDevice.objects.filter(user=person, confirmed=False).exclude(pk=locked.pk).delete()
            audit_record(actor=person, action="two_factor.setup", target=person, detail={"device": locked.pk})
            device.refresh_from_db()
    return check


def totp_device_verify(*, person: Person, device: TOTPDevice, code: str) -> CodeCheck:
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=person, confirmed=True)
        check = _totp_check(locked, code)
    return check


# Passwords


def two_factor_reset(*, actor: Person, person: Person) -> int:
    """Remove a person's authenticator devices, for someone who lost their phone. They set it up again at their
    next sign-in if their roles need it."""
    with transaction.atomic():
        removed, _by_model = TOTPDevice.objects.filter(user=person).delete()
        audit_record(actor=actor, action="person.two_factor_reset", target=person, detail={"devices": removed})
    return removed


def person_password_change(*, person: Person, password: str) -> Person:
    """A signed-in person chooses a new password (or their first one, if they have only used links)."""
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        audit_record(actor=person, action="person.password_change", target=person)
    return person


def person_password_reset(*, person: Person, password: str) -> Person:
    """Set a new password from a reset link in an email."""
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        # The lockout page sends people here; once they have proved they own the email, let them straight in.
        axes_reset(username=person.email)
        audit_record(actor=person, action="person.password_reset", target=person)
    return person


# Invitations


class InvitationError(ValueError):
    """What is wrong with an invitation, by form field ("" for the form as a whole)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class InvitationUnusableError(Exception):
    def __init__(self, status: Invitation.Status | None) -> None:
        super().__init__(str(status))
        # None when no invitation has that token.
        self.status = status


def invitation_email_problem(email: str) -> str:
    """Why this email cannot be invited, or "" if it can."""
    if selectors.person_with_email(email) is not None:
        return _(
            "Someone with this email address already has an account. "
            "To give them a role, add them from the organisation’s page."
        )
    if selectors.invitation_open_exists(email):
        return _(
            "This email address already has an invitation waiting. It lasts %(days)d days from when it was sent."
        ) % {"days": INVITATION_LIFETIME.days}
    return ""


def invitation_role_problems(*, inviter: Person, organisation: Organisation | None, role: str) -> dict[str, str]:
    """What is wrong with the organisation and role chosen, by form field."""
    if organisation is None:
        if role:
            return {"organisation": _("You chose a role, so choose the organisation it is in. Or choose ‘No role’.")}
        return {}
    if not inviter.has_perm("accounts.invite_to_organisation", organisation):
        return {"organisation": _("You can only invite people to organisations where you are a facilitator.")}
    if not role:
        return {"role": _("Choose the role they will have at %(organisation)s.") % {"organisation": organisation.name}}
    if role not in Role.values:
        return {"role": _("Choose a role from the list.")}
    if role == Role.ORG_ADMIN and not inviter.has_perm("accounts.invite_org_admin", organisation):
        return {
            "role": _(
                "Only an admin of %(organisation)s can invite someone as an organisation admin. "
                "Choose another role, or ask one of its admins to invite them."
            )
            % {"organisation": organisation.name}
        }
    return {}


def invitation_create(
    *,
    inviter: Person,
    preferred_name: str,
    email: str,
    organisation: Organisation | None = None,
    role: str = "",
    site_url: str,
) -> Invitation:
    """Store an invitation and email its link. The link's token exists only in that email."""
    if not inviter.has_perm("organisations.invite_people"):
        raise PermissionDenied
    email = Person.objects.normalize_email(email.strip())
    problems = invitation_role_problems(inviter=inviter, organisation=organisation, role=role)
    if email_problem := invitation_email_problem(email):
        problems["email"] = email_problem
    if problems:
        raise InvitationError(problems)
    token = secrets.token_urlsafe(32)
    place = place_get()
    now = timezone.now()
    with transaction.atomic():
        # Two people inviting the same email at the same moment can both succeed; accepting the second then
        # finds the account already exists and says so, which is harmless.
        invitation = Invitation.objects.create(
            email=email,
            preferred_name=preferred_name.strip(),
            invited_by=inviter,
            organisation=organisation,
            role=role,
            token_hash=invitation_token_hash(token),
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
        audit_record(
            actor=inviter,
            action="invitation.create",
            target=invitation,
            detail={"organisation": organisation.pk if organisation else None, "role": role},
        )
        email_on_commit(
            to=email,
            subject=_("%(name)s has invited you to join %(place)s")
            % {"name": inviter.display_name, "place": place.name},
            template="accounts/email/invitation.txt",
            context={
                "invitation": invitation,
                "inviter": inviter,
                "place": place,
                "role_label": Role(role).label if role else "",
                "link": f"{site_url}{reverse('accounts:invitation-accept', args=[token])}",
            },
        )
    return invitation


def invitation_accept(*, token: str, preferred_name: str, password: str) -> Person:
    """Make the account, give it the role it was invited to, and close the invitation, all or nothing."""
    try:
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().filter(token_hash=invitation_token_hash(token)).first()
            if invitation is None:
                raise InvitationUnusableError(None)
            if invitation.status != Invitation.Status.WAITING:
                raise InvitationUnusableError(invitation.status)
            if selectors.person_with_email(invitation.email) is not None:
                raise _account_exists_error()
            person = Person.objects.create_user(
                email=invitation.email, password=password, preferred_name=preferred_name.strip()
            )
            if invitation.organisation is not None:
                # The inviter chose the role, so the audit log names them as the one who gave it.
                membership_add(
                    actor=invitation.invited_by,
                    person=person,
                    organisation=invitation.organisation,
                    role=invitation.role,
                )
            invitation.accepted_at = timezone.now()
            invitation.accepted_person = person
            invitation.save(update_fields=["accepted_at", "accepted_person"])
            audit_record(
                actor=person,
                action="invitation.accept",
                target=invitation,
                detail={"invited_by": invitation.invited_by_id},
            )
    except IntegrityError as exc:
        # Another request made an account with this email between our check and our insert.
        raise _account_exists_error() from exc
    return person


def _account_exists_error() -> InvitationError:
    return InvitationError(
        {
            "": _(
                "Someone with this email address already has an account. "
                "Sign in instead, or reset your password if you have forgotten it."
            )
        }
    )
