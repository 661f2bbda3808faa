"""/reflect/frameworks/: the frameworks the place uses, each one in full, loading a new file, retiring a version."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coproduce.core.permissions import require_perm, signed_in_person
from coproduce.frameworks import Framework as Definition
from coproduce.frameworks import FrameworkInvalid
from coproduce.reflect.forms_frameworks import FrameworkLoadForm
from coproduce.reflect.models import Framework
from coproduce.reflect.selectors.frameworks import framework_round_count, framework_versions, frameworks_listing
from coproduce.reflect.services.framework_retirement import framework_bring_back, framework_retire
from coproduce.reflect.services.frameworks import framework_load


def kind_in_words(definition: Definition) -> str:
    """What answering looks like, in a few words: the kind and the size of the scale."""
    points = len(definition.scale)
    if definition.kind == "stages":
        words = _("Choose the stage that fits, out of %(points)s") % {"points": points}
    elif definition.kind == "readiness":
        words = _("Readiness: each group rated 1 to %(points)s, for now and for where it needs to be") % {
            "points": points
        }
    elif definition.kind == "ladder":
        words = _("A ladder of %(points)s rungs to place each activity on") % {"points": points}
    else:
        words = _("A rating from 1 to %(points)s") % {"points": points}
    if definition.rag:
        words += _(", with RED, AMBER or GREEN")
    return words


def point_word(definition: Definition) -> str:
    """What one point of the scale is called, as in "Stage 2" or "Rung 5"."""
    return {"stages": _("Stage"), "ladder": _("Rung")}.get(definition.kind, _("Level"))


@require_perm("reflect.use")
def framework_list(request: HttpRequest) -> HttpResponse:
    listing = frameworks_listing()
    kinds = {framework.pk: kind_in_words(framework.definition) for framework in [*listing.offered, *listing.others]}
    return render(
        request,
        "reflect/framework_list.html",
        {"listing": listing, "kinds": kinds, "may_load": request.user.has_perm("reflect.load_framework")},
    )


def _framework(framework_id: int) -> Framework:
    return get_object_or_404(Framework.objects.defer("source").select_related("loaded_by"), pk=framework_id)


@require_perm("reflect.use")
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(framework_id)
    definition = framework.definition
    return render(
        request,
        "reflect/framework_detail.html",
        {
            "framework": framework,
            "definition": definition,
            "kind_words": kind_in_words(definition),
            "point_word": point_word(definition),
            "versions": framework_versions(framework),
            "round_count": framework_round_count(framework),
            "may_load": request.user.has_perm("reflect.load_framework"),
        },
    )


@require_perm("reflect.use")
def framework_file(request: HttpRequest, framework_id: int) -> HttpResponse:
    """The file as it was loaded, to read, to keep, or to start a new version from."""
    framework = get_object_or_404(Framework, pk=framework_id)
    response = HttpResponse(framework.source, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}-{framework.version}.yaml"'
    return response


@require_perm("reflect.load_framework")
def framework_load_view(request: HttpRequest) -> HttpResponse:
    form = FrameworkLoadForm(request.POST, request.FILES) if request.method == "POST" else FrameworkLoadForm()
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            framework = framework_load(actor=signed_in_person(request), text=form.source)
        except FrameworkInvalid as invalid:
            if form.cleaned_data.get("file") is not None:
                form.show_text(form.source)
            count = len(invalid.errors)
            form.add_error(
                None,
                ngettext(
                    "The framework was not loaded. Fix the problem below and try again.",
                    "The framework was not loaded. Fix the %(count)s problems below and try again.",
                    count,
                )
                % {"count": count},
            )
            for error in invalid.errors:
                form.add_error("text", str(error))
        else:
            if framework.loaded_at < started:
                message = _("Version %(version)s of “%(title)s” was already loaded, so nothing has changed.")
            else:
                message = _("Version %(version)s of “%(title)s” is loaded.")
            if framework.retired_at is not None:
                message += " " + _("It is retired: bring it back to offer it for new rounds.")
            messages.success(request, message % {"version": framework.version, "title": framework.title})
            return redirect(framework)
    return render(request, "reflect/framework_load.html", {"form": form})


@require_POST
@require_perm("reflect.load_framework")
def framework_retire_view(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(framework_id)
    framework_retire(actor=signed_in_person(request), framework=framework)
    message = _("Version %(version)s of “%(title)s” is retired. Rounds that used it keep it.") % {
        "version": framework.version,
        "title": framework.title,
    }
    instead = framework_versions(framework).offered
    if instead is not None:
        message += " " + _("New rounds are offered version %(version)s instead.") % {"version": instead.version}
    else:
        message += " " + _("New rounds can no longer choose it.")
    messages.success(request, message)
    return redirect(framework)


@require_POST
@require_perm("reflect.load_framework")
def framework_bring_back_view(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = _framework(framework_id)
    framework_bring_back(actor=signed_in_person(request), framework=framework)
    offered = framework_versions(framework).offered
    if offered is not None and offered.pk == framework.pk:
        message = _("Version %(version)s of “%(title)s” is offered for new rounds again.")
    else:
        message = _(
            "Version %(version)s of “%(title)s” is no longer retired, but a newer version is offered for new rounds."
        )
    messages.success(request, message % {"version": framework.version, "title": framework.title})
    return redirect(framework)
