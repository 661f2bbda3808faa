from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class PlansConfig(AppConfig):
    name = "coproduce.plans"
    label = "plans"
    verbose_name = _("Plans")
    areas = [
        Area(
            label=_("Plans"),
            url_name="plans:list",
            order=60,
            permission="plans.view_plan",
            summary=_("You said, we did: what is being done, by whom and by when, and how it is going."),
        ),
    ]

    def ready(self) -> None:
        from coproduce.plans import privacy

        privacy.register()
