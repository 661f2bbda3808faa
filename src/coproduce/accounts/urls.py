from django.urls import path

from coproduce.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-in/link/", views.sign_in_link_request, name="sign-in-link"),
    path("sign-in/link/open/", views.sign_in_link_open, name="sign-in-link-open"),
    path("sign-in/two-factor/", views.two_factor, name="two-factor"),
    path("password/change/", views.password_change, name="password-change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("place/people/", views.place_people, name="place-people"),
    path("place/people/<int:person_id>/two-factor-reset/", views.two_factor_reset, name="two-factor-reset"),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/new/", views.invitation_create, name="invite"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
