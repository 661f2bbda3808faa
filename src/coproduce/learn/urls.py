from django.urls import URLPattern, URLResolver, path

app_name = "learn"
# Each view module adds its own lines here, grouped by module.
urlpatterns: list[URLPattern | URLResolver] = []

# Training sessions (views/sessions.py).
from coproduce.learn.views import sessions as session_views  # noqa: E402

urlpatterns += [
    path("sessions/", session_views.session_list, name="sessions"),
    path("sessions/new/", session_views.session_new, name="session-new"),
    path("sessions/<int:session_id>/", session_views.session_page, name="session"),
    path("sessions/<int:session_id>/sign-up/", session_views.session_sign_up_view, name="session-sign-up"),
    path("sessions/<int:session_id>/cancel/", session_views.session_cancel_view, name="session-cancel"),
    path("sessions/<int:session_id>/trainers/add/", session_views.trainer_add, name="session-trainer-add"),
    path(
        "sessions/<int:session_id>/trainers/<int:trainer_id>/remove/",
        session_views.trainer_remove,
        name="session-trainer-remove",
    ),
    path("sessions/<int:session_id>/credit/", session_views.trainer_credit, name="session-credit"),
    path("sessions/<int:session_id>/held/", session_views.session_held, name="session-held"),
    path("sessions/<int:session_id>/differently/", session_views.session_differently, name="session-differently"),
]

# The learning record (views/record.py): the signed-in person's own, with no one else's id in any address.
from coproduce.learn.views import record as record_views  # noqa: E402

urlpatterns += [
    path("record/", record_views.record_page, name="record"),
    path("record/learning-record.pdf", record_views.record_pdf, name="record-pdf"),
    path("record/badges.zip", record_views.record_badges, name="record-badges"),
]

# The learn home page (views/home.py).
from coproduce.learn.views import home as home_views  # noqa: E402

urlpatterns += [
    path("", home_views.home, name="home"),
]

# Learning goals and baby steps, and recognising a step (views/goals.py).
from coproduce.learn.views import goals as goal_views  # noqa: E402

urlpatterns += [
    path("goals/new/", goal_views.goal_new, name="goal-new"),
    path("goals/<int:goal_id>/", goal_views.goal_page, name="goal"),
    path("goals/<int:goal_id>/edit/", goal_views.goal_edit, name="goal-edit"),
    path("goals/<int:goal_id>/achieved/", goal_views.goal_achieve_view, name="goal-achieve"),
    path("goals/<int:goal_id>/reopen/", goal_views.goal_reopen_view, name="goal-reopen"),
    path("goals/<int:goal_id>/delete/", goal_views.goal_delete_view, name="goal-delete"),
    path("goals/<int:goal_id>/steps/", goal_views.step_add_view, name="step-add"),
    path("steps/<int:step_id>/edit/", goal_views.step_edit, name="step-edit"),
    path("steps/<int:step_id>/move/", goal_views.step_move_view, name="step-move"),
    path("steps/<int:step_id>/remove/", goal_views.step_remove_view, name="step-remove"),
    path("steps/<int:step_id>/done/", goal_views.step_done_view, name="step-done"),
    path("steps/<int:step_id>/not-done/", goal_views.step_reopen_view, name="step-reopen"),
    path("steps/<int:step_id>/recognise/", goal_views.step_recognise_view, name="step-recognise"),
    path("recognitions/<int:recognition_id>/show/", goal_views.recognition_show_view, name="recognition-show"),
    path("recognise/", goal_views.steps_to_recognise_page, name="steps-to-recognise"),
]

# Failures that teach (views/failures.py).
from coproduce.learn.views import failures as failure_views  # noqa: E402

urlpatterns += [
    path("failures/", failure_views.failure_list, name="failures"),
    path("failures/new/", failure_views.failure_new, name="failure-new"),
    path("failures/<int:failure_id>/", failure_views.failure_page, name="failure"),
    path("failures/<int:failure_id>/edit/", failure_views.failure_edit, name="failure-edit"),
    path("failures/<int:failure_id>/withdraw/", failure_views.failure_withdraw_view, name="failure-withdraw"),
    path("failures/<int:failure_id>/thanks/", failure_views.failure_thanks_view, name="failure-thanks"),
    path("failures/<int:failure_id>/praise/", failure_views.failure_praise_view, name="failure-praise"),
]
