"""Reading the time people type. The rule for a number on its own: up to 12 it means hours; bigger is asked about."""

from __future__ import annotations

import pytest
from django import forms

from coproduce.timebank.durations import (
    HINT,
    DurationError,
    DurationMinutesField,
    duration_as_text,
    parse_duration,
)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("90 minutes", 90),
        ("90 mins", 90),
        ("90min", 90),
        ("45m", 45),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1 h 30 m", 90),
        ("1hr30", 90),
        ("1 hour 30 minutes", 90),
        ("1 hour and 30 minutes", 90),
        ("1 hour, 30 minutes", 90),
        ("1h05", 65),
        ("1.5", 90),
        ("1.5 hours", 90),
        ("1,5", 90),
        ("1,5 hours", 90),
        (".5", 30),
        ("1.25 hours", 75),
        ("2 hours", 120),
        ("2 hrs", 120),
        ("2h", 120),
        ("  2   HOURS. ", 120),
        ("1:30", 90),
        ("0:45", 45),
        ("half an hour", 30),
        ("a quarter of an hour", 15),
        ("three quarters of an hour", 45),
        ("an hour", 60),
        ("an hour and a half", 90),
        ("one and a half hours", 90),
        ("2 and a half hours", 150),
        ("two hours", 120),
        ("thirty minutes", 30),
        ("¾ hour", 45),
        ("½ hour", 30),
        ("1½ hours", 90),
        ("1 ½ hours", 90),
        ("2", 120),
        ("12", 720),
        ("168 hours", 168 * 60),
    ],
)
def test_unambiguous_ways_of_writing_time_are_read_as_minutes(typed, minutes):
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("90", "Is that 90 minutes or 90 hours?"),
        ("13", "Is that 13 minutes or 13 hours?"),
        ("0", "more than zero"),
        ("0 minutes", "more than zero"),
        ("0.001", "more than zero"),
        ("-1", "more than zero"),
        ("−2 hours", "more than zero"),
        ("-30 minutes", "more than zero"),
        ("169 hours", "more than a week"),
        ("99999999999 minutes", "more than a week"),
        ("1h75", "Did you mean 2h15?"),
        ("1:75", "Write the time as hours and minutes, for example 1h30 or 90 minutes."),
        ("1:5", "Write the time as hours and minutes"),
        ("about 2 hours", "Write the time as hours and minutes"),
        ("1-2 hours", "Write the time as hours and minutes"),
        ("2 or 3 hours", "Write the time as hours and minutes"),
        ("90.5 minutes", "Write the time as hours and minutes"),
        ("a while", "Write the time as hours and minutes"),
        ("1 day", "rather than days"),
        ("", "Write how long it took"),
        ("   ", "Write how long it took"),
        ("<script>alert(1)</script>", "Write the time as hours and minutes"),
    ],
)
def test_everything_else_is_refused_with_a_message_that_says_what_to_type(typed, says):
    with pytest.raises(DurationError, match=says.replace("?", r"\?")):
        parse_duration(typed)


@pytest.mark.parametrize("minutes", [1, 5, 30, 45, 59, 60, 61, 90, 120, 125, 600, 24 * 60 * 7])
def test_minutes_written_back_are_read_the_same(minutes):
    assert parse_duration(duration_as_text(minutes)) == minutes


class TimeForm(forms.Form):
    time = DurationMinutesField(label="How long")


def test_the_field_cleans_to_minutes_and_says_the_rule_as_its_hint():
    form = TimeForm({"time": "1h30"})
    assert form.is_valid()
    assert form.cleaned_data["time"] == 90
    assert str(form.fields["time"].help_text) == str(HINT)
    assert "A number on its own" in str(HINT)


def test_a_refused_time_keeps_what_was_typed_and_says_why():
    form = TimeForm({"time": "about 2 hours"})
    assert not form.is_valid()
    assert form.errors["time"] == ["Write the time as hours and minutes, for example 1h30 or 90 minutes."]
    html = str(form["time"])
    assert 'value="about 2 hours"' in html
    assert "maxlength" not in html


def test_an_initial_number_of_minutes_is_shown_as_readable_time():
    form = TimeForm(initial={"time": 90})
    assert 'value="1h30"' in str(form["time"])


def test_an_empty_answer_is_asked_for_plainly():
    form = TimeForm({"time": ""})
    assert not form.is_valid()
    assert "Write how long it took" in form.errors["time"][0]
