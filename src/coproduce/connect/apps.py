from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class ConnectConfig(AppConfig):
    name = "coproduce.connect"
    label = "connect"
    verbose_name = _("Connect")
    areas = [
        Area(
            label=_("Connect"),
            url_name="connect:home",
            order=30,
            permission="connect.use",
            summary=_("Find a buddy, be one, meet peer supporters and get introduced to people and places nearby."),
        ),
    ]
