"""Adding and changing a community asset. Text boxes carry no `maxlength` attribute, so a browser never silently
cuts what someone pastes: limits are checked here and said plainly, with everything typed kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.organisations.models import Organisation
from coproduce.people.models import CommunityAsset, Neighbourhood, Person, Tag
from coproduce.people.selectors.tags import MOST_TAGS_AT_ONCE, tag_names_split, tags_match

TAG_NAME_MAX = 60


def _too_long(what: Any) -> Any:
    return format_lazy(
        "{} {}", what, _l("can be up to %(limit_value)s characters. It has %(show_value)s: please shorten it.")
    )


class CommunityAssetForm(forms.ModelForm):
    field_order = [
        "name",
        "kind",
        "offers",
        "tag_names",
        "when",
        "where",
        "neighbourhood",
        "access",
        "contact",
        "organisation",
    ]
    tag_names = forms.CharField(
        label=_l("What it offers, from the shared list (optional)"),
        help_text=_l(
            "Gifts, skills and interests it is for, with commas between them, for example ‘Cooking, Gardening’. "
            "These help people find it in ‘Who can help?’."
        ),
        required=False,
        max_length=2000,
        error_messages={"max_length": _too_long(_l("This list"))},
    )

    class Meta:
        model = CommunityAsset
        fields = ["name", "kind", "offers", "when", "where", "neighbourhood", "access", "contact", "organisation"]
        widgets = {"kind": forms.RadioSelect, "offers": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "name": _l("Name"),
            "kind": _l("What kind of thing is it?"),
            "offers": _l("What it offers"),
            "when": _l("When (optional)"),
            "where": _l("Where (optional)"),
            "neighbourhood": _l("Neighbourhood (optional)"),
            "access": _l("Access information (optional)"),
            "contact": _l("Contact (optional)"),
            "organisation": _l("Organisation it belongs to (optional)"),
        }
        help_texts = {
            "offers": _l("In plain words: who it is for and what happens there. Up to 3,000 characters."),
            "when": _l("For example ‘Thursdays, 10am to 12 noon’."),
            "where": _l("An address or a place people know, for example ‘St Mary’s church hall, Mill Lane’."),
            "access": _l(
                "For example step-free entrance, accessible toilet, hearing loop, quiet room, parking, bus routes."
            ),
            "contact": _l("A phone number, email address or website, or who to ask."),
        }

    def __init__(self, *args: Any, actor: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.tags: list[Tag] = []
        self.fields["tag_names"].widget.attrs.pop("maxlength", None)
        for name in ("name", "offers", "when", "where", "access", "contact"):
            form_field = self.fields[name]
            form_field.widget.attrs.pop("maxlength", None)
            label = self.Meta.labels[name]
            form_field.error_messages["max_length"] = _too_long(label)
        self.fields["kind"].choices = CommunityAsset.Kind.choices  # type: ignore[attr-defined]
        self.fields["name"].error_messages["required"] = _("Give its name.")
        self.fields["kind"].error_messages["required"] = _("Choose what kind of thing it is.")
        self.fields["kind"].error_messages["invalid_choice"] = _("Choose what kind of thing it is.")
        self.fields["offers"].error_messages["required"] = _("Say what it offers, in a sentence or two.")
        self.fields["neighbourhood"].error_messages["invalid_choice"] = _("Choose a neighbourhood from the list.")
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "Choose an organisation from the list: one you facilitate or run."
        )
        neighbourhood = self.fields["neighbourhood"]
        neighbourhood.queryset = Neighbourhood.objects.order_by("name")  # type: ignore[attr-defined]
        neighbourhood.empty_label = _("Not in one neighbourhood")  # type: ignore[attr-defined]
        organisation = self.fields["organisation"]
        organisation.queryset = self._organisations()  # type: ignore[attr-defined]
        organisation.empty_label = _("None, or not known")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["tag_names"] = ", ".join(
                self.instance.tags.filter(status=Tag.Status.APPROVED).order_by("name").values_list("name", flat=True)
            )

    def _organisations(self) -> Any:
        """Place admins may choose any organisation; others the ones they facilitate or run, so nobody files an
        asset under an organisation they cannot then change it for. An organisation already chosen stays."""
        organisations = Organisation.objects.order_by("name")
        if self.actor.is_place_admin:
            return organisations
        from django.db.models import Q

        mine = Q(memberships__person=self.actor, memberships__role__in=["facilitator", "org_admin"])
        if self.instance.pk and self.instance.organisation_id:
            mine |= Q(pk=self.instance.organisation_id)
        return organisations.filter(mine).distinct()

    def clean_tag_names(self) -> str:
        text: str = self.cleaned_data.get("tag_names", "")
        names = tag_names_split(text)
        too_long = [name for name in names if len(name) > TAG_NAME_MAX]
        if too_long:
            raise forms.ValidationError(
                _("Each one can be up to %(limit)s characters. Shorten ‘%(name)s’ or put commas between things.")
                % {"limit": TAG_NAME_MAX, "name": too_long[0][:80]}
            )
        if len(names) > MOST_TAGS_AT_ONCE:
            raise forms.ValidationError(
                _("You can list up to %(limit)s here. You have %(count)s: choose the ones that matter most.")
                % {"limit": MOST_TAGS_AT_ONCE, "count": len(names)}
            )
        match = tags_match(names)
        not_listed = [*match.unknown, *match.refused]
        if not_listed:
            # Only tags from the shared list attach, so everyone searches with the same words.
            raise forms.ValidationError(
                _(
                    "These are not in the shared list: %(names)s. Take them out, or use other words for them "
                    "(for example ‘cooking’ rather than ‘cookery class’). Whoever looks after the shared list "
                    "can add new ones."
                )
                % {"names": ", ".join(f"‘{name}’" for name in not_listed)}
            )
        self.tags = list(match.known)
        return text

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "offers": data["offers"],
            "tags": self.tags,
            "when": data["when"],
            "where": data["where"],
            "neighbourhood": data["neighbourhood"],
            "access": data["access"],
            "contact": data["contact"],
            "organisation": data["organisation"],
        }
