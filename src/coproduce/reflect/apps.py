from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class ReflectConfig(AppConfig):
    name = "coproduce.reflect"
    label = "reflect"
    verbose_name = _("Reflect")
    areas = [
        Area(
            label=_("Reflect"),
            url_name="reflect:home",
            order=50,
            permission="reflect.use",
            summary=_("How well does your service work with people? Look at it together, from every side."),
        ),
    ]

    def ready(self) -> None:
        from coproduce.reflect import privacy
        from coproduce.reflect.services.frameworks import frameworks_bundled_load_signal

        privacy.register()
        post_migrate.connect(frameworks_bundled_load_signal, sender=self)
