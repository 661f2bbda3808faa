"""Reading the time people type ("1h30", "90 minutes", "1.5 hours", "half an hour") as whole minutes.

The rule for a number on its own: it means hours when it is 12 or less ("2" is two hours, "1.5" an hour and a
half), because that is how people answer "how long was it?". A bigger number on its own ("90") is refused with a
question, since it is far more often minutes than hours and a wrong guess would move the wrong number of hours.
Everything else that is not clearly one length of time (a range, "about 2 hours", "1h75") is refused too, with a
message that says what to type. Zero, less than zero and more than a week are refused plainly.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.timebank.services.ledger import MAX_MINUTES_PER_LEG

# Up to this many hours, a number on its own means hours.
BARE_HOURS_LIMIT = 12

HINT = gettext_lazy("For example 1h30, 90 minutes or 1.5 hours. A number on its own, like 2 or 1.5, means hours.")


class DurationError(ValueError):
    """Typed time that cannot be read as one length of time; the message says what to type instead."""


def _what_to_type() -> str:
    return _("Write the time as hours and minutes, for example 1h30 or 90 minutes.")


_HOUR_WORDS = r"(?:h|hr|hrs|hour|hours)"
_MINUTE_WORDS = r"(?:m|min|mins|minute|minutes)"
_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)"

_FRACTIONS = {"½": ".5", "¼": ".25", "¾": ".75"}
_WORD_NUMBERS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "forty-five": "45",
    "forty five": "45",
    "fifty": "50",
}
# Whole phrases people say for common lengths, after lower-casing and tidying spaces.
_PHRASES = {
    "half an hour": 30,
    "half hour": 30,
    "a half hour": 30,
    "quarter of an hour": 15,
    "a quarter of an hour": 15,
    "quarter hour": 15,
    "a quarter hour": 15,
    "three quarters of an hour": 45,
    "three-quarters of an hour": 45,
    "an hour": 60,
    "an hour and a half": 90,
    "an hour and half": 90,
    "an hour and a quarter": 75,
    "an hour and three quarters": 105,
}

_HOURS_ONLY = re.compile(rf"^(?P<h>{_NUMBER}) ?{_HOUR_WORDS}$")
_MINUTES_ONLY = re.compile(rf"^(?P<m>\d+) ?{_MINUTE_WORDS}$")
_HOURS_AND_MINUTES = re.compile(rf"^(?P<h>\d+) ?{_HOUR_WORDS},? ?(?:and )?(?P<m>\d+) ?(?:{_MINUTE_WORDS})?$")
_AND_A_HALF = re.compile(rf"^(?P<h>\d+) (?:and a half {_HOUR_WORDS}|{_HOUR_WORDS} and a half)$")
_CLOCK = re.compile(r"^(?P<h>\d+):(?P<m>\d\d)$")
_BARE = re.compile(rf"^(?P<n>{_NUMBER})$")


def _tidy(text: str) -> str:
    text = text.strip().lower()
    text = text.replace("\u2212", "-").replace("\u2013", "-")
    for fraction, decimal in _FRACTIONS.items():
        # "1½" and "1 ½" are both an hour and a half; "½" alone is half of one.
        text = re.sub(rf"(\d) ?{fraction}", rf"\g<1>{decimal}", text)
        text = text.replace(fraction, f"0{decimal}")
    # A decimal comma, as many people write it: "1,5" is one and a half.
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=[a-z])\.$", "", text)


def _digits_for_words(text: str) -> str:
    for word, digits in sorted(_WORD_NUMBERS.items(), key=lambda item: -len(item[0])):
        text = re.sub(rf"\b{word}\b", digits, text)
    return text


def _hours_to_minutes(hours: str) -> int:
    try:
        value = Decimal(hours) * 60
    except InvalidOperation as exc:
        raise DurationError(_what_to_type()) from exc
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _read(text: str) -> int:
    if text in _PHRASES:
        return _PHRASES[text]
    if re.search(r"\bdays?\b", text):
        # A "day" of help means different lengths to different people.
        raise DurationError(_("Write the hours rather than days, for example 7 hours."))
    text = _digits_for_words(text)
    if match := _AND_A_HALF.match(text):
        return int(match["h"]) * 60 + 30
    if match := _CLOCK.match(text):
        if int(match["m"]) >= 60:
            raise DurationError(_what_to_type())
        return int(match["h"]) * 60 + int(match["m"])
    if match := _HOURS_AND_MINUTES.match(text):
        if int(match["m"]) >= 60:
            # "1h75" is probably a slip; guessing which part is wrong would move the wrong hours.
            hours, minutes = int(match["h"]) + int(match["m"]) // 60, int(match["m"]) % 60
            raise DurationError(
                _("The minutes after the hours must be less than 60. Did you mean %(example)s?")
                % {"example": f"{hours}h{minutes:02d}"}
            )
        return int(match["h"]) * 60 + int(match["m"])
    if match := _HOURS_ONLY.match(text):
        return _hours_to_minutes(match["h"])
    if match := _MINUTES_ONLY.match(text):
        return int(match["m"])
    if match := _BARE.match(text):
        number = Decimal(match["n"])
        if number > BARE_HOURS_LIMIT:
            raise DurationError(
                _("Is that %(n)s minutes or %(n)s hours? Write it with the word, for example %(n)s minutes.")
                % {"n": match["n"]}
            )
        return _hours_to_minutes(match["n"])
    raise DurationError(_what_to_type())


def parse_duration(text: str) -> int:
    """The whole minutes `text` says, or DurationError with a message for the person who typed it."""
    tidy = _tidy(text or "")
    if not tidy:
        raise DurationError(_("Write how long it took, for example 1h30 or 90 minutes."))
    if tidy.startswith("-"):
        raise DurationError(_("The time must be more than zero."))
    minutes = _read(tidy)
    if minutes <= 0:
        raise DurationError(_("The time must be more than zero."))
    if minutes > MAX_MINUTES_PER_LEG:
        raise DurationError(_("That is more than a week. Check the time, or split it into smaller parts."))
    return minutes


def duration_as_text(minutes: int) -> str:
    """Minutes written so that parse_duration reads them back, in any language: "1h30", "2h", "45m"."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours}h{rest:02d}"
    if hours:
        return f"{hours}h"
    return f"{rest}m"


class DurationMinutesField(forms.Field):
    """A text box for a length of time. Its cleaned value is whole minutes; what was typed is shown back as typed,
    so a refused answer is never replaced by a guess."""

    widget = forms.TextInput

    default_error_messages = {"required": gettext_lazy("Write how long it took, for example 1h30 or 90 minutes.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", HINT)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"class": "govuk-input--width-10", "spellcheck": "false", "autocomplete": "off"})
        return attrs

    def prepare_value(self, value: Any) -> Any:
        # An initial value is minutes (from the database); a bound value is the text someone typed.
        if isinstance(value, int) and not isinstance(value, bool):
            return duration_as_text(value)
        return value

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_duration(str(value))
        except DurationError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc
