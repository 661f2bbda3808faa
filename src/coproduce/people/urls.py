from django.urls import path

from coproduce.people import views

app_name = "people"
urlpatterns = [
    path("settings/", views.preferences, name="preferences"),
]
