from django.urls import URLPattern, URLResolver

app_name = "recognition"
# Each view module adds its own lines here, grouped by module.
urlpatterns: list[URLPattern | URLResolver] = []

# views/credentials.py and views/verify.py: the public Open Badges documents (no sign-in), the badge file, and the
# page that checks one. Put first, so that these fixed words are never read as a badge's slug.
from django.urls import path  # noqa: E402

from coproduce.recognition.views import credentials as credential_views  # noqa: E402
from coproduce.recognition.views import verify as verify_views  # noqa: E402

urlpatterns[0:0] = [
    path("issuer.json", credential_views.issuer, name="issuer"),
    path("jwks.json", credential_views.jwks, name="jwks"),
    path("keys/<slug:kid>.json", credential_views.key, name="key"),
    path("revocations.json", credential_views.revocations, name="revocations"),
    path("verify/", verify_views.verify, name="verify"),
    path("awards/<int:award_id>/credential.jwt", credential_views.award_credential, name="award-credential"),
    path("<slug:slug>/achievement.json", credential_views.achievement, name="achievement"),
    path("<slug:slug>/image", credential_views.badge_image, name="badge-image"),
]

# views/badges.py, views/awards.py and views/suggestions.py: the badge pages, nominating, awarding and answering.
# The pages addressed by a badge's slug come last: services/badges.py never gives a badge a slug that one of the
# fixed addresses above uses.
from coproduce.recognition.views import awards as award_views  # noqa: E402
from coproduce.recognition.views import badges as badge_views  # noqa: E402
from coproduce.recognition.views import suggestions as suggestion_views  # noqa: E402

urlpatterns += [
    path("", badge_views.badge_list, name="list"),
    path("new/", badge_views.badge_new, name="badge-new"),
    path("mine/", award_views.mine, name="mine"),
    path("nominations/", award_views.nomination_queue, name="nominations"),
    path("nominations/<int:nomination_id>/", award_views.nomination_decide, name="nomination"),
    path(
        "nominations/<int:nomination_id>/withdraw/",
        award_views.nomination_withdraw_view,
        name="nomination-withdraw",
    ),
    path("suggestions/", suggestion_views.suggestions, name="suggestions"),
    path("awards/<int:award_id>/", award_views.award_page, name="award"),
    path("awards/<int:award_id>/respond/", award_views.award_respond, name="award-respond"),
    path("awards/<int:award_id>/show/", award_views.award_show, name="award-show"),
    path("awards/<int:award_id>/revoke/", award_views.award_revoke_view, name="award-revoke"),
    path("<slug:slug>/", badge_views.badge_page, name="badge"),
    path("<slug:slug>/edit/", badge_views.badge_edit, name="badge-edit"),
    path("<slug:slug>/retire/", badge_views.badge_retire_view, name="badge-retire"),
    path("<slug:slug>/nominate/", badge_views.nominate, name="nominate"),
    path("<slug:slug>/award/", award_views.badge_award, name="badge-award"),
]
