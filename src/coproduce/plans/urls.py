from django.urls import URLPattern, URLResolver, path

from coproduce.plans.views import actions, lists, plans

app_name = "plans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", plans.plan_list, name="list"),
    path("new/", plans.plan_new, name="new"),
    path("mine/", lists.my_actions, name="mine"),
    path("overdue/", lists.overdue, name="overdue"),
    path("<int:plan_id>/", plans.plan_page, name="plan"),
    path("<int:plan_id>/edit/", plans.plan_edit, name="plan-edit"),
    path("<int:plan_id>/actions/new/", plans.action_new, name="action-new"),
    path("actions/<int:action_id>/", actions.action_page, name="action"),
    path("actions/<int:action_id>/edit/", actions.action_edit, name="action-edit"),
    path("actions/<int:action_id>/update/", actions.action_update, name="action-update"),
]
