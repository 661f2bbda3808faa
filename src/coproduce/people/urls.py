from django.urls import path

from coproduce.people.views import preferences

app_name = "people"
urlpatterns = [
    path("settings/", preferences.preferences, name="preferences"),
]
