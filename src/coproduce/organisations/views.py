from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.permissions import check_perm, require_perm
from coproduce.organisations import selectors, services
from coproduce.organisations.forms import MembershipAddForm, OrganisationForm, ServiceForm
from coproduce.organisations.models import Membership, Organisation


def _organisation(slug: str) -> Organisation:
    try:
        return selectors.organisation_detail(slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/list.html", {"organisations": selectors.organisation_list()})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    memberships = (
        selectors.organisation_memberships(organisation)
        if request.user.has_perm("organisations.view_members", organisation)
        else None
    )
    return render(request, "organisations/detail.html", {"organisation": organisation, "memberships": memberships})


@require_perm("organisations.add_organisation")
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("%(name)s is added.") % {"name": organisation.name})
        return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/form.html", {"form": form, "organisation": None})


def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    check_perm(request, "organisations.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(actor=request.user, organisation=organisation, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Your changes are saved."))
        return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


def service_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    check_perm(request, "organisations.add_service", organisation)
    form = ServiceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        service = services.service_create(actor=request.user, organisation=organisation, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("%(name)s is added.") % {"name": service.name})
        return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/service_form.html", {"form": form, "organisation": organisation})


def members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    check_perm(request, "organisations.manage_members", organisation)
    form = MembershipAddForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        assert form.person is not None
        try:
            services.membership_add(
                actor=request.user,  # type: ignore[arg-type]
                person=form.person,
                organisation=organisation,
                role=form.cleaned_data["role"],
                service=form.cleaned_data["service"],
                title=form.cleaned_data["title"],
            )
        except services.MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s is added.") % {"name": form.person.display_name})
            return redirect("organisations:members", slug=organisation.slug)
    return render(
        request,
        "organisations/members.html",
        {"organisation": organisation, "form": form, "memberships": selectors.organisation_memberships(organisation)},
    )


@require_POST
def membership_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = _organisation(slug)
    check_perm(request, "organisations.manage_members", organisation)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    try:
        services.membership_remove(actor=request.user, membership=membership)  # type: ignore[arg-type]
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s no longer has the role %(role)s.")
            % {"name": membership.person.display_name, "role": membership.get_role_display()},
        )
    return redirect("organisations:members", slug=organisation.slug)
