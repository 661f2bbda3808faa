"""Template tags every page uses: GOV.UK form fields, the error summary, and easy-read text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.forms.utils import flatatt
from django.template.base import Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Checkboxes first: Django's CheckboxSelectMultiple is a subclass of RadioSelect.
_CHOICE_WIDGETS = {
    forms.CheckboxSelectMultiple: "checkboxes",
    forms.RadioSelect: "radios",
}


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    for widget_class, kind in _CHOICE_WIDGETS.items():
        if isinstance(widget, widget_class):
            return kind
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


def _describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_hint")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def describedby(field: BoundField) -> str:
    return _describedby(field)


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    kind = widget_kind(field)
    base = {
        "input": "govuk-input",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "file": "govuk-file-upload",
        "hidden": "",
    }[kind]
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors and base:
        classes.append(f"{base}--error")
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    if described := _describedby(field):
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.filter
def select_options(optgroups: list[tuple[Any, list[dict[str, Any]], int]]) -> SafeString:
    """A select's options and groups, the same HTML as Django's option templates, written without a template per
    option (see GovukFormRenderer)."""
    parts: list[str] = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], flatatt(option["attrs"]), option["label"]
                )
            )
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html


@register.simple_tag
def choice_checked(field: BoundField, value: Any) -> bool:
    current = field.value()
    values = current if isinstance(current, list | tuple) else [current]
    return str(value) in {str(v) for v in values if v is not None}


@dataclass(frozen=True)
class SummaryError:
    message: str
    href: str


def _first_input_id(field: BoundField) -> str:
    if widget_kind(field) in {"radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    return str(field.id_for_label or field.auto_id)


@register.inclusion_tag("core/forms/error_summary.html")
def error_summary(*forms_: forms.BaseForm | None) -> dict[str, Any]:
    errors: list[SummaryError] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append(SummaryError(message=str(message), href=""))
        for field in form:
            for message in field.errors:
                errors.append(SummaryError(message=str(message), href=f"#{_first_input_id(field)}"))
    return {"errors": errors}


class EasyReadNode(template.Node):
    def __init__(self, easy: template.NodeList, standard: template.NodeList) -> None:
        self.easy = easy
        self.standard = standard

    def render(self, context: Context) -> str:
        prefs = context.get("prefs")
        if prefs is not None and getattr(prefs, "easy_read", False):
            return self.easy.render(context)
        return self.standard.render(context)


@register.tag
def easyread(parser: Parser, token: Token) -> EasyReadNode:
    """`{% easyread %}short words{% standard %}the usual wording{% endeasyread %}`."""
    easy = parser.parse(("standard",))
    parser.delete_first_token()
    standard = parser.parse(("endeasyread",))
    parser.delete_first_token()
    return EasyReadNode(easy, standard)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
