from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class TimebankConfig(AppConfig):
    name = "coproduce.timebank"
    label = "timebank"
    verbose_name = _("Timebank")
    areas = [
        Area(
            label=_("Timebank"),
            url_name="timebank:board",
            order=40,
            permission="timebank.use",
            summary=_("Give an hour, get an hour, whatever the skill: offer help, ask for it, and see your hours."),
        ),
    ]

    def ready(self) -> None:
        from coproduce.timebank import privacy

        privacy.register()
