from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class LearnConfig(AppConfig):
    name = "coproduce.learn"
    label = "learn"
    verbose_name = _("Learn")
    areas = [
        Area(
            label=_("Learn"),
            url_name="learn:home",
            order=70,
            permission="learn.use",
            summary=_(
                "Set yourself learning goals in small steps, learn from things that didn’t work, and train together."
            ),
        ),
    ]

    def ready(self) -> None:
        from coproduce.learn import privacy

        privacy.register()
