"""/timebank/api-tokens/: a person makes, names, sees and revokes their keys for the JSON API."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.permissions import check_perm, require_perm
from coproduce.timebank.forms_api_tokens import ApiTokenForm
from coproduce.timebank.models import ApiToken
from coproduce.timebank.selectors.api import api_tokens_for
from coproduce.timebank.services.api_tokens import ApiTokenError, api_token_create, api_token_revoke


@require_perm("timebank.use")
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = api_token_create(person=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except ApiTokenError as exc:
            form.add_error("name", str(exc))
        else:
            # Shown on this answer only, never stored: the page is not redirected, and no one may keep a copy of it.
            form = ApiTokenForm()
    response = render(
        request,
        "timebank/api_tokens.html",
        {"form": form, "new_key": new_key, "tokens": api_tokens_for(request.user)},
    )
    if new_key is not None:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id).first()
    # Someone else's key looks the same as no key at all.
    if token is None or not request.user.has_perm("timebank.revoke_api_token", token):
        if not request.user.is_authenticated:
            check_perm(request, "timebank.use")
        raise Http404
    api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("The key “%(name)s” no longer works.") % {"name": token.name})
    return redirect("timebank:api-tokens")
