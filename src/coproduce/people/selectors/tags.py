"""Reading the shared list of gifts, skills and interests: matching what people type to it, and the curation lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Lower

from coproduce.people.models import Language, Neighbourhood, Person, ProfileTag, Tag, TagSynonym

# Longer than any sensible list of gifts; it keeps one form post from creating hundreds of suggestions.
MOST_TAGS_AT_ONCE = 30


def tag_key(name: str) -> str:
    """How two spellings are compared: case and runs of spaces do not matter ("IT  help" is "it help")."""
    return " ".join(name.split()).lower()


def tag_names_split(text: str) -> list[str]:
    """The items in a comma-separated box, tidied, in the order typed, each once. Semicolons and new lines
    count as commas too, because people paste lists."""
    items: dict[str, str] = {}
    for raw in text.replace(";", ",").replace("\n", ",").split(","):
        name = " ".join(raw.split())
        if name:
            items.setdefault(tag_key(name), name)
    return list(items.values())


@dataclass
class TagMatch:
    """What a list of typed names came to: tags we know (in the order typed), names new to the list, and names
    that were looked at and left out of the list before."""

    known: list[Tag] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    # Typed name -> the tag it became, for telling people that "cook" was saved as "Cooking".
    matched_as: dict[str, Tag] = field(default_factory=dict)


def tags_match(names: list[str], *, person: Person | None = None) -> TagMatch:
    """Match each name to the shared list, case-insensitively: a tag's own name first, then another word for it.

    A tag still waiting for review counts as known to the person who suggested it or already holds it, so their
    own suggestion is not put to them again every time they save. Three queries, however many names.
    """
    keys = {tag_key(name): name for name in names}
    if not keys:
        return TagMatch()
    by_name: dict[str, Tag] = {}
    for found in Tag.objects.annotate(key=Lower("name")).filter(key__in=list(keys)):
        by_name[tag_key(found.name)] = found
    by_synonym = {
        synonym.term: synonym.tag
        for synonym in TagSynonym.objects.filter(term__in=list(keys), tag__status=Tag.Status.APPROVED).select_related(
            "tag"
        )
    }
    held: set[int] = set()
    if person is not None and by_name:
        held = set(
            ProfileTag.objects.filter(profile__person=person, tag__in=list(by_name.values())).values_list(
                "tag_id", flat=True
            )
        )
    match = TagMatch()
    seen: set[int] = set()
    for key, name in keys.items():
        named = by_name.get(key)
        tag: Tag | None = None
        if named is not None and named.status == Tag.Status.APPROVED:
            tag = named
        elif key in by_synonym:
            tag = by_synonym[key]
        elif named is not None and (named.pk in held or (person is not None and named.suggested_by_id == person.pk)):
            tag = named
        elif named is not None and named.status == Tag.Status.REJECTED:
            match.refused.append(name)
            continue
        if tag is None:
            # New to the list, or someone else's suggestion still waiting: confirming it joins that suggestion.
            match.unknown.append(name)
            continue
        match.matched_as[name] = tag
        if tag.pk not in seen:
            seen.add(tag.pk)
            match.known.append(tag)
    return match


def approved_tag_names() -> list[str]:
    """For the optional datalist that suggests names as people type."""
    return list(Tag.objects.filter(status=Tag.Status.APPROVED).order_by("name").values_list("name", flat=True))


def tags_pending() -> QuerySet[Tag]:
    return (
        Tag.objects.filter(status=Tag.Status.PENDING)
        .select_related("suggested_by")
        .annotate(people_count=Count("profile_tags__profile", distinct=True))
        .order_by("created_at", "name")
    )


def tags_approved() -> QuerySet[Tag]:
    return (
        Tag.objects.filter(status=Tag.Status.APPROVED)
        .annotate(
            people_count=Count("profile_tags__profile", distinct=True),
            synonym_count=Count("synonyms", distinct=True),
        )
        .order_by("name")
    )


def tag_for_curation(tag_id: int) -> Tag:
    return (
        Tag.objects.select_related("suggested_by")
        .prefetch_related(
            Prefetch("synonyms", queryset=TagSynonym.objects.order_by("term")),
            Prefetch("related", queryset=Tag.objects.order_by("name")),
        )
        .annotate(people_count=Count("profile_tags__profile", distinct=True))
        .get(pk=tag_id)
    )


def tags_to_merge_into(tag: Tag) -> QuerySet[Tag]:
    return Tag.objects.filter(status=Tag.Status.APPROVED).exclude(pk=tag.pk).order_by("name")


def neighbourhoods_with_counts() -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.annotate(people_count=Count("profiles", distinct=True)).order_by("name")


def languages_with_counts() -> QuerySet[Language]:
    return Language.objects.annotate(people_count=Count("profiles", distinct=True)).order_by("name")
