"""The form for defining or changing a badge.

A browser cannot keep a chosen file when a page comes back with errors, so a picture that passed its checks is
kept by the view (in the session, under the form's key) and used if the person sends the form again without
choosing another: only what was wrong needs fixing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _l

from coproduce.core.forms import SubmissionKeyForm, plain_text_box
from coproduce.recognition.models import Badge
from coproduce.recognition.services.badges import (
    ALT_MAX,
    CRITERIA_MAX,
    DESCRIPTION_MAX,
    IMAGE_MAX_BYTES,
    NAME_MAX,
    BadgeImageError,
    badge_image_checked,
    image_size_problem,
)
from coproduce.recognition.services.suggestions import SUGGEST_AT_MAX


class BadgeForm(SubmissionKeyForm):
    show_optional = True

    name = forms.CharField(
        label=_l("Name"),
        max_length=NAME_MAX,
        help_text=_l("A few words people will be proud to hold, for example ‘Listens well’."),
        error_messages={"required": _l("Give the badge a name.")},
    )
    description = forms.CharField(
        label=_l("What it recognises"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_l("The talent, strength or learning it celebrates, in a sentence or two."),
        error_messages={"required": _l("Say what the badge recognises.")},
    )
    criteria = forms.CharField(
        label=_l("How someone earns it"),
        max_length=CRITERIA_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_l("What people should have seen someone do. Nominations and evidence are read against this."),
        error_messages={
            "required": _l("Say how someone earns the badge, so people know what to look for when they nominate.")
        },
    )
    kind = forms.ChoiceField(
        label=_l("What kind of badge is it?"),
        choices=Badge.Kind.choices,
        widget=forms.RadioSelect,
        initial=Badge.Kind.TALENT,
        error_messages={"required": _l("Choose what kind of badge it is.")},
    )
    image = forms.FileField(
        label=_l("Image"),
        required=False,
        help_text=_l("A PNG, JPEG or SVG picture up to 256 KB. Square pictures look best."),
        error_messages={
            "invalid": _l("Choose a PNG, JPEG or SVG picture to upload."),
            "empty": _l("The image file is empty. Choose a PNG, JPEG or SVG picture."),
        },
    )
    image_alt = forms.CharField(
        label=_l("What the image shows"),
        max_length=ALT_MAX,
        help_text=_l("For people who cannot see it, for example ‘A cooking pot with steam rising’."),
        error_messages={"required": _l("Describe the image in a few words, for people who cannot see it.")},
    )
    peers_may_award = forms.BooleanField(
        label=_l("Let people award this badge to each other, not only facilitators"),
        required=False,
    )
    suggest_for = forms.ChoiceField(
        label=_l("Suggest people for this badge"),
        choices=Badge.SuggestFor.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_l(
            "Facilitators see the people who reach the number below on the suggestions page. Nobody is "
            "given a badge without someone deciding. Stories can be counted once gathering stories is part of "
            "the platform."
        ),
    )
    suggest_at = forms.IntegerField(
        label=_l("How many, before someone is suggested"),
        required=False,
        min_value=1,
        max_value=SUGGEST_AT_MAX,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": _l("Write the number in figures, for example 3."),
            "min_value": _l("The number must be between 1 and %(limit_value)s."),
            "max_value": _l("The number must be between 1 and %(limit_value)s."),
        },
    )

    def __init__(self, *args: Any, kept_image_name: str = "", has_image: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_text_box(self.fields["name"], _l("The name"))
        plain_text_box(self.fields["description"], _l("What it recognises"))
        plain_text_box(self.fields["criteria"], _l("How someone earns it"))
        plain_text_box(self.fields["image_alt"], _l("What the image shows"))
        self.fields["suggest_for"].initial = ""
        # Whether a picture is already there: the badge's own, or one kept from an earlier try of this form.
        self.kept_image_name = ""
        self.has_image = has_image
        self.fields["image"].required = not has_image
        self.fields["image"].error_messages["required"] = _l(
            "Choose an image for the badge: a PNG, JPEG or SVG picture up to 256 KB."
        )
        if has_image:
            self._image_optional()
        if kept_image_name:
            self.image_kept(kept_image_name)
        self.image_data: bytes | None = None
        self.image_name = ""

    def _image_optional(self) -> None:
        self.fields["image"].label = _l("A different image")
        self.fields["image"].help_text = _l("Only if you want to change it. A PNG, JPEG or SVG picture up to 256 KB.")

    def image_kept(self, name: str) -> None:
        """A picture from an earlier try of this form is kept, so choosing one again is optional."""
        self.kept_image_name = name
        self.has_image = True
        self.fields["image"].required = False
        self._image_optional()
        # A form already checked has made its bound fields, with the label they had then.
        self._bound_fields_cache.pop("image", None)  # type: ignore[attr-defined]

    def clean_image(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("image")
        if upload is None:
            return None
        too_big = image_size_problem(upload.size or 0)
        if too_big:
            raise forms.ValidationError(too_big)
        # One byte past the limit is enough to know it is too big, if the size given was wrong.
        data = upload.read(IMAGE_MAX_BYTES + 1)
        try:
            badge_image_checked(data)
        except BadgeImageError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.image_data = data
        self.image_name = upload.name or ""
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("suggest_for") and data.get("suggest_at") is None and "suggest_at" not in self.errors:
            self.add_error("suggest_at", _l("Say how many it takes before someone is suggested, for example 3."))
        return data
