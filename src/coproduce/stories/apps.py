from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class StoriesConfig(AppConfig):
    name = "coproduce.stories"
    label = "stories"
    verbose_name = _("Stories")
    areas = [
        Area(
            label=_("Stories"),
            url_name="stories:list",
            order=45,
            # Public stories can be read without an account, so the area shows to everyone.
            permission=None,
            summary=_("Tell your story in your own words, read other people’s, and see what services do about them."),
        ),
    ]

    def ready(self) -> None:
        from coproduce.stories import privacy

        privacy.register()
