"""`{{ minutes|hours }}`: minutes written the way the timebank writes them everywhere ("1h 30m")."""

from __future__ import annotations

from django import template

from coproduce.timebank.services.ledger import minutes_as_text

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    return minutes_as_text(int(minutes or 0))
