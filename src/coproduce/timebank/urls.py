from django.urls import URLPattern, URLResolver

app_name = "timebank"
# Each view module adds its own lines here, grouped by module.
urlpatterns: list[URLPattern | URLResolver] = []
