"""A person's own learning record, on screen, as a PDF, and their badges as a zip of signed credential files.

Every address here is the signed-in person's own: none takes anyone else's id, so no one else's record can be
asked for.
"""

from __future__ import annotations

import io
import zipfile

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.core.email import site_url
from coproduce.core.pdf import pdf_response
from coproduce.core.permissions import require_perm, signed_in_person
from coproduce.learn.selectors.record import badges_held, learning_record
from coproduce.people.models import Person
from coproduce.recognition.models import Award


def _filename(person: Person, what: str, ext: str) -> str:
    name = slugify(person.display_name) or "me"
    return f"{what}-{name}-{timezone.localdate():%Y-%m-%d}.{ext}"


@require_perm("learn.view_record")
def record_page(request: HttpRequest) -> HttpResponse:
    record = learning_record(signed_in_person(request))
    return render(request, "learn/record_page.html", {"record": record})


@require_perm("learn.view_record")
def record_pdf(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    html = render_to_string(
        "learn/record_pdf.html",
        {"record": learning_record(person), "printed_at": timezone.localtime()},
        request=request,
    )
    return pdf_response(html, filename=_filename(person, "learning-record", "pdf"))


def badge_file_name(award: Award) -> str:
    return f"{award.badge.slug}-{award.credential_id}.jwt"


def badges_zip(awards: list[Award], *, site_url: str) -> bytes:
    """Each badge held as its signed Open Badges credential (a VC-JWT in a .jwt file), with a README."""
    # Imported here: signing belongs to the recognition app, which this page only asks for finished credentials.
    from coproduce.recognition.services.credentials import credential_jwt

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(awards))
        for award in awards:
            archive.writestr(badge_file_name(award), credential_jwt(award, site_url=site_url))
    return buffer.getvalue()


def _readme(awards: list[Award]) -> str:
    lines = [
        _("Your badges, as signed Open Badges 3.0 credentials."),
        "",
        _(
            "Each .jwt file is one badge, signed by the place that awarded it. You can keep them, share them, or add "
            "them to a digital wallet or a CV site that accepts Open Badges. Anyone can check that one is genuine on "
            "the place's verification page."
        ),
        "",
    ]
    if not awards:
        lines.append(_("You hold no badges yet, so there are no credential files in this download."))
    for award in awards:
        lines.append(f"{badge_file_name(award)}: {award.badge.name}")
    return "\n".join(lines) + "\n"


@require_perm("learn.view_record")
def record_badges(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    data = badges_zip(badges_held(person), site_url=site_url(request))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_filename(person, "badges", "zip")}"'
    return response
