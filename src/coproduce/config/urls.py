from django.urls import include, path

urlpatterns = [
    path("", include("coproduce.core.urls")),
    path("", include("coproduce.accounts.urls")),
    path("", include("coproduce.people.urls")),
    path("", include("coproduce.demo.urls")),
    path("organisations/", include("coproduce.organisations.urls")),
    path("timebank/", include("coproduce.timebank.urls")),
    path("plans/", include("coproduce.plans.urls")),
    path("reflect/", include("coproduce.reflect.urls")),
    path("badges/", include("coproduce.recognition.urls")),
    path("learn/", include("coproduce.learn.urls")),
    path("stories/", include("coproduce.stories.urls")),
    path("connect/", include("coproduce.connect.urls")),
    path("api/v1/", include("coproduce.timebank.api_urls")),
]

handler400 = "coproduce.core.views.bad_request"
handler403 = "coproduce.core.views.permission_denied"
handler404 = "coproduce.core.views.page_not_found"
handler500 = "coproduce.core.views.server_error"
