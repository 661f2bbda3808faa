from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class RecognitionConfig(AppConfig):
    name = "coproduce.recognition"
    label = "recognition"
    verbose_name = _("Recognition")
    areas = [
        Area(
            label=_("Badges"),
            url_name="recognition:list",
            order=72,
            permission="signed_in",
            summary=_("Badges for hidden talents and for learning: nominate someone, and see the badges you hold."),
        ),
    ]

    def ready(self) -> None:
        from coproduce.recognition import privacy

        privacy.register()
