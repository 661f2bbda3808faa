"""What a story gatherer reads to the teller before writing their story down, and the teller agrees to.

The words shown are stored on the story with the time, so what was agreed can always be read back exactly. When
the wording changes, add a new version and keep the old ones: stories gathered under them still point at them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _noop


@dataclass(frozen=True)
class GatheringConsent:
    version: str
    text: str


# Shown in the gatherer's language; what is stored is exactly what was shown, in that language.
GATHERING_CONSENT_VERSIONS: tuple[GatheringConsent, ...] = (
    GatheringConsent(
        version="1",
        text=_noop(
            "I will write your story down in your own words and read it back to you, so you can change anything. "
            "Before anyone else reads it, someone checks it and takes out anything that could tell people who you, "
            "or anyone else in it, are. Only the people you choose will be able to read it, and the services it is "
            "about may answer it. You can change who reads it, or take it back altogether, at any time: tell me, or "
            "anyone who runs this platform. Are you happy for me to write it down and share it like that?"
        ),
    ),
)


def gathering_consent_current() -> GatheringConsent:
    """The wording to read out now, in the language of the page it is shown on."""
    latest = GATHERING_CONSENT_VERSIONS[-1]
    return GatheringConsent(version=latest.version, text=gettext(latest.text))
