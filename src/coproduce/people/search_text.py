"""Words to search terms, the same way for what is indexed and what is asked, on every database.

Stemming happens here in Python (Snowball's English stemmer), so PostgreSQL and SQLite are given identical
terms and cannot disagree about what matches. Tags, languages and neighbourhoods become marker terms
("tag12", "lang3", "hood4") that no ordinary word can produce.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    "a an and are as at be but by can do for from has have i i'm if in into is it its me my of on or our so "
    "than that the their them then there these they this to was we were what when where which who will with "
    "would you your".split()
)


_per_thread = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    # A stemmer keeps the word it is working on in itself, so threads (a threaded web worker) each need their own.
    stemmer = getattr(_per_thread, "stemmer", None)
    if stemmer is None:
        stemmer = _per_thread.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # The stemmer is pure Python (tens of microseconds a word) and a place uses a few thousand words over and
    # over, so remembering them makes indexing 100,000 profiles, and each results page, many times faster.
    return str(_stemmer().stemWord(word))


def _fold(text: str) -> str:
    if text.isascii():
        # Most text has no accents to take off; this skips looking at it letter by letter.
        return text.casefold()
    # "Café" and "cafe" are the same word to someone searching.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def terms(text: str) -> list[str]:
    """The stemmed search terms of `text`, in order, without stop words or duplicates."""
    words = [w for w in _WORD.findall(_fold(text)) if w not in _STOP and len(w) > 1]
    seen: dict[str, None] = {}
    for word in words:
        seen.setdefault(_stem(word), None)
    return list(seen)


def words(text: str) -> list[str]:
    """Every word of `text`, folded but not stemmed, in order, stop words kept."""
    return _WORD.findall(_fold(text))


def phrase(text: str) -> tuple[str, ...]:
    """Every word of `text` stemmed, in order, stop words kept: for finding a tag's name or synonym inside what
    someone typed, where "IT help" must not shrink to "help" and match every request for help."""
    return tuple(_stem(w) for w in words(text))


def tag_term(tag_id: int, kind: str = "") -> str:
    """A tag's marker; with a kind ("gift", "passion", "learn") it says how the person holds it."""
    return f"tag{kind}{tag_id}"


def language_term(language_id: int) -> str:
    return f"lang{language_id}"


def neighbourhood_term(neighbourhood_id: int) -> str:
    return f"hood{neighbourhood_id}"
