"""/api/v1/: the timebank's JSON API, its OpenAPI schema and its documentation page."""

from django.urls import URLPattern, URLResolver, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from coproduce.timebank import api
from coproduce.timebank.views import api_docs

app_name = "api-v1"
urlpatterns: list[URLPattern | URLResolver] = [
    path("balance/", api.MyBalanceView.as_view(), name="balance"),
    path("accounts/<int:account_id>/balance/", api.AccountBalanceView.as_view(), name="account-balance"),
    path("transfers/", api.TransfersView.as_view(), name="transfers"),
    # YAML by default; ?format=json for JSON. Public: it describes the API, it holds no one's data.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="schema",
    ),
    path("docs/", api_docs.api_docs, name="docs"),
    re_path(r"^(?P<path>.*)$", api.api_not_found),
]
