from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"
    verbose_name = _("Accounts and signing in")

    def ready(self) -> None:
        from coproduce.accounts import privacy

        privacy.register()
