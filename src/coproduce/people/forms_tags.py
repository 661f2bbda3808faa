"""Forms for curating the shared lists: tags, the other words for them, neighbourhoods and languages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.people.models import Tag
from coproduce.people.selectors.tags import tags_to_merge_into


def _name(label: Any, limit: int, hint: Any = "") -> forms.CharField:
    field = forms.CharField(
        label=label,
        max_length=limit,
        help_text=hint,
        error_messages={
            "required": _("Give a name."),
            "max_length": _("The name can be up to %(limit_value)s characters. It has %(show_value)s."),
        },
    )
    # Checked here and said plainly, rather than cut short by the browser.
    field.widget.attrs.pop("maxlength", None)
    return field


class TagAddForm(forms.Form):
    name = _name(_("Add a tag to the shared list"), 60, _("For example, ‘Beekeeping’. Start with a capital letter."))


class TagRenameForm(forms.Form):
    name = _name(_("New name"), 60, _("The old name will still find this tag."))


class SynonymAddForm(forms.Form):
    term = forms.CharField(
        label=_("Another word for it"),
        max_length=60,
        help_text=_("For example, ‘cook’ or ‘chef’ for Cooking. Someone typing it gets this tag."),
        error_messages={
            "required": _("Give a word."),
            "max_length": _("The word can be up to %(limit_value)s characters."),
        },
    )


class RelatedAddForm(forms.Form):
    other = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        label=_("Link it to a related tag"),
        help_text=_("Not the same thing, but people looking for one may want the other, like Cooking and Baking."),
        empty_label=_("Choose a tag"),
        error_messages={"required": _("Choose a tag."), "invalid_choice": _("Choose a tag from the list.")},
    )

    def __init__(self, *args: Any, tag: Tag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = tags_to_merge_into(tag).exclude(pk__in=[t.pk for t in tag.related.all()])  # type: ignore[attr-defined]


class TagRejectForm(forms.Form):
    merge_into = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        required=False,
        label=_("Merge it into"),
        help_text=_(
            "Everyone who has this tag will have the one you choose instead, and its name becomes another word "
            "for it. Leave this as it is to leave the tag out without merging."
        ),
        empty_label=_("Do not merge"),
        error_messages={"invalid_choice": _("Choose a tag from the list.")},
    )

    def __init__(self, *args: Any, tag: Tag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = tags_to_merge_into(tag)  # type: ignore[attr-defined]


class ListNameForm(forms.Form):
    """A neighbourhood or a language: only a name."""

    def __init__(self, *args: Any, label: Any, limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"] = _name(label, limit)
