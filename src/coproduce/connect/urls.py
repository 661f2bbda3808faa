from django.urls import URLPattern, URLResolver

app_name = "connect"
# Each view module adds its own lines here, grouped by module.
urlpatterns: list[URLPattern | URLResolver] = []

# The front page (views/home.py).
from django.urls import path  # noqa: E402

from coproduce.connect.views import home as home_views  # noqa: E402

urlpatterns += [path("", home_views.home, name="home")]
