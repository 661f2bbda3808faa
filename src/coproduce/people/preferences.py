"""How pages look for this reader: saved on the person, or in the session for a visitor."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "coproduce_preferences"


@dataclass(frozen=True)
class Preferences:
    easy_read: bool = False
    larger_text: bool = False
    reduced_motion: bool = False
    language: str = settings.LANGUAGE_CODE

    @property
    def css_classes(self) -> list[str]:
        names = {"easy_read": "cp-easy-read", "larger_text": "cp-larger-text", "reduced_motion": "cp-reduced-motion"}
        return [css for field, css in names.items() if getattr(self, field)]

    def as_session(self) -> dict[str, object]:
        return asdict(self)


def preferences_for(request: HttpRequest) -> Preferences:
    user = request.user
    if user.is_authenticated:
        return Preferences(
            easy_read=user.easy_read,
            larger_text=user.larger_text,
            reduced_motion=user.reduced_motion,
            language=user.language,
        )
    stored = request.session.get(SESSION_KEY) or {}
    known = {k: v for k, v in stored.items() if k in Preferences.__dataclass_fields__}
    return Preferences(**known)
