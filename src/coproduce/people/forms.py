from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    easy_read = forms.BooleanField(
        label=_("Easy read"),
        required=False,
        help_text=_("Bigger words, more space, and shorter sentences where we have them."),
    )
    larger_text = forms.BooleanField(label=_("Larger text"), required=False, help_text=_("Makes all text bigger."))
    reduced_motion = forms.BooleanField(
        label=_("Less movement"), required=False, help_text=_("Turns off animations and sliding.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
