"""The themes found across what people say: the latest run's themes, the stories (and, for its managers, the
feedback) behind each, and a button that asks for them to be found again."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.core.permissions import require_perm
from coproduce.stories.forms_search import ThemeRunForm
from coproduce.stories.models import FoundTheme, ThemeRun
from coproduce.stories.selectors.themes import theme_detail, themes_overview
from coproduce.stories.services.themes import THEME_TEXT_SOURCES, theme_run_request


def _overview(request: HttpRequest, form: ThemeRunForm, status: int = 200) -> HttpResponse:
    overview = themes_overview()
    return render(
        request,
        "stories/themes.html",
        {
            "overview": overview,
            "form": form,
            "may_run": request.user.has_perm("stories.run_themes"),
            "sources": list(THEME_TEXT_SOURCES),
        },
        status=status,
    )


@require_perm("stories.view_themes")
@require_http_methods(["GET", "HEAD"])
def themes_page(request: HttpRequest) -> HttpResponse:
    latest = ThemeRun.objects.order_by("-created_at", "-pk").values_list("theme_count", flat=True).first()
    return _overview(request, ThemeRunForm(initial={"themes": latest} if latest else None))


@require_perm("stories.run_themes")
@require_http_methods(["POST"])
def themes_run(request: HttpRequest) -> HttpResponse:
    form = ThemeRunForm(request.POST)
    if not form.is_valid():
        return _overview(request, form, status=400)
    run = theme_run_request(actor=request.user, theme_count=form.cleaned_data["themes"])  # type: ignore[arg-type]
    # With a queue that runs tasks at once (a laptop, the demo) the run is already over by now.
    run.refresh_from_db()
    if run.status == ThemeRun.Status.DONE:
        messages.success(request, _("The themes have been found again from what people are saying now."))
    elif run.status == ThemeRun.Status.FAILED:
        messages.error(request, _("Finding the themes went wrong. The last themes found are still shown."))
    else:
        messages.success(request, _("Finding the themes again has been asked for. This page says when it is done."))
    return redirect("stories:themes")


@require_perm("stories.view_themes")
def theme_page(request: HttpRequest, theme_id: int) -> HttpResponse:
    theme = FoundTheme.objects.select_related("run").filter(pk=theme_id).first()
    if theme is None:
        raise Http404
    detail = theme_detail(theme, request.user, page=request.GET.get("page"))
    return render(request, "stories/themes_theme.html", {"detail": detail, "theme": theme, "page": detail.stories})
