"""Finding themes across what people say: TF-IDF and non-negative matrix factorisation (scikit-learn).

Pure: takes texts and settings, returns plain data, never touches Django. The service (stories/services/themes.py)
streams texts from the database into it and saves what it returns; the benchmark feeds it generated texts.

The same texts (in the same order) with the same settings and seed give the same themes and the same memberships:
TF-IDF has no randomness, NMF starts from "nndsvda" (an SVD, randomised with the seed) and its coordinate-descent
solver is deterministic. The fingerprint names the texts, the settings and the scikit-learn version, so two runs
with the same fingerprint can be expected to agree.

Sized for a large place: a sparse float32 matrix, a capped vocabulary, words in fewer than two texts dropped, and
the texts read once as they stream past (only their keys are kept).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# Words people use in any story, whatever it is about: they would otherwise crowd into every theme's top terms.
STORY_TALK = frozenset(
    """
    able actually afternoon ago ask asked asking asks away bit came come comes coming could day days did didn
    does doing don done evening felt feel feeling find found fine get gets getting give given go goes going gone
    good got great half happened having help helped helping helps hour hours just know knew knows let like little
    lot lots make made many matter matters may maybe mean might minute minutes month months morning need needed
    never new next night now often okay one past people person place properly really right said say saying says
    see seemed seems sent start started starting still sure take taken talk talked tell think thought time times
    told took try tried trying two use used usually want wanted way week weeks well went whole without won wrote
    written yes yet year years thing things something someone everything everyone anything anyone always also
    back much even better first last long lovely nice bad quite though today yesterday understood remembered
    changed change arranged choose chose problem sort sorted lot called calling hope hoped wish organised
    """.split()
)
# Words of three letters or more, no digits: labels must read as plain words.
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"
METHOD = "tfidf-nmf-1"
MAX_ITER = 300
TOLERANCE = 1e-3


@dataclass(frozen=True)
class ThemeSettings:
    themes: int = 8
    seed: int = 0
    # Enough words to tell themes apart; more only costs memory and time.
    max_features: int = 20_000
    top_terms: int = 8
    # The place's own common words: its name, its organisations', services' and neighbourhoods' names.
    place_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class FoundTopic:
    """One theme: its top terms (strongest first) and its texts, as (position in the input, weight)."""

    terms: tuple[str, ...]
    members: list[tuple[int, float]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ", ".join(self.terms[:3])


@dataclass
class ThemesFound:
    topics: list[FoundTopic]
    # The key of each text, by its position in the input: members refer to these positions.
    keys: list[str]
    fingerprint: str
    vocabulary: int

    @property
    def texts(self) -> int:
        return len(self.keys)


# Below this many texts a place keeps words found in a single text and words found in most texts: with a few
# dozen stories, a word two people use is already a pattern.
SMALL_PLACE = 50


def _versions() -> str:
    import numpy
    import sklearn

    return f"{METHOD} sklearn-{sklearn.__version__} numpy-{numpy.__version__}"


def _analyser() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(token_pattern=TOKEN_PATTERN, strip_accents="unicode", lowercase=True).build_analyzer()


def stop_words(settings: ThemeSettings) -> frozenset[str]:
    """English stop words, words any story uses, and the place's own names, in the form the vectoriser sees them
    (lower case, accents off), so "Café" in a service's name drops "cafe" in every text."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    analyse = _analyser()
    place = {word for name in settings.place_words for word in analyse(name)}
    return frozenset(ENGLISH_STOP_WORDS | STORY_TALK | place)


def _fingerprinted(texts: Iterable[tuple[str, str]], digest: Any, keys: list[str]) -> Iterator[str]:
    for key, text in texts:
        keys.append(key)
        digest.update(f"{key}\x1f{text}\x1e".encode())
        yield text


def themes_find(texts: Iterable[tuple[str, str]], settings: ThemeSettings) -> ThemesFound:
    """Themes across `texts`, each (key, text), in the order given. Reads the texts once.

    Returns no topics when there is too little to go on: fewer than six texts, or no words left once the common
    ones are set aside."""
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer

    stops = stop_words(settings)
    digest = hashlib.sha256()
    digest.update(
        json.dumps(
            {
                "method": _versions(),
                "themes": settings.themes,
                "seed": settings.seed,
                "max_features": settings.max_features,
                "top_terms": settings.top_terms,
                "max_iter": MAX_ITER,
                "tolerance": TOLERANCE,
                "stop_words": sorted(stops),
            },
            sort_keys=True,
        ).encode()
    )
    keys: list[str] = []
    stream = _fingerprinted(texts, digest, keys)
    head = list(itertools.islice(stream, SMALL_PLACE))
    small = len(head) < SMALL_PLACE
    vectoriser = TfidfVectorizer(
        stop_words=sorted(stops),
        token_pattern=TOKEN_PATTERN,
        lowercase=True,
        strip_accents="unicode",
        max_features=settings.max_features,
        sublinear_tf=True,
        dtype=np.float32,
        min_df=1 if small else 2,
        max_df=1.0 if small else 0.5,
    )
    try:
        matrix = vectoriser.fit_transform(head if small else itertools.chain(head, stream))
    except ValueError:
        # Nothing but common words, or nothing at all: read the rest so the count and fingerprint are whole.
        for _text in stream:
            pass
        return ThemesFound(topics=[], keys=keys, fingerprint=digest.hexdigest(), vocabulary=0)
    fingerprint = digest.hexdigest()
    words = vectoriser.get_feature_names_out()
    wanted = min(settings.themes, len(keys) // 3, len(words))
    if wanted < 2:
        return ThemesFound(topics=[], keys=keys, fingerprint=fingerprint, vocabulary=len(words))
    model = NMF(n_components=wanted, init="nndsvda", random_state=settings.seed, max_iter=MAX_ITER, tol=TOLERANCE)
    with warnings.catch_warnings():
        # Stopping at MAX_ITER is expected on large places and just as reproducible: the top terms and each
        # text's strongest theme settle long before the last digits of the fit do.
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    strongest = np.argmax(weights, axis=1)
    strength = weights[np.arange(weights.shape[0]), strongest]
    topics: list[FoundTopic] = []
    for index in range(wanted):
        component = model.components_[index]
        order = np.argsort(-component, kind="stable")[: settings.top_terms]
        top = tuple(str(words[i]) for i in order if component[i] > 0)
        rows = np.flatnonzero((strongest == index) & (strength > 0))
        members = sorted(((int(row), round(float(strength[row]), 6)) for row in rows), key=lambda m: (-m[1], m[0]))
        if members and top:
            topics.append(FoundTopic(terms=top, members=members))
    # The biggest theme first; equal sizes by their terms, so the order never depends on the factorisation's.
    topics.sort(key=lambda topic: (-len(topic.members), topic.terms))
    return ThemesFound(topics=topics, keys=keys, fingerprint=fingerprint, vocabulary=len(words))
