"""Our select template writes the same HTML as Django's, without a template per option."""

from __future__ import annotations

import re

from django import forms
from django.forms.renderers import DjangoTemplates

CHOICES = [("", "Any"), ("1", "Tom & Jerry"), ("Group <b>", [("2", "x<y"), ("3", "z")]), ("4", '"quoted"')]


class Choosing(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:])


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_select_html_matches_djangos_own() -> None:
    data = {"one": "2", "many": ["1", "4"]}
    ours = Choosing(data)
    djangos = Choosing(data, renderer=DjangoTemplates())
    for name in ("one", "many"):
        assert _squeeze(str(ours[name].as_widget())) == _squeeze(str(djangos[name].as_widget()))
    html = str(ours["one"].as_widget())
    assert '<option value="2" selected>x&lt;y</option>' in html
    assert 'label="Group &lt;b&gt;"' in html
    assert "Tom &amp; Jerry" in html
