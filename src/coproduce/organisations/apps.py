from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class OrganisationsConfig(AppConfig):
    name = "coproduce.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    areas = [
        Area(
            label=_("Organisations"),
            url_name="organisations:list",
            order=80,
            summary=_("The councils, NHS bodies, providers and community groups taking part, and their services."),
        )
    ]
