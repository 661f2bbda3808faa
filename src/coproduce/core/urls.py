from django.urls import path

from coproduce.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("place/", views.place_admin, name="place-admin"),
    path("place/details/", views.place_edit, name="place-edit"),
    path("place/audit-log/", views.audit_log, name="audit-log"),
]
