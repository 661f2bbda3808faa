from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from coproduce.core import selectors
from coproduce.core.forms import AuditFilterForm, PlaceForm
from coproduce.core.permissions import require_perm
from coproduce.core.services import place_get, place_update


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request, not at import: the static manifest may not exist yet when URLs load.
    from django.templatetags.static import static

    return redirect(static("coproduce/favicon.svg"), permanent=True)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_perm("core.administer_place")
def place_admin(request: HttpRequest) -> HttpResponse:
    return render(request, "core/place_admin.html")


@require_perm("core.administer_place")
def place_edit(request: HttpRequest) -> HttpResponse:
    place = place_get()
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        place_update(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The place’s details are saved."))
        return redirect("core:place-admin")
    return render(request, "core/place_edit.html", {"form": form})


@require_perm("core.view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(
        request.GET or None,
        actions=selectors.audit_action_choices(),
        record_types=selectors.audit_record_type_choices(),
    )
    filters = selectors.AuditFilter()
    if form.is_bound and form.is_valid():
        filters = selectors.AuditFilter(**form.cleaned_data)
    paginator = Paginator(selectors.audit_entries(filters).select_related("actor"), 50)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"filter_form": form, "page": page, "query": query.urlencode()},
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/errors/404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the context processors' database queries: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("core/errors/500.html").render({}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/errors/csrf.html", status=403)
