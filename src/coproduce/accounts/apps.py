from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"
    verbose_name = _("Accounts and signing in")
    # Inviting people is how the place grows, so facilitators should find it without hunting.
    areas = [
        Area(
            label=_("Invitations"),
            url_name="accounts:invitations",
            order=85,
            permission="accounts.view_sent_invitations",
        )
    ]
