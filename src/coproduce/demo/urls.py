from django.urls import path

from coproduce.demo import views

app_name = "demo"
urlpatterns = [
    path("sign-in/demo/<int:person_id>/", views.sign_in_as, name="sign-in-as"),
]
