""" "Who can help?": find people and community assets by what they offer, ranked the same on PostgreSQL and SQLite.

How a search runs:

1. What someone typed becomes *groups*. A run of words that names an approved tag or one of its synonyms ("IT
   help", "cook") becomes a tag group; every other word becomes a word group. Each filter (gift, interest,
   language, neighbourhood) is a group of its own that every result must match.
2. Each group has one or more *arms*: a set of index terms and a weight. For a tag group: the tag's gift marker
   (5), the gift markers of its related tags (3), its passion marker (2), and the words themselves (1).
3. Every arm is one indexed full-text match over people_searchentry, restricted in SQL to the rows this viewer may
   use (see `_usable_rows`). The arms are glued with UNION ALL; a subject scores the best weight it reached in
   each group, summed over the groups. So a person tagged Cooking who also mentions cooking in "about me" scores 5
   for "cooking", not 6: saying a thing twice is not being twice as helpful.
4. Results are ordered by score, then name (byte order, so both databases agree), then kind (people first) and
   id, and cut into pages of 20 with a total. Names are looked up only for the scores the page falls in, since a
   common word can match tens of thousands of people. All of this is one SQL statement.
5. For the 20 on the page, the fields that made them come up are worked out in Python from the profiles, keeping
   only the fields this viewer may see (the `visibility` module decides), in a fixed number of queries.

Neither ts_rank nor bm25 is used: they score differently, and PostgreSQL and SQLite must give the same order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Value
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coproduce.people.models import CommunityAsset, Profile, ProfileTag, Tag, TagSynonym, Visibility
from coproduce.people.search_text import (
    language_term,
    neighbourhood_term,
    phrase,
    tag_term,
    terms,
    words,
)
from coproduce.people.visibility import PERSONAL_FIELDS, ViewerScope, may_see, narrowest_level

PAGE_SIZE = 20
MAX_TEXT_LENGTH = 200
# Longest tag name or synonym, in words, that is looked for inside what someone typed.
_MAX_PHRASE_WORDS = 6

# Why these weights: someone who offers exactly what was asked for is the best answer (5). Someone who offers a
# close neighbour of it ("baking" for "cooking") can very likely help too (3). Someone who loves the thing but did
# not offer it may help or know who can (2). A word that merely appears somewhere they share is the weakest
# sign (1). The gaps keep one strong match ahead of two weak ones (5 > 3 + 1, 3 > 1 + 1), so a person tagged
# Cooking outranks someone who just mentions "cooking" and "Millbrook".
WEIGHT_GIFT = 5
WEIGHT_RELATED = 3
WEIGHT_PASSION = 2
WEIGHT_WORD = 1
# Filters only decide who is in; they add nothing to the score, so ranking reflects what was typed.
WEIGHT_FILTER = 0

# Words that say someone wants help rather than what with. Left in, "I need help with cooking" would find
# everyone whose "about me" mentions help. Compared as stems.
_REQUEST_WORDS = frozenset(
    terms(
        "help helping helper need needs someone somebody anyone anybody people person near nearby around close "
        "looking find want please know get"
    )
)


class SearchTextTooLong(ValueError):
    pass


@dataclass(frozen=True)
class SearchFilters:
    gift: int | None = None
    interest: int | None = None
    language: int | None = None
    neighbourhood: int | None = None
    # "people", "assets" or "both".
    subjects: str = "both"

    @property
    def any(self) -> bool:
        return any(v is not None for v in (self.gift, self.interest, self.language, self.neighbourhood))


@dataclass(frozen=True)
class MatchedField:
    """One field that made a result come up: its name ("gifts"), a label to show, and the matching values."""

    field: str
    label: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    kind: str  # "person" or "asset"
    id: int
    name: str
    score: int
    matched: tuple[MatchedField, ...] = ()
    # The start of "about me" (people) or "what it offers" (assets), when the viewer may see it.
    summary: str = ""


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    total: int
    number: int
    page_size: int = PAGE_SIZE
    # Tags recognised in what was typed, and their related tags, to show what was looked for.
    tags_understood: tuple[str, ...] = ()
    tags_related: tuple[str, ...] = ()
    # False when nothing searchable was given (only stop words, or nothing at all).
    searched: bool = True

    # The attributes below let core/_pagination.html show this page like a Django Page.
    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def paginator(self) -> SearchPage:
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


@dataclass(frozen=True)
class _Arm:
    group: int
    weight: int
    terms: tuple[str, ...]
    # None: people and assets; "person" or "asset": only that kind of subject.
    only: str | None = None


@dataclass
class _Plan:
    arms: list[_Arm] = field(default_factory=list)
    text_groups: int = 0
    filter_groups: int = 0
    words: set[str] = field(default_factory=set)
    tags: set[int] = field(default_factory=set)
    related: set[int] = field(default_factory=set)
    tag_names: dict[int, str] = field(default_factory=dict)


# --- What was asked -------------------------------------------------------------------------------------------


# Tag names and synonyms are a bounded set read on every search; remembering their phrases keeps the vocabulary
# cheap to rebuild from the one query, so a renamed tag or a new synonym counts at once in every process.
_tag_phrase = lru_cache(maxsize=50_000)(phrase)


def _vocabulary() -> tuple[dict[tuple[str, ...], set[int]], dict[int, str]]:
    """Each approved tag's name and synonyms, as stemmed phrases, to the tags they name; and each tag's name.
    One query."""
    names = (
        Tag.objects.filter(status=Tag.Status.APPROVED)
        .order_by()
        .annotate(is_name=Value(True))
        .values_list("id", "name", "is_name")
    )
    synonyms = (
        TagSynonym.objects.filter(tag__status=Tag.Status.APPROVED)
        .order_by()
        .annotate(is_name=Value(False))
        .values_list("tag_id", "term", "is_name")
    )
    vocabulary: dict[tuple[str, ...], set[int]] = defaultdict(set)
    tag_names: dict[int, str] = {}
    for tag_id, text, is_name in names.union(synonyms, all=True):
        if is_name:
            tag_names[tag_id] = text
        key = _tag_phrase(text)
        if key:
            vocabulary[key].add(tag_id)
    return vocabulary, tag_names


def _plan(text: str, filters: SearchFilters) -> _Plan:
    plan = _Plan()
    typed = words(text)
    stems = tuple(phrase(" ".join(typed)))
    vocabulary, plan.tag_names = _vocabulary() if typed else ({}, {})
    longest = min(_MAX_PHRASE_WORDS, max((len(k) for k in vocabulary), default=0))
    tag_groups: list[tuple[set[int], list[str]]] = []
    loose: list[str] = []
    i = 0
    while i < len(typed):
        # Longest match first, so "IT help" is one tag, not "IT" and a request for help.
        for n in range(min(longest, len(typed) - i), 0, -1):
            found = vocabulary.get(stems[i : i + n])
            plain = terms(" ".join(typed[i : i + n])) if found else []
            if found and not plain and n < len(typed):
                # A name made only of little words ("IT" is "it") names its tag only when it is all that was
                # typed: inside a sentence ("can anyone fix it") it is just a word.
                found = set()
            if found:
                tag_groups.append((set(found), [t for t in plain if t not in _REQUEST_WORDS]))
                i += n
                break
        else:
            loose.append(typed[i])
            i += 1

    all_tags = set().union(*(tags for tags, _words in tag_groups)) if tag_groups else set()
    related: dict[int, set[int]] = defaultdict(set)
    if all_tags:
        through = Tag.related.through.objects.filter(from_tag_id__in=all_tags, to_tag__status=Tag.Status.APPROVED)
        for from_id, to_id, to_name in through.values_list("from_tag_id", "to_tag_id", "to_tag__name"):
            related[from_id].add(to_id)
            plan.tag_names[to_id] = to_name

    group = 0
    seen_words: set[str] = set()
    for tags, tag_words in tag_groups:
        if tags <= plan.tags:
            # The same tag named twice ("cook cooking") is one thing asked for, not two.
            continue
        near = set().union(*(related[t] for t in tags)) - tags
        plan.tags |= tags
        plan.related |= near
        plan.arms.append(_Arm(group, WEIGHT_GIFT, tuple(tag_term(t, "gift") for t in sorted(tags))))
        if near:
            plan.arms.append(_Arm(group, WEIGHT_RELATED, tuple(tag_term(t, "gift") for t in sorted(near))))
        plan.arms.append(_Arm(group, WEIGHT_PASSION, tuple(tag_term(t, "passion") for t in sorted(tags))))
        if tag_words:
            plan.arms.append(_Arm(group, WEIGHT_WORD, tuple(tag_words)))
            plan.words.update(tag_words)
            seen_words.update(tag_words)
        group += 1
    for word in loose:
        for term in terms(word):
            if term in _REQUEST_WORDS or term in seen_words:
                continue
            seen_words.add(term)
            plan.words.add(term)
            plan.arms.append(_Arm(group, WEIGHT_WORD, (term,)))
            group += 1
    plan.text_groups = group

    required = [
        (filters.gift, tag_term(filters.gift, "gift") if filters.gift is not None else "", None),
        (filters.interest, tag_term(filters.interest, "passion") if filters.interest is not None else "", None),
        # Assets have no languages: a language filter finds people only.
        (filters.language, language_term(filters.language) if filters.language is not None else "", "person"),
        (
            filters.neighbourhood,
            neighbourhood_term(filters.neighbourhood) if filters.neighbourhood is not None else "",
            None,
        ),
    ]
    for value, term, only in required:
        if value is None:
            continue
        plan.arms.append(_Arm(group, WEIGHT_FILTER, (term,), only))
        group += 1
        plan.filter_groups += 1
    return plan


# --- The query ------------------------------------------------------------------------------------------------


def _needs_peers(scope: ViewerScope) -> bool:
    return scope.signed_in and not scope.is_facilitator and bool(scope.organisation_ids)


def _peers_cte(scope: ViewerScope, params: list[Any]) -> str:
    """Everyone who shares an organisation with the viewer, worked out once for all the arms."""
    org_ids = sorted(scope.organisation_ids)
    params.extend(org_ids)
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    return (
        f"peers AS {materialized}(SELECT DISTINCT m.person_id FROM organisations_membership m "  # noqa: S608
        f"WHERE m.organisation_id IN ({', '.join(['%s'] * len(org_ids))}))"
    )


def _usable_rows(scope: ViewerScope, subjects: str, only: str | None, params: list[Any]) -> str:
    """The SQL condition for index rows this viewer may use: the same rule as `visibility.narrowest_level`.
    Appends its parameters to `params` in the order their placeholders appear."""
    people = subjects in ("people", "both") and only != "asset" and scope.signed_in
    assets = subjects in ("assets", "both") and only != "person"
    conditions = []
    if assets:
        conditions.append("e.asset_id IS NOT NULL")
    if people:
        levels = [str(Visibility.EVERYONE)]
        if scope.is_facilitator:
            levels += [str(Visibility.ORGANISATIONS), str(Visibility.FACILITATORS)]
        # People looking for help are not shown themselves.
        condition = (
            f"(e.person_id IS NOT NULL AND e.person_id <> %s AND (e.level IN ({', '.join(['%s'] * len(levels))})"
        )
        params.extend([scope.person_id, *levels])
        if _needs_peers(scope):
            condition += " OR (e.level = %s AND e.person_id IN (SELECT person_id FROM peers))"
            params.append(str(Visibility.ORGANISATIONS))
        conditions.append(condition + "))")
    if not conditions:
        return "1 = 0"
    return "(" + " OR ".join(conditions) + ")"


def _arm_sql(arm: _Arm, scope: ViewerScope, subjects: str, params: list[Any]) -> str:
    """One arm: the usable rows of one full-text match. Parameters go to `params` in placeholder order."""
    # Terms come from search_text: letters and digits only, so quoting them is enough on both databases.
    select = f"SELECT e.person_id, e.asset_id, {int(arm.group)} AS grp, {int(arm.weight)} AS weight"
    if connection.vendor == "postgresql":
        params.append(" | ".join(f"'{t}'" for t in arm.terms))
        # Exactly the indexed expression, so the GIN index people_searchentry_document_fts answers it. OFFSET 0
        # keeps the visibility conditions out of the subquery: given them, the planner may instead walk every
        # row at a level and compute to_tsvector for each, whose cost (tens of microseconds a row) it
        # underestimates badly.
        source = (
            "(SELECT person_id, asset_id, level FROM people_searchentry "
            "WHERE to_tsvector('simple', document) @@ to_tsquery('simple', %s) OFFSET 0) e"
        )
        return f"{select} FROM {source} WHERE {_usable_rows(scope, subjects, arm.only, params)}"
    params.append(" OR ".join(f'"{t}"' for t in arm.terms))
    return (
        f"{select} FROM people_searchentry_fts JOIN people_searchentry e ON e.id = people_searchentry_fts.rowid "
        f"WHERE people_searchentry_fts MATCH %s AND {_usable_rows(scope, subjects, arm.only, params)}"
    )


def _search_sql(plan: _Plan, scope: ViewerScope, subjects: str, limit: int, offset: int) -> tuple[str, list[Any]]:
    params: list[Any] = []
    ctes = f"{_peers_cte(scope, params)},\n" if _needs_peers(scope) else ""
    hits = "\nUNION ALL\n".join(_arm_sql(arm, scope, subjects, params) for arm in plan.arms)
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    # One pass over the hits: a subject's score is the best weight it reached in each group, summed over groups;
    # it must have matched every filter group, and at least one text group when text was given.
    text_groups = range(plan.text_groups)
    filter_groups = range(plan.text_groups, plan.text_groups + plan.filter_groups)
    score = " + ".join(f"COALESCE(MAX(CASE WHEN grp = {g} THEN weight END), 0)" for g in text_groups) or "0"
    having = [f"MAX(CASE WHEN grp = {g} THEN 1 ELSE 0 END) = 1" for g in filter_groups]
    if plan.text_groups:
        having.append(f"MAX(CASE WHEN grp < {plan.text_groups} THEN 1 ELSE 0 END) = 1")
    # Byte order on both databases: PostgreSQL's default collation follows the server's locale, SQLite's does not.
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    # Names are needed only to order people with the same score, and a common word can match tens of thousands.
    # So results are counted per score ("bands"), and names are looked up only in the bands this page falls in.
    sql = f"""
WITH {ctes}hits AS (
{hits}
),
scored AS {materialized}(
  SELECT person_id, asset_id, {score} AS score FROM hits GROUP BY person_id, asset_id
  HAVING {" AND ".join(having)}
),
bands AS (SELECT score, COUNT(*) AS n FROM scored GROUP BY score),
placed AS {materialized}(
  SELECT score, above FROM (SELECT score, n, SUM(n) OVER (ORDER BY score DESC) - n AS above FROM bands) b
  WHERE above < %s AND above + n > %s
),
in_page AS {materialized}(
  SELECT s.person_id, s.asset_id, s.score, b.above FROM scored s JOIN placed b ON b.score = s.score
),
candidates AS (
  SELECT CASE WHEN s.person_id IS NULL THEN 'asset' ELSE 'person' END AS kind,
         COALESCE(s.person_id, s.asset_id) AS subject_id, s.score, s.above,
         COALESCE(p.preferred_name, a.name) AS name
  FROM in_page s
  LEFT JOIN people_person p ON p.id = s.person_id
  LEFT JOIN people_communityasset a ON a.id = s.asset_id
),
page AS (
  SELECT kind, subject_id, score, name,
         above + ROW_NUMBER() OVER (PARTITION BY score ORDER BY name{collate}, kind DESC, subject_id) AS position
  FROM candidates
)
SELECT t.total, page.kind, page.subject_id, page.score, page.name
FROM (SELECT COALESCE(SUM(n), 0) AS total FROM bands) t
LEFT JOIN page ON page.position > %s AND page.position <= %s
ORDER BY page.position
"""  # noqa: S608 (every value is a parameter; only fixed SQL and integers are joined in)
    end = offset + limit
    return sql, [*params, end, offset, offset, end]


def who_can_help(
    *,
    scope: ViewerScope,
    text: str = "",
    filters: SearchFilters | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> SearchPage:
    """Search people and community assets for `scope`'s viewer. A constant number of queries, however many match."""
    filters = filters or SearchFilters()
    if len(text) > MAX_TEXT_LENGTH:
        raise SearchTextTooLong(text)
    plan = _plan(text, filters)
    understood = tuple(sorted(plan.tag_names[t] for t in plan.tags))
    near = tuple(sorted(plan.tag_names[t] for t in plan.related))
    if not plan.arms:
        return SearchPage(results=[], total=0, number=1, page_size=page_size, searched=False)
    page = max(1, page)
    rows = _run(plan, scope, filters.subjects, page, page_size)
    total = int(rows[0][0]) if rows else 0
    if total and rows[0][1] is None and page > 1:
        # Past the last page (an old link, or a hand-made URL): show the last page instead.
        page = max(1, math.ceil(total / page_size))
        rows = _run(plan, scope, filters.subjects, page, page_size)
    found = [(str(kind), int(subject_id), str(name), int(score)) for _t, kind, subject_id, score, name in rows if kind]
    results = _explain(found, scope, plan, filters)
    return SearchPage(
        results=results, total=total, number=page, page_size=page_size, tags_understood=understood, tags_related=near
    )


def _run(plan: _Plan, scope: ViewerScope, subjects: str, page: int, page_size: int) -> list[tuple[Any, ...]]:
    sql, params = _search_sql(plan, scope, subjects, page_size, (page - 1) * page_size)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- Why each result came up ------------------------------------------------------------------------------------

_LABELS: dict[str, Promise] = {
    "gifts": _("Gifts and skills"),
    "passions": _("Passions and interests"),
    "about_me": _("About me"),
    "lived_experience": _("Lived experience"),
    "languages": _("Languages"),
    "neighbourhood": _("Neighbourhood"),
    "usually_free": _("Usually free"),
    "name": _("Name"),
    "tags": _("What it offers"),
    "offers": _("Description"),
    "when": _("When"),
    "where": _("Where"),
    "access": _("Access"),
}
_SUMMARY_LENGTH = 200


def _matched(name: str, values: Iterable[str] = ()) -> MatchedField:
    return MatchedField(field=name, label=str(_LABELS[name]), values=tuple(values))


def _mentions(text: str, wanted: set[str]) -> bool:
    return bool(wanted) and not wanted.isdisjoint(terms(text))


def _summary(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _SUMMARY_LENGTH:
        return text
    return text[:_SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


def _explain(
    found: Sequence[tuple[str, int, str, int]], scope: ViewerScope, plan: _Plan, filters: SearchFilters
) -> list[SearchResult]:
    person_names = {subject_id: name for kind, subject_id, name, _s in found if kind == "person"}
    asset_ids = [subject_id for kind, subject_id, _n, _s in found if kind == "asset"]
    people = _explain_people(person_names, scope, plan, filters) if person_names else {}
    assets = _explain_assets(asset_ids, plan, filters) if asset_ids else {}
    results = []
    for kind, subject_id, name, score in found:
        matched, summary = (people if kind == "person" else assets).get(subject_id, ((), ""))
        results.append(SearchResult(kind=kind, id=subject_id, name=name, score=score, matched=matched, summary=summary))
    return results


# What explaining a result reads from a profile: the shareable text and every field's visibility.
_PROFILE_FIELDS = (
    "about_me",
    "lived_experience",
    "usually_free",
    *(level for field_name, level in PERSONAL_FIELDS.items() if field_name not in ("contact", "support")),
)


def _explain_people(
    names: dict[int, str], scope: ViewerScope, plan: _Plan, filters: SearchFilters
) -> dict[int, tuple[tuple[MatchedField, ...], str]]:
    from coproduce.organisations.models import Membership

    person_ids = list(names)
    profiles = {
        p.person_id: p
        for p in Profile.objects.filter(person_id__in=person_ids)
        .select_related("person", "neighbourhood")
        .only(*_PROFILE_FIELDS, "neighbourhood", "person__is_active", "person__preferred_name", "neighbourhood__name")
    }
    tags: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for profile_id, kind, tag_id, tag_name in (
        ProfileTag.objects.filter(profile_id__in=person_ids, tag__status=Tag.Status.APPROVED)
        .order_by("tag__name")
        .values_list("profile_id", "kind", "tag_id", "tag__name")
    ):
        tags[profile_id].append((kind, tag_id, tag_name))
    languages: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for profile_id, language_id, language_name in (
        Profile.languages.through.objects.filter(profile_id__in=person_ids)
        .order_by("language__name")
        .values_list("profile_id", "language_id", "language__name")
    ):
        languages[profile_id].append((language_id, language_name))
    shared: dict[int, set[int]] = defaultdict(set)
    if scope.organisation_ids:
        for person_id, organisation_id in Membership.objects.filter(
            person_id__in=person_ids, organisation_id__in=scope.organisation_ids
        ).values_list("person_id", "organisation_id"):
            shared[person_id].add(organisation_id)
    wanted = plan.words
    gift_tags = plan.tags | plan.related | ({filters.gift} if filters.gift is not None else set())
    passion_tags = plan.tags | ({filters.interest} if filters.interest is not None else set())
    explained: dict[int, tuple[tuple[MatchedField, ...], str]] = {}
    for person_id in person_ids:
        profile = profiles.get(person_id)
        if profile is None:
            # Found by name alone: someone who gave consent but has not filled in a profile yet.
            explained[person_id] = ((_matched("name"),) if _mentions(names[person_id], wanted) else (), "")
            continue
        person = profile.person
        narrowest = narrowest_level(
            scope, person, person_organisation_ids=frozenset(shared[person_id]), profile_consented=True
        )

        def visible(level: str, narrowest: Visibility | None = narrowest) -> bool:
            return may_see(level, narrowest)

        matched: list[MatchedField] = []
        for kind, field_name, level, ids in (
            (ProfileTag.Kind.GIFT, "gifts", profile.gifts_visibility, gift_tags),
            (ProfileTag.Kind.PASSION, "passions", profile.passions_visibility, passion_tags),
        ):
            if not visible(level):
                continue
            values = [
                tag_name
                for held_kind, tag_id, tag_name in tags[person_id]
                if held_kind == kind and (tag_id in ids or _mentions(tag_name, wanted))
            ]
            if values:
                matched.append(_matched(field_name, values))
        for field_name, text, level in (
            ("about_me", profile.about_me, profile.about_me_visibility),
            ("lived_experience", profile.lived_experience, profile.lived_experience_visibility),
        ):
            if visible(level) and _mentions(text, wanted):
                matched.append(_matched(field_name))
        if visible(profile.languages_visibility):
            values = [
                name
                for language_id, name in languages[person_id]
                if language_id == filters.language or _mentions(name, wanted)
            ]
            if values:
                matched.append(_matched("languages", values))
        hood = profile.neighbourhood
        if (
            hood is not None
            and visible(profile.neighbourhood_visibility)
            and (hood.pk == filters.neighbourhood or _mentions(hood.name, wanted))
        ):
            matched.append(_matched("neighbourhood", [hood.name]))
        if visible(profile.usually_free_visibility) and _mentions(profile.usually_free, wanted):
            matched.append(_matched("usually_free"))
        if _mentions(person.preferred_name, wanted):
            matched.append(_matched("name"))
        summary = _summary(profile.about_me) if visible(profile.about_me_visibility) else ""
        explained[person_id] = (tuple(matched), summary)
    return explained


def _explain_assets(
    asset_ids: list[int], plan: _Plan, filters: SearchFilters
) -> dict[int, tuple[tuple[MatchedField, ...], str]]:
    assets = CommunityAsset.objects.filter(pk__in=asset_ids).select_related("neighbourhood")
    tags: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for asset_id, tag_id, tag_name in (
        CommunityAsset.tags.through.objects.filter(communityasset_id__in=asset_ids, tag__status=Tag.Status.APPROVED)
        .order_by("tag__name")
        .values_list("communityasset_id", "tag_id", "tag__name")
    ):
        tags[asset_id].append((tag_id, tag_name))
    wanted = plan.words
    wanted_tags = plan.tags | plan.related | {t for t in (filters.gift, filters.interest) if t is not None}
    explained: dict[int, tuple[tuple[MatchedField, ...], str]] = {}
    for asset in assets:
        matched: list[MatchedField] = []
        values = [name for tag_id, name in tags[asset.pk] if tag_id in wanted_tags or _mentions(name, wanted)]
        if values:
            matched.append(_matched("tags", values))
        for field_name in ("name", "offers", "when", "where", "access"):
            if _mentions(getattr(asset, field_name), wanted):
                matched.append(_matched(field_name))
        hood = asset.neighbourhood
        if hood is not None and (hood.pk == filters.neighbourhood or _mentions(hood.name, wanted)):
            matched.append(_matched("neighbourhood", [hood.name]))
        explained[asset.pk] = (tuple(matched), _summary(asset.offers))
    return explained
