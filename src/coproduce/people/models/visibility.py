"""Who may see a personal field. The person chooses, field by field; each level includes the ones above it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    ONLY_ME = "only_me", _("Only me")
    FACILITATORS = "facilitators", _("Facilitators")
    ORGANISATIONS = "organisations", _("People in my organisations, and facilitators")
    EVERYONE = "everyone", _("Everyone in the place who has signed in")


# A viewer who may see fields at `level` also sees every wider level: a facilitator sees fields shared with
# facilitators, with the person's organisations and with everyone.
WIDTH = {Visibility.ONLY_ME: 0, Visibility.FACILITATORS: 1, Visibility.ORGANISATIONS: 2, Visibility.EVERYONE: 3}


def levels_visible_from(narrowest: Visibility) -> list[str]:
    """The levels a viewer can see when `narrowest` is the narrowest one open to them."""
    return [str(level) for level, width in WIDTH.items() if width >= WIDTH[narrowest]]


def visibility_field(default: Visibility) -> models.CharField:
    return models.CharField(max_length=16, choices=Visibility.choices, default=default)
