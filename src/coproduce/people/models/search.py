from __future__ import annotations

from django.conf import settings
from django.db import models

from coproduce.people.models.assets import CommunityAsset
from coproduce.people.models.visibility import Visibility


class SearchEntry(models.Model):
    """What "Who can help?" searches: for each person, one row per visibility level holding the words of the fields
    shared at exactly that level; for each community asset, one row at level "everyone".

    `document` holds stemmed words and marker tokens (tags, languages, neighbourhood) made in Python, so that
    PostgreSQL (a GIN index on to_tsvector('simple', document)) and SQLite (an FTS5 table kept in step by
    triggers) match exactly the same rows. Fields shared with "only me" are never indexed.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    asset = models.ForeignKey(CommunityAsset, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=16, choices=Visibility.choices)
    document = models.TextField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, asset__isnull=True)
                | models.Q(person__isnull=True, asset__isnull=False),
                name="search_entry_one_subject",
            ),
            models.UniqueConstraint(fields=["person", "level"], name="search_entry_person_level"),
            models.UniqueConstraint(fields=["asset", "level"], name="search_entry_asset_level"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id or self.asset_id} {self.level}"
