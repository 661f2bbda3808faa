"""Who must use a second factor (TOTP), and how a phone app is shown the secret it needs."""

from __future__ import annotations

from base64 import b32encode
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person


def needs_two_factor(person: Person) -> bool:
    """Anyone who can change other people's access must use a second factor."""
    if person.is_place_admin:
        return True
    return Membership.objects.filter(person=person, role=Role.ORG_ADMIN).exists()


def second_factor_required(person: Person) -> bool:
    """Admins must; anyone else who turned it on has asked for it, so it must count for them too."""
    return needs_two_factor(person) or TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def totp_secret_for_typing(device: TOTPDevice) -> str:
    """The secret as an app expects it typed: base32, in groups of 4 so it is easier to copy without slips."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_code_svg(device: TOTPDevice) -> SafeString:
    """The setup link as an inline SVG QR code: no image request, nothing for the CSP to block."""
    # SvgPathFillImage is SvgPathImage with a white background, so the code scans on a dark theme too.
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    svg = image.get_image()
    svg.set("role", "img")
    svg.set("aria-label", _("QR code to scan with your authenticator app"))
    svg.set("focusable", "false")
    svg.set("width", "200")
    svg.set("height", "200")
    # The markup is built by the qrcode library from a URL we made, so it holds nothing a person typed.
    return SafeString(ElementTree.tostring(svg, encoding="unicode"))
