from django.urls import URLPattern, URLResolver, path

from coproduce.reflect.views import answer as answer_views
from coproduce.reflect.views import frameworks as framework_views
from coproduce.reflect.views import ideas as idea_views
from coproduce.reflect.views import results as result_views
from coproduce.reflect.views import rounds as round_views

app_name = "reflect"
# Each view module adds its own lines here, grouped by module.
urlpatterns: list[URLPattern | URLResolver] = []

# Rounds: open one, its page, bringing people in, closing it (views/rounds.py).
urlpatterns += [
    path("", round_views.home, name="home"),
    path("rounds/new/", round_views.round_new, name="round-new"),
    path("rounds/<int:round_id>/", round_views.round_detail, name="round"),
    path("rounds/<int:round_id>/invite/", round_views.round_invite_view, name="round-invite"),
    path("rounds/<int:round_id>/add/", round_views.participant_add_view, name="participant-add"),
    path("rounds/<int:round_id>/close/", round_views.round_close_view, name="round-close"),
    path("rounds/<int:round_id>/reopen/", round_views.round_reopen_view, name="round-reopen"),
    path("join/<str:token>/", round_views.join, name="join"),
]

# Answering (views/answer.py).
urlpatterns += [
    path("answers/<int:participant_id>/", answer_views.answer, name="answer"),
]

# Ideas, choosing and the plan (views/ideas.py).
urlpatterns += [
    path("rounds/<int:round_id>/ideas/", idea_views.ideas, name="ideas"),
    path("rounds/<int:round_id>/ideas/add/", idea_views.idea_add_view, name="idea-add"),
    path("rounds/<int:round_id>/ideas/choosing/", idea_views.choosing_open_view, name="choosing-open"),
    path("rounds/<int:round_id>/ideas/choose/", idea_views.choose_view, name="choose"),
    path("rounds/<int:round_id>/ideas/settle/", idea_views.settle_view, name="settle"),
    path("rounds/<int:round_id>/plan/", idea_views.plan_make_view, name="plan-make"),
]

# Results, the PDF report and the place's overview (views/results.py).
urlpatterns += [
    path("rounds/<int:round_id>/results/", result_views.results_page, name="results"),
    path("rounds/<int:round_id>/report.pdf", result_views.report_pdf, name="report-pdf"),
    path("overview/", result_views.overview, name="overview"),
]

# Frameworks: the list, each one in full, its file, loading one, retiring a version (views/frameworks.py).
urlpatterns += [
    path("frameworks/", framework_views.framework_list, name="frameworks"),
    path("frameworks/load/", framework_views.framework_load_view, name="framework-load"),
    path("frameworks/<int:framework_id>/", framework_views.framework_detail, name="framework"),
    path("frameworks/<int:framework_id>/file.yaml", framework_views.framework_file, name="framework-file"),
    path("frameworks/<int:framework_id>/retire/", framework_views.framework_retire_view, name="framework-retire"),
    path(
        "frameworks/<int:framework_id>/bring-back/",
        framework_views.framework_bring_back_view,
        name="framework-bring-back",
    ),
]
