from django.urls import URLPattern, URLResolver, path

from coproduce.timebank.views import api_tokens, statements
from coproduce.timebank.views import board as board_views
from coproduce.timebank.views import broker as broker_views
from coproduce.timebank.views import exchanges as exchange_views
from coproduce.timebank.views import group as group_views
from coproduce.timebank.views import pot as pot_views
from coproduce.timebank.views import report as report_views

app_name = "timebank"
# Each view module adds its own lines here, grouped by module.
urlpatterns: list[URLPattern | URLResolver] = []

# Keys for the JSON API (views/api_tokens.py); the API itself is at /api/v1/ (api_urls.py).
urlpatterns += [
    path("api-tokens/", api_tokens.api_tokens, name="api-tokens"),
    path("api-tokens/<int:token_id>/revoke/", api_tokens.api_token_revoke_view, name="api-token-revoke"),
]

# Statements on screen, as CSV and as PDF (views/statements.py).
urlpatterns += [
    path("statement/", statements.my_statement, name="my-statement"),
    path("statement.csv", statements.my_statement, {"fmt": "csv"}, name="my-statement-csv"),
    path("statement.pdf", statements.my_statement, {"fmt": "pdf"}, name="my-statement-pdf"),
    path("organisations/<slug:slug>/statement/", statements.organisation_statement, name="organisation-statement"),
    path(
        "organisations/<slug:slug>/statement.csv",
        statements.organisation_statement,
        {"fmt": "csv"},
        name="organisation-statement-csv",
    ),
    path(
        "organisations/<slug:slug>/statement.pdf",
        statements.organisation_statement,
        {"fmt": "pdf"},
        name="organisation-statement-pdf",
    ),
    path("services/<int:service_id>/statement/", statements.service_statement, name="service-statement"),
    path(
        "services/<int:service_id>/statement.csv",
        statements.service_statement,
        {"fmt": "csv"},
        name="service-statement-csv",
    ),
    path(
        "services/<int:service_id>/statement.pdf",
        statements.service_statement,
        {"fmt": "pdf"},
        name="service-statement-pdf",
    ),
]

# The place report and the settings behind it (views/report.py).
urlpatterns += [
    path("report/", report_views.report_page, name="report"),
    path("report.pdf", report_views.report_pdf, name="report-pdf"),
    path("settings/", report_views.settings_page, name="settings"),
]

# The offers and requests board (views/board.py), exchanges (views/exchanges.py), time brokers (views/broker.py),
# group activities (views/group.py) and the community pot (views/pot.py).
urlpatterns += [
    path("", board_views.board, name="board"),
    path("listings/new/", board_views.listing_new, name="listing-new"),
    path("listings/<int:listing_id>/", board_views.listing_page, name="listing"),
    path("listings/<int:listing_id>/answer/", board_views.listing_answer, name="listing-answer"),
    path("listings/<int:listing_id>/close/", board_views.listing_close_view, name="listing-close"),
    path("exchanges/", exchange_views.my_exchanges_page, name="exchanges"),
    path("exchanges/<int:exchange_id>/", exchange_views.exchange_page, name="exchange"),
    path("exchanges/<int:exchange_id>/accept/", exchange_views.exchange_accept_view, name="exchange-accept"),
    path("exchanges/<int:exchange_id>/decline/", exchange_views.exchange_decline_view, name="exchange-decline"),
    path("exchanges/<int:exchange_id>/cancel/", exchange_views.exchange_cancel_view, name="exchange-cancel"),
    path("exchanges/<int:exchange_id>/record/", exchange_views.exchange_record_view, name="exchange-record"),
    path("exchanges/<int:exchange_id>/approve/", exchange_views.exchange_approve_view, name="exchange-approve"),
    path("broker/", broker_views.broker, name="broker"),
    path("group/", group_views.group, name="group"),
    path("pot/", pot_views.pot, name="pot"),
    path("pot/give/", pot_views.pot_give, name="pot-give"),
    path("pot/grant/", pot_views.pot_grant_view, name="pot-grant"),
]
