"""Forms for answering a story (and linking the change to an action in a plan) and for choosing a service's measures.

Choosing who will do a new action uses the person picker every form shares (a search box and a "Find" button that
sends the form back with everything kept), so it works without JavaScript. Text boxes carry no `maxlength`, so
nothing pasted is cut off silently: the limit is checked and said plainly.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import label_choices, plain_text_box
from coproduce.organisations.models import Service
from coproduce.people.forms_pick import PersonChoiceField, SearchableForm, search_field
from coproduce.plans.forms import due_on_field
from coproduce.plans.models import Action
from coproduce.plans.services import WHAT_MAX
from coproduce.stories.models import Response
from coproduce.stories.services.responses import BODY_MAX, NewAction, changes_plan_title

NO_LINK = ""
EXISTING = "existing"
NEW = "new"


class ResponseForm(SearchableForm):
    """A service's response to a story: the words, any change it reports, and the action that carries it."""

    show_optional = True
    search_fields = ("owner_search",)

    body = forms.CharField(
        label=_l("Your response"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_l(
            "Everyone who can read the story will read this. Thank the person, say what you heard, and what "
            "you will do."
        ),
        error_messages={"required": _l("Write your response to the story.")},
    )
    change = forms.ChoiceField(
        label=_l("Is something changing because of this story?"),
        choices=Response.Change.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _l("Choose one of the answers listed.")},
    )
    link = forms.ChoiceField(
        label=_l("Link it to an action in a plan"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_l("So the person who told the story can follow the change through."),
        error_messages={"invalid_choice": _l("Choose one of the answers listed.")},
    )
    action = forms.ModelChoiceField(
        label=_l("Which action"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_l("Choose an action"),
        error_messages={"invalid_choice": _l("We could not find that action. Choose one from the list.")},
    )
    what = forms.CharField(
        label=_l("What will be done"),
        required=False,
        max_length=WHAT_MAX,
        help_text=_l("One thing someone can do, for example ‘Put the opening times on the door in large print’."),
    )
    owner_search = search_field(_l("Search for the person who will do it"))
    owner_person = PersonChoiceField(label=_l("Who will do it"), required=False, empty_label=_l("Not decided yet"))
    due_on = due_on_field()

    def __init__(
        self, *args: Any, actions: list[Action], service: Service, has_action: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["body"], _l("Your response"))
        plain_text_box(self.fields["what"], _l("What will be done"))
        self.fields["change"].initial = ""
        link = self.fields["link"]
        link.choices = [  # type: ignore[attr-defined]
            (NO_LINK, _("Keep the action it links to now") if has_action else _("Not now")),
            (EXISTING, _("An action %(organisation)s already has") % {"organisation": service.organisation.name}),
            (NEW, _("A new action in the plan ‘%(plan)s’") % {"plan": changes_plan_title(service)}),
        ]
        link.initial = NO_LINK
        field = self.fields["action"]
        field.queryset = Action.objects.filter(pk__in=[action.pk for action in actions]).select_related(  # type: ignore[attr-defined]
            "plan"
        )
        label_choices(field, lambda action: f"{action.what} ({action.plan.title})")
        # The list is already fetched; the widget shows it without asking the database again.
        field.widget.choices = [("", field.empty_label), *((a.pk, f"{a.what} ({a.plan.title})") for a in actions)]  # type: ignore[attr-defined]
        self.narrow("owner_person", "owner_search")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        link = data.get("link", NO_LINK)
        if link == EXISTING and not data.get("action") and "action" not in self.errors:
            self.add_error("action", _("Choose the action this response links to."))
        if link == NEW and not (data.get("what") or "").strip() and "what" not in self.errors:
            self.add_error("what", _("Say what will be done."))
        return data

    def chosen_action(self) -> Action | None:
        if self.cleaned_data.get("link") != EXISTING:
            return None
        action: Action | None = self.cleaned_data.get("action")
        return action

    def new_action(self) -> NewAction | None:
        if self.cleaned_data.get("link") != NEW:
            return None
        data = self.cleaned_data
        return NewAction(what=data["what"], owner_person=data.get("owner_person"), due_on=data.get("due_on"))


class MeasuresServiceForm(forms.Form):
    """A GET form: choose a service to see its own measures."""

    service = forms.ModelChoiceField(
        label=_l("See one service’s measures"),
        queryset=Service.objects.none(),
        empty_label=_l("Choose a service"),
        error_messages={
            "required": _l("Choose a service from the list."),
            "invalid_choice": _l("We could not find that service. Choose one from the list."),
        },
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
