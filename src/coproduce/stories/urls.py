from django.urls import URLPattern, URLResolver, path

from coproduce.stories.views import feeds, stories, telling
from coproduce.stories.views import search as search_views
from coproduce.stories.views import themes as themes_views

app_name = "stories"
# Each view module adds its own lines here, grouped by module.
urlpatterns: list[URLPattern | URLResolver] = []

# views/stories.py, views/telling.py, views/feeds.py: reading, telling, gathering, withdrawing; the Atom feeds.
urlpatterns += [
    path("", stories.story_list, name="list"),
    path("mine/", stories.story_mine, name="mine"),
    path("tell/", telling.story_tell, name="tell"),
    path("gather/", telling.story_gather_view, name="gather"),
    path("feed.atom", feeds.place_feed, name="feed"),
    path("services/<int:service_id>/feed.atom", feeds.service_feed, name="service-feed"),
    path("<int:story_id>/", stories.story_page, name="story"),
    path("<int:story_id>/edit/", telling.story_edit, name="edit"),
    path("<int:story_id>/sharing/", telling.story_sharing, name="sharing"),
    path("<int:story_id>/withdraw/", telling.story_withdraw_view, name="withdraw"),
]

# views/search.py, views/themes.py: story search; the themes found across what people say.
urlpatterns += [
    path("search/", search_views.story_search, name="search"),
    path("themes/", themes_views.themes_page, name="themes"),
    path("themes/run/", themes_views.themes_run, name="themes-run"),
    path("themes/<int:theme_id>/", themes_views.theme_page, name="theme"),
]

# views/moderation.py: the moderation queue, checking a story, the teller's answer to a suggestion, the history.
from coproduce.stories.views import moderation  # noqa: E402

urlpatterns += [
    path("moderation/", moderation.moderation_queue_view, name="moderation"),
    path("moderation/<int:story_id>/", moderation.moderation_story, name="moderation-story"),
    path("moderation/<int:story_id>/keep/", moderation.moderation_keep, name="moderation-keep"),
    path("moderation/<int:story_id>/suggest/", moderation.moderation_suggest, name="moderation-suggest"),
    path("moderation/<int:story_id>/take-back/", moderation.moderation_take_back, name="moderation-take-back"),
    path("moderation/<int:story_id>/publish/", moderation.moderation_publish, name="moderation-publish"),
    path("moderation/<int:story_id>/not-publish/", moderation.moderation_not_publish, name="moderation-not-publish"),
    path("<int:story_id>/suggested-change/", moderation.suggested_change, name="suggested-change"),
    path("<int:story_id>/revisions/", moderation.story_revisions, name="revisions"),
]

# views/responses.py, views/measures.py, views/feedback.py: services answering stories; the published measures;
# feedback straight to managers, their inbox, and venue tablets.
from coproduce.stories.views import feedback as feedback_views  # noqa: E402
from coproduce.stories.views import measures as measures_views  # noqa: E402
from coproduce.stories.views import responses as responses_views  # noqa: E402

urlpatterns += [
    path("respond/", responses_views.waiting, name="waiting"),
    path("<int:story_id>/respond/<int:service_id>/", responses_views.respond, name="respond"),
    path("responses/<int:response_id>/edit/", responses_views.response_edit, name="response-edit"),
    path("measures/", measures_views.measures_page, name="measures"),
    path("services/<int:service_id>/measures/", measures_views.service_measures, name="service-measures"),
    path("tell-the-manager/", feedback_views.tell_the_manager, name="tell-the-manager"),
    path("feedback/", feedback_views.inbox, name="feedback"),
    path("feedback/mine/", feedback_views.my_feedback, name="my-feedback"),
    path("feedback/<int:feedback_id>/", feedback_views.feedback_item, name="feedback-item"),
    path(
        "feedback/<int:feedback_id>/acknowledge/",
        feedback_views.feedback_acknowledge_view,
        name="feedback-acknowledge",
    ),
    path("feedback/<int:feedback_id>/remove/", feedback_views.feedback_remove_view, name="feedback-remove"),
    path("feedback/venues/", feedback_views.venue_links, name="venue-links"),
    path("feedback/venues/<int:link_id>/stop/", feedback_views.venue_link_stop_view, name="venue-link-stop"),
    path("venue/<str:token>/", feedback_views.venue, name="venue"),
]
