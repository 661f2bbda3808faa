from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coproduce.core.navigation import Area


class PeopleConfig(AppConfig):
    name = "coproduce.people"
    label = "people"
    verbose_name = _("People")
    areas = [
        Area(
            label=_("Groups and places"),
            url_name="people:assets",
            order=30,
            summary=_(
                "Groups, clubs, places and resources in the place: what they offer, when, where and how to get in."
            ),
        ),
        Area(
            label=_("Facilitating"),
            url_name="people:facilitate",
            order=86,
            permission="people.facilitate",
            summary=_("Invitations, adding people, pioneer nominations and the shared lists."),
        ),
        Area(
            label=_("Who can help?"),
            url_name="people:search",
            order=20,
            permission="signed_in",
            summary=_("Find people who offer the gifts and skills you need, and groups and places near you."),
        ),
        Area(
            label=_("My profile"),
            url_name="people:my-profile",
            order=15,
            permission="signed_in",
            summary=_(
                "Say who you are in your own words: what you could offer, what you love and what you’d like to learn."
            ),
        ),
    ]
