from django.urls import path

from coproduce.people.views import assets, consents, facilitate, my_data, people_import, pioneers, preferences, search
from coproduce.people.views import profiles as profile_views
from coproduce.people.views import tags as tag_views

app_name = "people"
urlpatterns = [
    path("settings/", preferences.preferences, name="preferences"),
    # Pioneers, consent, my data, closing an account, and importing people.
    path("people/<int:person_id>/nominate/", pioneers.pioneer_nominate_view, name="nominate"),
    path("people/pioneers/", pioneers.pioneer_list, name="pioneers"),
    path("people/facilitate/", facilitate.facilitate, name="facilitate"),
    path("people/me/consents/", consents.my_consents, name="consents"),
    path("people/<int:person_id>/consents/record/", consents.consent_record, name="consent-record"),
    path("people/me/data/", my_data.my_data, name="my-data"),
    path("people/me/data/<int:export_id>/", my_data.my_data_download, name="my-data-download"),
    path("people/me/close/", my_data.account_close, name="close"),
    path("people/closed/", my_data.account_closed, name="closed"),
    path("people/import/", people_import.people_import_upload_view, name="import"),
    path("people/import/<int:import_id>/", people_import.people_import_preview, name="import-preview"),
    path("people/import/<int:import_id>/done/", people_import.people_import_done, name="import-done"),
    # "Who can help?" and community assets.
    path("people/", search.search, name="search"),
    path("people/assets/", assets.asset_list, name="assets"),
    path("people/assets/add/", assets.asset_create, name="asset-create"),
    path("people/assets/<int:asset_id>/", assets.asset_detail, name="asset"),
    path("people/assets/<int:asset_id>/edit/", assets.asset_edit, name="asset-edit"),
    # Profiles in people's own words, the first-time journey, and filling one in with someone.
    path("people/me/", profile_views.my_profile, name="my-profile"),
    path("people/me/start/", profile_views.journey_start, name="journey-start"),
    path("people/me/start/<int:step>/", profile_views.journey, name="journey"),
    path("people/me/edit/<slug:section>/", profile_views.profile_edit, name="profile-edit"),
    path("people/me/confirm/", profile_views.profile_confirm_view, name="profile-confirm"),
    path("people/<int:person_id>/", profile_views.profile, name="profile"),
    path("people/<int:person_id>/fill-in/", profile_views.fill_in_start, name="fill-in-start"),
    path("people/<int:person_id>/fill-in/<int:step>/", profile_views.fill_in, name="fill-in"),
    # Curating the shared lists of tags, neighbourhoods and languages.
    path("people/tags/", tag_views.tag_list, name="tags"),
    path("people/tags/<int:tag_id>/", tag_views.tag_detail, name="tag"),
    path("people/tags/<int:tag_id>/approve/", tag_views.tag_approve_view, name="tag-approve"),
    path(
        "people/tags/<int:tag_id>/synonyms/<int:synonym_id>/remove/",
        tag_views.tag_synonym_remove_view,
        name="tag-synonym-remove",
    ),
    path(
        "people/tags/<int:tag_id>/related/<int:other_id>/remove/",
        tag_views.tag_unrelate_view,
        name="tag-related-remove",
    ),
    path("people/tags/neighbourhoods/", tag_views.neighbourhood_list, name="neighbourhoods"),
    path("people/tags/neighbourhoods/<int:pk>/", tag_views.neighbourhood_edit, name="neighbourhood"),
    path("people/tags/languages/", tag_views.language_list, name="languages"),
    path("people/tags/languages/<int:pk>/", tag_views.language_edit, name="language"),
]
