from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class CoreConfig(AppConfig):
    name = "coproduce.core"
    label = "core"
    verbose_name = _("Core")
    areas = [
        Area(label=_("Home"), url_name="core:home", order=0),
        Area(
            label=_("Place admin"),
            url_name="core:place-admin",
            order=900,
            permission="core.administer_place",
            summary=_("Name the place and read the audit log."),
        ),
    ]
