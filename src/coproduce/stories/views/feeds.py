"""Atom feeds of public, published stories: the whole place's, and one service's.

Only stories their tellers made public are in a feed, and a story withdrawn leaves it at once (feed readers that
kept a copy are out of our hands, which the reach choice says). Story words go out escaped: a feed reader treats
the summary as HTML, so nothing a teller typed can ever become markup there.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from coproduce.core.permissions import public
from coproduce.core.services import place_get
from coproduce.organisations.models import Service
from coproduce.stories.models import Story
from coproduce.stories.selectors.stories import stories_feed
from coproduce.stories.templatetags.stories_tags import teller_label

FEED_LENGTH = 50


class PlaceStoriesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Service | None:
        return None

    def title(self, obj: Service | None) -> str:
        return _("Stories from %(place)s") % {"place": place_get().name}

    def subtitle(self, obj: Service | None) -> str:
        return _("Stories people chose to share with anyone, in their own words.")

    def link(self, obj: Service | None) -> str:
        return reverse("stories:list")

    def items(self, obj: Service | None) -> list[Story]:
        return stories_feed(service=obj, limit=FEED_LENGTH)

    def item_title(self, item: Story) -> str:
        return item.title

    def item_description(self, item: Story) -> str:
        return linebreaks(item.body, autoescape=True)

    def item_link(self, item: Story) -> str:
        return item.get_absolute_url()

    def item_author_name(self, item: Story) -> str:
        return teller_label(item)

    def item_pubdate(self, item: Story) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Story) -> datetime | None:
        return item.published_at

    def item_categories(self, item: Story) -> list[str]:
        return [theme.name for theme in item.themes.all()]


class ServiceStoriesFeed(PlaceStoriesFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Service | None:
        return get_object_or_404(Service.objects.select_related("organisation"), pk=kwargs["service_id"])

    def title(self, obj: Service | None) -> str:
        assert obj is not None
        return _("Stories about %(service)s, %(organisation)s") % {
            "service": obj.name,
            "organisation": obj.organisation.name,
        }

    def link(self, obj: Service | None) -> str:
        assert obj is not None
        return f"{reverse('stories:list')}?service={obj.pk}"


# Feed readers fetch these without signing in, and a reader signed in elsewhere must not be sent to a sign-in step.
place_feed = public(PlaceStoriesFeed())
service_feed = public(ServiceStoriesFeed())
