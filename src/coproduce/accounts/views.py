from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from sesame.tokens import parse_token

from coproduce.accounts import selectors, services
from coproduce.accounts.forms import (
    CodeForm,
    HousePasswordChangeForm,
    HousePasswordResetForm,
    HouseSetPasswordForm,
    InvitationAcceptForm,
    InvitationForm,
    PasswordResetSetForm,
    SignInForm,
    SignInLinkForm,
)
from coproduce.accounts.lifetimes import link_lifetimes
from coproduce.accounts.models import INVITATION_LIFETIME, Invitation
from coproduce.accounts.two_factor import totp_qr_code_svg, totp_secret_for_typing
from coproduce.core.email import site_url
from coproduce.core.next_page import next_if_safe, safe_next
from coproduce.core.permissions import require_perm
from coproduce.core.services import place_get
from coproduce.people.models import Person

_PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


# Signing in and out


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        assert form.person is not None
        login(request, form.person, backend=_PASSWORD_BACKEND)
        return redirect(safe_next(request))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": next_if_safe(request), "demo_mode": settings.COPRODUCE_DEMO_MODE},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:home")


def sign_in_link_request(request: HttpRequest) -> HttpResponse:
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_in_link_send(
            email=form.cleaned_data["email"], site_url=site_url(request), next_url=next_if_safe(request)
        )
        # The same page whether or not the email has an account, so this cannot be used to find out who does.
        return render(
            request, "accounts/sign_in_link_sent.html", {"email": form.cleaned_data["email"], **link_lifetimes()}
        )
    return render(
        request,
        "accounts/sign_in_link_request.html",
        {"form": form, "next": next_if_safe(request), **link_lifetimes()},
    )


def _sign_in_link_person(request: HttpRequest) -> Person | None:
    """The person a sign-in link is for, or None if it is unknown, expired, used or for a closed account.

    The token is parsed directly rather than through authenticate(): a dead link is not a guessed password, and
    counting it in the sign-in throttle would pause link sign-in for everyone behind one shared connection.
    """
    token = request.GET.get(settings.SESAME_TOKEN_NAME, "")
    if not token or len(token) > 200:
        return None
    person = parse_token(
        token,
        lambda pk: Person.objects.filter(pk=pk, is_active=True).first(),
        scope=services.SIGN_IN_LINK_SCOPE,
    )
    return person if isinstance(person, Person) else None


def sign_in_link_open(request: HttpRequest) -> HttpResponse:
    """Opening the link only shows a button: email scanners fetch links, and must not use up the one-time token.

    The button posts back to the same address, token and all. Signing in updates last_login, which is part of
    what the token signs, so the link cannot be used again.
    """
    person = _sign_in_link_person(request)
    if person is None:
        return _sign_in_link_unusable(request)
    if request.method == "POST":
        login(request, person, backend="sesame.backends.ModelBackend")
        return redirect(safe_next(request))
    return render(request, "accounts/sign_in_link_open.html", {"person": person})


def _sign_in_link_unusable(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sign_in_link_unusable.html",
        {"next": next_if_safe(request), **link_lifetimes()},
        status=410,
    )


# Two-step sign-in


@require_perm("accounts.manage_own_sign_in")
def two_factor(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    device = selectors.totp_device_confirmed(person)
    if device is None:
        return _two_factor_setup(request, person)
    if request.user.is_verified():  # type: ignore[union-attr]
        return render(request, "accounts/two_factor_on.html")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.totp_device_verify(person=person, device=device, code=form.cleaned_data["code"])
        if check.right:
            device.refresh_from_db()
            django_otp.login(request, device)
            return redirect(safe_next(request))
        form.add_error("code", _code_error(check))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def _two_factor_setup(request: HttpRequest, person: Person) -> HttpResponse:
    device = services.totp_device_start(person=person)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.totp_device_confirm(person=person, device=device, code=form.cleaned_data["code"])
        if check.right:
            django_otp.login(request, device)
            messages.success(
                request, _("Two-step sign-in is on. We will ask for a code from your app each time you sign in.")
            )
            return redirect(safe_next(request, default="people:preferences"))
        form.add_error("code", _code_error(check))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_code": totp_qr_code_svg(device), "secret": totp_secret_for_typing(device)},
    )


def _code_error(check: services.CodeCheck) -> str:
    if check.outcome is services.CodeOutcome.TOO_SOON:
        return ngettext(
            "You have typed a wrong code several times. Wait %(seconds)d second, then try again.",
            "You have typed a wrong code several times. Wait %(seconds)d seconds, then try again.",
            check.wait_seconds,
        ) % {"seconds": check.wait_seconds}
    return _(
        "That code is not right. Type the 6 numbers your app shows now. If it keeps happening, check the time "
        "on your phone is set automatically."
    )


# Passwords


@require_perm("accounts.manage_own_sign_in")
def password_change(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    # Someone who has only used sign-in links has no password to type, so they just choose one.
    has_password = person.has_usable_password()
    form_class = HousePasswordChangeForm if has_password else HouseSetPasswordForm
    form = form_class(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Keeps this browser signed in; every other session of theirs is signed out by the new password.
        update_session_auth_hash(request, person)
        messages.success(request, _("Your new password is saved."))
        return redirect("people:preferences")
    return render(request, "accounts/password_change.html", {"form": form, "has_password": has_password})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = HousePasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: HousePasswordResetForm) -> HttpResponse:
        # Read per request, not at import: the place's name can change while the server runs.
        self.extra_email_context = {"place": place_get(), **link_lifetimes()}
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **link_lifetimes()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PasswordResetSetForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **link_lifetimes()}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# Invitations


@require_perm("organisations.invite_people")
def invitation_create(request: HttpRequest) -> HttpResponse:
    inviter: Person = request.user  # type: ignore[assignment]
    form = InvitationForm(request.POST or None, inviter=inviter)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                inviter=inviter,
                preferred_name=form.cleaned_data["preferred_name"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data.get("organisation"),
                role=form.cleaned_data.get("role", ""),
                site_url=site_url(request),
            )
        except services.InvitationError as exc:
            # Someone else got there between the form's checks and ours.
            for field, message in exc.problems.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("We have emailed an invitation to %(name)s at %(email)s. It lasts %(days)d days.")
                % {"name": invitation.preferred_name, "email": invitation.email, "days": INVITATION_LIFETIME.days},
            )
            return redirect("accounts:invitations")
    return render(request, "accounts/invitation_form.html", {"form": form, **link_lifetimes()})


@require_perm("accounts.view_sent_invitations")
def invitation_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.invitations_sent_by(request.user), 50)  # type: ignore[arg-type]
    return render(request, "accounts/invitation_list.html", {"page": paginator.get_page(request.GET.get("page"))})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return _invitation_unusable(request, None)
    if invitation.status != Invitation.Status.WAITING:
        return _invitation_unusable(request, invitation.status)
    form = InvitationAcceptForm(
        request.POST or None, email=invitation.email, initial={"preferred_name": invitation.preferred_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.invitation_accept(
                token=token,
                preferred_name=form.cleaned_data["preferred_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusableError as exc:
            return _invitation_unusable(request, exc.status)
        except services.InvitationError as exc:
            for message in exc.problems.values():
                form.add_error(None, message)
        else:
            login(request, person, backend=_PASSWORD_BACKEND)
            messages.success(request, _("Welcome, %(name)s. Your account is ready.") % {"name": person.display_name})
            return redirect("core:home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


def _invitation_unusable(request: HttpRequest, status: Invitation.Status | None) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_unusable.html",
        {"status": status.value if status else "unknown", **link_lifetimes()},
        status=404 if status is None else 410,
    )


@require_perm("accounts.reset_two_factor")
def place_people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.people_for_place_admin(query), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/place_people.html",
        {"page": page, "q": query, "query": f"q={query}" if query else ""},
    )


@require_POST
@require_perm("accounts.reset_two_factor")
def two_factor_reset(request: HttpRequest, person_id: int) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    person = get_object_or_404(Person, pk=person_id, is_active=True)
    services.two_factor_reset(actor=request.user, person=person)  # type: ignore[arg-type]
    messages.success(
        request,
        _("%(name)s’s two-step sign-in is cleared. They will set it up again the next time they sign in.")
        % {"name": person.display_name},
    )
    return redirect("accounts:place-people")
