"""Story search: published stories found by their words, ranked the same on PostgreSQL and SQLite.

How a search runs:

1. What someone typed becomes stemmed terms (people.search_text, the same as the index), at most MAX_WORDS of
   them. A chosen service or theme becomes a marker every result must have.
2. First every word must be in the story (its title, its body, or the name of a service or theme it is tagged
   with). Only if no story has them all does the search run again for stories with any of them, most words first,
   and the page says so.
3. The candidates are the matching stories, at most CANDIDATES of them, the most recently told first: the full-text
   index answers this without reading a story. They are filtered by `visibility.stories_published_to(viewer)`, so
   the same rule decides what search shows as every other list. Only published stories are in the index, and the
   status is read again here, so a withdrawn story is gone from search the moment it is withdrawn.
4. A word in the title counts 3, in a service's or theme's name 2, in the body 1; a story scores the best place
   each word was found, summed over the words. Where each word was found is one more indexed match per word and
   place, made once for all the candidates (with every word, so the index hands back only candidates). Ties go to
   the newest. All of it is one SQL statement.
5. The twenty stories on the page are then read with their services and themes (three queries), and a few lines
   around the first word found are cut from each.

Neither ts_rank nor bm25 is used: they score differently, and PostgreSQL and SQLite must give the same order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL

from coproduce.organisations.models import Service
from coproduce.people.search_text import terms
from coproduce.stories.models import Story, Theme
from coproduce.stories.search import named_term, service_term, theme_term, title_term
from coproduce.stories.visibility import stories_published_to

PAGE_SIZE = 20
MAX_TEXT_LENGTH = 200
# More words than this say little more about what someone wants, and each adds work to the query.
MAX_WORDS = 10
# Beyond this a page number is a mistake or a robot: the search shows the last page instead.
MOST_PAGES = 10_000

# A word in more stories than this says little on its own: the most recently told this many with it are ranked (and
# the page says there are more, and suggests another word). Ranking reads each candidate's row to ask whether the
# viewer may read it, so this bounds the work of a search for an everyday word ("staff", in a third of all stories)
# to that of a rarer one.
CANDIDATES = 2000

WEIGHT_TITLE = 3
WEIGHT_NAMED = 2
WEIGHT_BODY = 1
_EXCERPT_WORDS = 40


class SearchTextTooLong(ValueError):
    pass


@dataclass(frozen=True)
class StoryHit:
    story: Story
    score: int
    words_matched: int
    # The body around the first word found: (text, whether it is a word that was searched for), in order.
    excerpt: tuple[tuple[str, bool], ...] = ()
    excerpt_cut_start: bool = False
    excerpt_cut_end: bool = False


@dataclass(frozen=True)
class StorySearchPage:
    results: list[StoryHit]
    total: int
    number: int
    page_size: int = PAGE_SIZE
    # False when nothing searchable was given (only little words such as "the", or nothing at all).
    searched: bool = True
    # False when no story had every word and these results have only some of them.
    every_word: bool = True
    words: int = 0
    # True when more stories had the words than are ranked (CANDIDATES): `total` counts those ranked.
    more: bool = False

    # The attributes below let core/_pagination.html show this page like a Django Page.
    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def paginator(self) -> StorySearchPage:
        return self

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.results else 0


# --- Full-text matching, one way per database -------------------------------------------------------------------
# Terms come from search_text (letters and digits only) or from markers made of letters and digits, so quoting
# them is enough on both databases.


def _expression(words: list[str], required: list[str], *, every: bool) -> str:
    """A full-text query: every word (or any word) and every required marker."""
    if connection.vendor == "postgresql":
        joined = (" & " if every else " | ").join(f"'{t}'" for t in words)
        parts = [f"({joined})"] if words else []
        return " & ".join(parts + [f"'{t}'" for t in required])
    joined = (" AND " if every else " OR ").join(f'"{t}"' for t in words)
    parts = [f"({joined})"] if words else []
    return " AND ".join(parts + [f'"{t}"' for t in required])


def _matching_ids_sql(*, newest: int | None = None) -> str:
    """Story ids whose index row matches one full-text expression (its one parameter); with `newest`, only that many,
    the most recently written first."""
    limit = f" DESC LIMIT {int(newest)}" if newest is not None else ""
    if connection.vendor == "postgresql":
        # Exactly the indexed expression, so the GIN index stories_storysearchentry_document_fts answers it.
        matching = (
            "SELECT story_id FROM stories_storysearchentry "
            "WHERE to_tsvector('simple', document) @@ to_tsquery('simple', %s)"
        )
        if not limit:
            return matching
        # OFFSET 0 keeps the match a bitmap scan of the index: asked for the newest first, the planner would
        # otherwise walk the table backwards computing to_tsvector for every row, whose cost it underestimates.
        return f"SELECT story_id FROM ({matching} OFFSET 0) matching ORDER BY story_id{limit}"  # noqa: S608
    # content_rowid is story_id, so the FTS table gives the story's id without reading the row, and can walk its
    # matches newest first.
    order = f" ORDER BY rowid{limit}" if limit else ""
    return f"SELECT rowid FROM stories_storysearchentry_fts WHERE stories_storysearchentry_fts MATCH %s{order}"  # noqa: S608


# --- The query ------------------------------------------------------------------------------------------------


def _search_sql(
    viewer: Any, words: list[str], required: list[str], *, every: bool, limit: int, offset: int
) -> tuple[str, list[Any]] | None:
    """The one statement: total, whether the candidates were capped, then the page's story ids with their scores.
    None when the viewer may read nothing at all."""
    postgres = connection.vendor == "postgresql"
    materialized = "MATERIALIZED " if postgres else ""
    # The candidates: the newest matches, at most CANDIDATES (one more, to know whether there were more).
    params: list[Any] = [_expression(words, required, every=every)]
    candidates = f"SELECT story_id FROM fts ORDER BY story_id DESC LIMIT {int(CANDIDATES)}"  # noqa: S608
    readable = (
        stories_published_to(viewer)
        .order_by()
        .filter(pk__in=RawSQL(candidates, ()))  # noqa: S611
        .values_list("pk", "published_at")
    )
    try:
        main_sql, main_params = readable.query.sql_with_params()
    except EmptyResultSet:
        return None
    params.extend(main_params)
    # How each word was found in each candidate: in the title, in a service's or theme's name, or (when not every
    # word need be there) at all. Each is one indexed match, made only once for all candidates. When every word
    # must be there, a word's title or name marker is looked for together with all the words, so the index hands
    # back only candidates.
    flags: list[str] = []
    score_parts: list[str] = []
    matched_parts: list[str] = []
    for group, term in enumerate(words):
        places = [("t", WEIGHT_TITLE, title_term(term)), ("n", WEIGHT_NAMED, named_term(term))]
        if not every:
            places.append(("p", WEIGHT_BODY, term))
        cases = []
        for kind, weight, marker in places:
            column = f"{kind}{int(group)}"
            flags.append(f"CASE WHEN m.id IN ({_matching_ids_sql()}) THEN 1 ELSE 0 END AS {column}")
            params.append(_expression([*words, marker] if every else [marker], required, every=True))
            cases.append(f"WHEN {column} = 1 THEN {int(weight)}")
        # A word of an every-word search is in every candidate: in the body at least.
        base = WEIGHT_BODY if every else 0
        score_parts.append(f"CASE {' '.join(cases)} ELSE {base} END")
        if every:
            matched_parts.append("1")
        else:
            matched_parts.append(f"CASE WHEN t{group} + n{group} + p{group} > 0 THEN 1 ELSE 0 END")
    flag_sql = "".join(f", {flag}" for flag in flags)
    score = " + ".join(score_parts) or "0"
    matched = " + ".join(matched_parts) or "0"
    order = "matched DESC, score DESC, published_at DESC NULLS LAST, id DESC"
    sql = f"""
WITH fts(story_id) AS {materialized}(
{_matching_ids_sql(newest=CANDIDATES + 1)}
),
main(id, published_at) AS {materialized}(
{main_sql}
),
flags AS {materialized}(SELECT m.id, m.published_at{flag_sql} FROM main m),
scored AS {materialized}(SELECT id, published_at, {matched} AS matched, {score} AS score FROM flags)
SELECT t.total, t.capped, p.id, p.matched, p.score
FROM (
  SELECT (SELECT COUNT(*) FROM scored) AS total,
         CASE WHEN (SELECT COUNT(*) FROM fts) > {CANDIDATES} THEN 1 ELSE 0 END AS capped
) t
LEFT JOIN (SELECT id, matched, score, published_at FROM scored ORDER BY {order} LIMIT %s OFFSET %s) p ON 1 = 1
ORDER BY p.{order.replace(", ", ", p.")}
"""  # noqa: S608
    # Every value above is a parameter; only fixed SQL, integers and the visibility filter Django compiled are
    # joined in. The parameters are in the order their placeholders appear: the candidates' match, the visibility
    # filter's, then each flag's.
    return sql, [*params, limit, offset]


def _run(
    viewer: Any, words: list[str], required: list[str], *, every: bool, page: int, page_size: int
) -> tuple[int, bool, list[tuple[int, int, int]]]:
    built = _search_sql(viewer, words, required, every=every, limit=page_size, offset=(page - 1) * page_size)
    if built is None:
        return 0, False, []
    sql, params = built
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # A search with many words is estimated costly enough for PostgreSQL to compile it just in time, which
            # takes longer (about 100 ms) than running it.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    total = int(rows[0][0]) if rows else 0
    capped = bool(rows[0][1]) if rows else False
    return total, capped, [(int(pk), int(matched), int(score)) for _t, _c, pk, matched, score in rows if pk is not None]


def _id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value.pk if hasattr(value, "pk") else value)


def stories_search(
    viewer: Any,
    q: str,
    *,
    service: Service | int | None = None,
    theme: Theme | int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> StorySearchPage:
    """Published stories the viewer may read that have the words `q` (and the service or theme, if given), best
    first. A constant number of queries however many stories match: one or two searches, then three to read
    the page's stories."""
    if len(q) > MAX_TEXT_LENGTH:
        raise SearchTextTooLong(q)
    words = terms(q)[:MAX_WORDS]
    required = [service_term(pk) for pk in [_id(service)] if pk is not None]
    required += [theme_term(pk) for pk in [_id(theme)] if pk is not None]
    if not words and not required:
        return StorySearchPage(results=[], total=0, number=1, page_size=page_size, searched=False)
    page = min(max(1, page), MOST_PAGES)
    every = True
    total, capped, found = _run(viewer, words, required, every=True, page=page, page_size=page_size)
    if total == 0 and len(words) > 1:
        every = False
        total, capped, found = _run(viewer, words, required, every=False, page=page, page_size=page_size)
    if total and not found and page > 1:
        # Past the last page (an old link, or a hand-made URL): show the last page instead.
        page = max(1, math.ceil(total / page_size))
        total, capped, found = _run(viewer, words, required, every=every, page=page, page_size=page_size)
    stories = {
        s.pk: s
        for s in Story.objects.filter(pk__in=[pk for pk, _m, _s in found])
        .select_related("teller", "gathered_by")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.select_related("organisation").order_by("name", "pk")),
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
        )
    }
    wanted = set(words)
    results = [
        StoryHit(story=stories[pk], score=score, words_matched=matched, **_excerpt(stories[pk].body, wanted))
        for pk, matched, score in found
        if pk in stories
    ]
    return StorySearchPage(
        results=results,
        total=total,
        number=page,
        page_size=page_size,
        every_word=every,
        words=len(words),
        more=capped,
    )


# --- A few lines around the first word found --------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+|[\W_]+", re.UNICODE)


def _excerpt(body: str, wanted: set[str]) -> dict[str, Any]:
    """The body around the first word searched for, as (text, matched) pieces to show with the words marked."""
    tokens = _TOKEN.findall(" ".join(body.split()))
    word_positions = [i for i, token in enumerate(tokens) if token[0].isalnum()]
    if not word_positions:
        return {"excerpt": (), "excerpt_cut_start": False, "excerpt_cut_end": False}
    # The first word searched for (a story may be long: stop at the first), then a few words before it, so it is
    # read in its sentence.
    first = next((n for n, i in enumerate(word_positions) if wanted and _is_wanted(tokens[i], wanted)), None)
    start_word = max(0, first - 8) if first is not None else 0
    end_word = min(len(word_positions), start_word + _EXCERPT_WORDS)
    start = word_positions[start_word]
    # To the end of the story (with its last full stop), or to the last word shown.
    end = len(tokens) if end_word == len(word_positions) else word_positions[end_word - 1] + 1
    pieces: list[tuple[str, bool]] = []
    for i in range(start, end):
        matched = first is not None and tokens[i][0].isalnum() and _is_wanted(tokens[i], wanted)
        if pieces and not matched and not pieces[-1][1]:
            pieces[-1] = (pieces[-1][0] + tokens[i], False)
        else:
            pieces.append((tokens[i], matched))
    return {"excerpt": tuple(pieces), "excerpt_cut_start": start > 0, "excerpt_cut_end": end < len(tokens)}


def _is_wanted(word: str, wanted: set[str]) -> bool:
    found = terms(word)
    return bool(found) and found[0] in wanted
