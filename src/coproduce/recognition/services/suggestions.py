"""The thresholds at which a badge suggests people to the facilitators.

A place can say, for a badge, "suggest anyone who has trained staff from lived experience five times". Nobody is
given a badge automatically: a suggestion only puts a name in front of the people who award, who then add evidence
as they would for any award (see selectors/suggestions.py for how people are counted).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from coproduce.recognition.models import Badge

SUGGEST_AT_MAX = 1000


class SuggestionError(ValueError):
    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def suggestion_threshold_checked(*, suggest_for: str, suggest_at: int | None) -> tuple[str, int | None]:
    """(what is counted, how many) as they will be stored: a count only with something to count."""
    suggest_for = suggest_for or ""
    if suggest_for not in Badge.SuggestFor.values:
        raise SuggestionError(_("Choose who the badge should be suggested for."), field="suggest_for")
    if not suggest_for:
        return "", None
    if suggest_at is None:
        raise SuggestionError(
            _("Say how many it takes before someone is suggested for the badge, for example 3."), field="suggest_at"
        )
    if not 1 <= suggest_at <= SUGGEST_AT_MAX:
        raise SuggestionError(
            _("The number must be between 1 and %(max)s.") % {"max": SUGGEST_AT_MAX}, field="suggest_at"
        )
    return suggest_for, suggest_at
