"""Curating the shared lists: gifts, skills and interests (with other words for them), neighbourhoods and languages.

Anything that changes what a person's profile is found by (a tag approved, renamed or merged; a neighbourhood or
language renamed) re-indexes the people who hold it in the same transaction, so "Who can help?" never lags.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from coproduce.core.services import audit_record
from coproduce.people.models import CommunityAsset, Language, Neighbourhood, Person, ProfileTag, Tag, TagSynonym
from coproduce.people.search import search_index_asset, search_index_person
from coproduce.people.selectors.tags import tag_key

TAG_NAME_MAX = Tag._meta.get_field("name").max_length or 60
LIST_NAME_MAX = {Neighbourhood: 100, Language: 60}


class TagError(ValueError):
    pass


def _tidy(name: str, *, longest: int, what: str) -> str:
    tidy = " ".join(name.split())
    if not tidy:
        raise TagError(_("Give the %(what)s a name.") % {"what": what})
    if len(tidy) > longest:
        raise TagError(
            _("The name can be up to %(limit)s characters. It has %(count)s.") % {"limit": longest, "count": len(tidy)}
        )
    return tidy


def _name_taken(name: str, *, exclude: Tag | None = None) -> Tag | None:
    """Another tag already called this, or already meaning this ("cook" means "Cooking")."""
    key = tag_key(name)
    same = Tag.objects.annotate(key=Lower("name")).filter(key=key)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    tag = same.first()
    if tag is not None:
        return tag
    synonym = TagSynonym.objects.filter(term=key).select_related("tag").first()
    if synonym is not None and (exclude is None or synonym.tag_id != exclude.pk):
        return synonym.tag
    return None


def _holders(tag: Tag) -> tuple[list[Person], list[CommunityAsset]]:
    """Who is found by this tag: read before a change, re-indexed after it."""
    people = list(Person.objects.filter(profile__tags__tag=tag).distinct())
    assets = list(CommunityAsset.objects.filter(tags=tag).select_related("neighbourhood").distinct())
    return people, assets


def _reindex(people: list[Person], assets: list[CommunityAsset]) -> int:
    for person in people:
        search_index_person(person)
    for asset in assets:
        search_index_asset(asset)
    return len(people)


def tag_suggest(*, person: Person, name: str, actor: Person | None = None) -> Tag:
    """A name someone typed that is not in the list yet: it waits for review and shows only on their profile.
    If someone else suggested the same name and it is still waiting, they share that suggestion.
    `actor` is whoever typed it, when a facilitator fills the profile in with the person."""
    name = _tidy(name, longest=TAG_NAME_MAX, what=_("tag"))
    with transaction.atomic():
        existing = Tag.objects.annotate(key=Lower("name")).filter(key=tag_key(name)).first()
        if existing is not None:
            if existing.status == Tag.Status.REJECTED:
                raise TagError(_("‘%(name)s’ was looked at before and left out of the list.") % {"name": name})
            return existing
        try:
            with transaction.atomic():
                tag = Tag.objects.create(name=name, status=Tag.Status.PENDING, suggested_by=person)
        except IntegrityError:
            # The same name in the same spelling, suggested a moment ago by someone else.
            return Tag.objects.get(name=name)
        audit_record(actor=actor or person, action="tag.suggest", target=tag, detail={"for": person.pk})
    return tag


def tag_create(*, actor: Person | None, name: str) -> Tag:
    """Add a tag straight to the shared list."""
    name = _tidy(name, longest=TAG_NAME_MAX, what=_("tag"))
    with transaction.atomic():
        taken = _name_taken(name)
        if taken is not None:
            raise TagError(_("‘%(name)s’ is already in the list as ‘%(tag)s’.") % {"name": name, "tag": taken.name})
        tag = Tag.objects.create(name=name, status=Tag.Status.APPROVED, suggested_by=actor)
        audit_record(actor=actor, action="tag.create", target=tag)
    return tag


def tag_approve(*, actor: Person, tag: Tag) -> Tag:
    with transaction.atomic():
        tag = Tag.objects.select_for_update().get(pk=tag.pk)
        if tag.status == Tag.Status.APPROVED:
            return tag
        synonym = TagSynonym.objects.filter(term=tag_key(tag.name)).select_related("tag").first()
        if synonym is not None:
            raise TagError(
                _("‘%(name)s’ is already another word for ‘%(tag)s’. Merge it into that tag instead.")
                % {"name": tag.name, "tag": synonym.tag.name}
            )
        tag.status = Tag.Status.APPROVED
        tag.save(update_fields=["status"])
        reindexed = _reindex(*_holders(tag))
        audit_record(actor=actor, action="tag.approve", target=tag, detail={"people_reindexed": reindexed})
    return tag


def tag_reject(*, actor: Person, tag: Tag, merge_into: Tag | None = None) -> Tag:
    """Leave a tag out of the list. With `merge_into`, everyone who held it holds that tag instead, and its name
    becomes another word for that tag, so typing it again finds the right one."""
    if merge_into is not None and (merge_into.pk == tag.pk or merge_into.status != Tag.Status.APPROVED):
        raise TagError(_("Choose a different tag from the shared list to merge into."))
    with transaction.atomic():
        tag = Tag.objects.select_for_update().get(pk=tag.pk)
        people, assets = _holders(tag)
        moved = 0
        if merge_into is not None:
            held_both = set(
                ProfileTag.objects.filter(
                    tag=merge_into, profile_id__in=ProfileTag.objects.filter(tag=tag).values("profile_id")
                ).values_list("profile_id", "kind")
            )
            to_move = [pt.pk for pt in ProfileTag.objects.filter(tag=tag) if (pt.profile_id, pt.kind) not in held_both]
            moved = ProfileTag.objects.filter(pk__in=to_move).update(tag=merge_into)
            # Anyone who already held both keeps the one they had.
            ProfileTag.objects.filter(tag=tag).delete()
            for asset in assets:
                asset.tags.remove(tag)
                asset.tags.add(merge_into)
            TagSynonym.objects.filter(tag=tag).update(tag=merge_into)
            term = tag_key(tag.name)
            if not TagSynonym.objects.filter(term=term).exists() and tag_key(merge_into.name) != term:
                TagSynonym.objects.create(tag=merge_into, term=term)
        tag.status = Tag.Status.REJECTED
        tag.save(update_fields=["status"])
        tag.related.clear()
        reindexed = _reindex(people, assets)
        audit_record(
            actor=actor,
            action="tag.reject",
            target=tag,
            detail={
                "merged_into": merge_into.pk if merge_into is not None else None,
                "moved": moved,
                "people_reindexed": reindexed,
            },
        )
    return tag


def tag_rename(*, actor: Person, tag: Tag, name: str) -> Tag:
    name = _tidy(name, longest=TAG_NAME_MAX, what=_("tag"))
    with transaction.atomic():
        tag = Tag.objects.select_for_update().get(pk=tag.pk)
        if name == tag.name:
            return tag
        taken = _name_taken(name, exclude=tag)
        if taken is not None:
            raise TagError(_("‘%(name)s’ is already in the list as ‘%(tag)s’.") % {"name": name, "tag": taken.name})
        old = tag.name
        tag.name = name
        tag.save(update_fields=["name"])
        # The old name keeps finding the tag: people typed it, and may type it again.
        if tag_key(old) != tag_key(name):
            TagSynonym.objects.get_or_create(term=tag_key(old), defaults={"tag": tag})
        reindexed = _reindex(*_holders(tag))
        audit_record(
            actor=actor,
            action="tag.rename",
            target=tag,
            detail={"from": old, "to": name, "people_reindexed": reindexed},
        )
    return tag


def tag_synonym_add(*, actor: Person, tag: Tag, term: str) -> TagSynonym:
    """Another word for the tag. Search matches tags, not words, so nobody needs re-indexing."""
    term = tag_key(_tidy(term, longest=TagSynonym._meta.get_field("term").max_length or 60, what=_("word")))
    with transaction.atomic():
        taken = _name_taken(term)
        if taken is not None:
            raise TagError(_("‘%(term)s’ already means ‘%(tag)s’.") % {"term": term, "tag": taken.name})
        try:
            with transaction.atomic():
                synonym = TagSynonym.objects.create(tag=tag, term=term)
        except IntegrityError as exc:
            raise TagError(_("‘%(term)s’ is already another word for a tag.") % {"term": term}) from exc
        audit_record(actor=actor, action="tag.synonym_add", target=tag, detail={"term": term})
    return synonym


def tag_synonym_remove(*, actor: Person, synonym: TagSynonym) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="tag.synonym_remove", target=synonym.tag, detail={"term": synonym.term})
        synonym.delete()


def tag_relate(*, actor: Person, tag: Tag, other: Tag) -> None:
    """Two tags that are not the same but should find each other, like cooking and baking. Both ways at once."""
    if other.pk == tag.pk:
        raise TagError(_("Choose a different tag."))
    if Tag.Status.REJECTED in (tag.status, other.status):
        raise TagError(_("Tags left out of the list cannot be linked."))
    with transaction.atomic():
        tag.related.add(other)
        audit_record(actor=actor, action="tag.relate", target=tag, detail={"other": other.pk})


def tag_unrelate(*, actor: Person, tag: Tag, other: Tag) -> None:
    with transaction.atomic():
        tag.related.remove(other)
        audit_record(actor=actor, action="tag.unrelate", target=tag, detail={"other": other.pk})


def _list_name(model: type[Neighbourhood] | type[Language], name: str, *, exclude: int | None = None) -> str:
    what = _("neighbourhood") if model is Neighbourhood else _("language")
    name = _tidy(name, longest=LIST_NAME_MAX[model], what=what)
    same = model.objects.annotate(key=Lower("name")).filter(key=name.lower())
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise TagError(_("‘%(name)s’ is already in the list.") % {"name": name})
    return name


def neighbourhood_create(*, actor: Person | None, name: str) -> Neighbourhood:
    with transaction.atomic():
        neighbourhood = Neighbourhood.objects.create(name=_list_name(Neighbourhood, name))
        audit_record(actor=actor, action="neighbourhood.create", target=neighbourhood)
    return neighbourhood


def neighbourhood_rename(*, actor: Person, neighbourhood: Neighbourhood, name: str) -> Neighbourhood:
    with transaction.atomic():
        name = _list_name(Neighbourhood, name, exclude=neighbourhood.pk)
        old, neighbourhood.name = neighbourhood.name, name
        neighbourhood.save(update_fields=["name"])
        for person in Person.objects.filter(profile__neighbourhood=neighbourhood):
            search_index_person(person)
        for asset in CommunityAsset.objects.filter(neighbourhood=neighbourhood).select_related("neighbourhood"):
            search_index_asset(asset)
        audit_record(actor=actor, action="neighbourhood.rename", target=neighbourhood, detail={"from": old})
    return neighbourhood


def language_create(*, actor: Person | None, name: str) -> Language:
    with transaction.atomic():
        language = Language.objects.create(name=_list_name(Language, name))
        audit_record(actor=actor, action="language.create", target=language)
    return language


def language_rename(*, actor: Person, language: Language, name: str) -> Language:
    with transaction.atomic():
        name = _list_name(Language, name, exclude=language.pk)
        old, language.name = language.name, name
        language.save(update_fields=["name"])
        for person in Person.objects.filter(profile__languages=language):
            search_index_person(person)
        audit_record(actor=actor, action="language.rename", target=language, detail={"from": old})
    return language
