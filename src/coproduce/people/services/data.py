"""Everything held about a person, as a zip of JSON and CSV files with a README.

Each file is a section. The people app registers its own below; every other app adds its files by calling
`register_export_section(...)` from its AppConfig.ready(), so a person's download always covers the whole platform
without this module knowing about timebank hours or stories.

Small downloads are built during the request and sent straight away. Large ones are built by a background task
into MEDIA_ROOT/exports/ under a random name, served only to their owner by a view that checks who asks, and
deleted after EXPORT_KEEP_DAYS by `coproduce prune-exports`.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.email import email_on_commit
from coproduce.core.models import AuditEntry
from coproduce.core.services import audit_record, place_get
from coproduce.people.models import Consent, DataExport, Person, PioneerNomination, Profile, ProfileTag

# Below this many rows in all, the zip is built during the request: a few hundred milliseconds at most.
EXPORT_INLINE_MAX_ROWS = 2000
EXPORT_KEEP_DAYS = 7
EXPORT_FOLDER = "exports"
README_NAME = "README.txt"

# A section returns, for a .json file, any value json can write (dates allowed); for a .csv file, an iterable of
# mappings from column name to value.
SectionBuilder = Callable[[Person], Any]


@dataclass(frozen=True)
class ExportSection:
    name: str
    build: SectionBuilder
    description: Any  # str or lazy translation: one paragraph for README.txt
    columns: tuple[str, ...] = ()
    # How many rows the section will hold, to decide whether to build now or in the background. None means one.
    count: Callable[[Person], int] | None = None

    @property
    def is_csv(self) -> bool:
        return self.name.endswith(".csv")


_SECTIONS: dict[str, ExportSection] = {}


class ExportSectionError(ValueError):
    pass


def register_export_section(
    name: str,
    fn: SectionBuilder,
    *,
    description: Any = "",
    columns: Iterable[str] = (),
    count: Callable[[Person], int] | None = None,
) -> None:
    """Add a file to every person's download. Call from AppConfig.ready(); registering a name again replaces it,
    so a reloaded app does not add its files twice.

    `name` is the file name in the zip and must end in .json or .csv; a CSV section must name its `columns`, so
    that a person with no rows still gets a file that says what it would hold. `count` should be cheap (a COUNT
    query): it decides whether the download is built now or in the background.
    """
    if not name.endswith((".json", ".csv")) or "/" in name or name == README_NAME:
        raise ExportSectionError(f"Export section {name!r} must be a plain file name ending in .json or .csv")
    columns = tuple(columns)
    if name.endswith(".csv") and not columns:
        raise ExportSectionError(f"Export section {name!r} is a CSV file, so it needs its columns")
    _SECTIONS[name] = ExportSection(name=name, build=fn, description=description, columns=columns, count=count)


def export_sections() -> list[ExportSection]:
    return list(_SECTIONS.values())


def data_export_row_count(person: Person) -> int:
    return sum(section.count(person) if section.count is not None else 1 for section in export_sections())


def data_export_is_small(person: Person) -> bool:
    return data_export_row_count(person) < EXPORT_INLINE_MAX_ROWS


# Spreadsheet programs run a cell that starts with one of these as a formula; a leading apostrophe keeps it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(_csv_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _csv_bytes(columns: tuple[str, ...], rows: Iterable[Mapping[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    # utf-8-sig so Excel, which most people will open it with, reads accents and non-Latin names correctly.
    return out.getvalue().encode("utf-8-sig")


def _readme(person: Person, sections: list[ExportSection]) -> str:
    place = place_get()
    lines = [
        _("Everything %(place)s holds about %(name)s") % {"place": place.name, "name": person.display_name},
        "",
        _("Made on %(when)s.") % {"when": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        _(
            "JSON files can be opened in any text editor. CSV files open in a spreadsheet program; "
            "a value that starts with = + - or @ has an apostrophe added in front, so that a spreadsheet "
            "shows it as text instead of running it."
        ),
        _(
            "Where a record is about someone else as well as you, you get your part of it and not their "
            "private details."
        ),
        "",
    ]
    for section in sections:
        lines += [section.name, f"  {section.description}", ""]
    if place.contact_email:
        lines.append(
            _("Questions about your data: write to %(email)s.") % {"email": place.contact_email},
        )
    return "\n".join(lines) + "\n"


def data_export_write(person: Person, target: IO[bytes]) -> int:
    """Write the whole zip for `person` into `target`. Returns how many files it holds."""
    sections = export_sections()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README_NAME, _readme(person, sections).encode("utf-8"))
        for section in sections:
            data = section.build(person)
            if section.is_csv:
                archive.writestr(section.name, _csv_bytes(section.columns, data))
            else:
                text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
                archive.writestr(section.name, text.encode("utf-8"))
    return len(sections) + 1


def data_export_file_name(person: Person) -> str:
    """What the person's browser saves the download as."""
    return f"my-data-{timezone.localdate().isoformat()}.zip"


def data_export_now(*, person: Person) -> bytes:
    """Build a small download during the request and record that it was given."""
    buffer = io.BytesIO()
    with transaction.atomic():
        # Recorded first, so that data_exports.csv in this very download lists it.
        export = DataExport.objects.create(person=person, status=DataExport.Status.READY, ready_at=timezone.now())
        audit_record(actor=person, action="person.data_export", target=person, detail={"export": export.pk})
        data_export_write(person, buffer)
    return buffer.getvalue()


def data_export_request(*, person: Person, site_url: str) -> DataExport:
    """Ask for a large download to be built in the background. Asking again while one is waiting changes nothing."""
    from coproduce.people.tasks import data_export_prepare

    with transaction.atomic():
        # Lock the person so two clicks at once make one export, not two.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        waiting = DataExport.objects.filter(person=person, status=DataExport.Status.WAITING).first()
        if waiting is not None:
            return waiting
        export = DataExport.objects.create(person=person)
        audit_record(actor=person, action="person.data_export_request", target=person, detail={"export": export.pk})
        export_id = export.pk
        transaction.on_commit(lambda: data_export_prepare.enqueue(export_id=export_id, site_url=site_url))
    return export


def data_export_prepare_file(*, export_id: int, site_url: str) -> DataExport | None:
    """Build a waiting export into storage, mark it ready and tell its owner. Safe to run twice: a second run
    finds it ready (or failed) and does nothing."""
    export = DataExport.objects.select_related("person").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.WAITING:
        return export
    person = export.person
    try:
        with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as spool:
            data_export_write(person, spool)
            spool.seek(0)
            # A long random name: nobody can guess another person's file, even if storage were ever exposed.
            stored = default_storage.save(f"{EXPORT_FOLDER}/{secrets.token_urlsafe(32)}.zip", File(spool))
    except Exception:
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.WAITING).update(
            status=DataExport.Status.FAILED
        )
        raise
    with transaction.atomic():
        export = DataExport.objects.select_for_update(of=("self",)).select_related("person").get(pk=export_id)
        if export.status != DataExport.Status.WAITING:
            # Another worker finished first; its file stands and ours goes.
            transaction.on_commit(lambda: default_storage.delete(stored))
            return export
        export.file.name = stored
        export.status = DataExport.Status.READY
        export.ready_at = timezone.now()
        export.save(update_fields=["file", "status", "ready_at"])
        audit_record(actor=None, action="person.data_export_ready", target=person, detail={"export": export.pk})
        if person.email:
            email_on_commit(
                to=person.email,
                subject=_("Your download from %(place)s is ready") % {"place": place_get().name},
                template="people/email/data_export_ready.txt",
                context={
                    "person": person,
                    "place": place_get(),
                    "link": f"{site_url}{reverse('people:my-data')}",
                    "keep_days": EXPORT_KEEP_DAYS,
                },
            )
    return export


def data_export_for_download(*, person: Person, export_id: int) -> DataExport | None:
    """The person's own ready export with a file, or None: nobody is told whether someone else's exists."""
    return (
        DataExport.objects.filter(
            pk=export_id, person=person, status=DataExport.Status.READY, requested_at__gte=_keep_from()
        )
        .exclude(file="")
        .first()
    )


def data_export_downloaded(*, person: Person, export: DataExport) -> None:
    with transaction.atomic():
        audit_record(actor=person, action="person.data_export_download", target=person, detail={"export": export.pk})


def _keep_from() -> datetime:
    return timezone.now() - timedelta(days=EXPORT_KEEP_DAYS)


def data_export_prune(*, now: datetime | None = None) -> int:
    """Delete exports (files and rows) older than EXPORT_KEEP_DAYS, and stray files in the exports folder that no
    row refers to (left by a worker that stopped half-way). Returns how many exports were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=EXPORT_KEEP_DAYS)
    old = list(DataExport.objects.filter(requested_at__lt=cutoff).values_list("pk", "file"))
    for _pk, name in old:
        if name:
            default_storage.delete(name)
    DataExport.objects.filter(pk__in=[pk for pk, _name in old]).delete()
    _stray_files_delete(cutoff)
    return len(old)


def _stray_files_delete(cutoff: datetime) -> None:
    try:
        _dirs, files = default_storage.listdir(EXPORT_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    known = set(DataExport.objects.exclude(file="").values_list("file", flat=True))
    for file_name in files:
        name = f"{EXPORT_FOLDER}/{file_name}"
        if name in known:
            continue
        try:
            modified = default_storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if modified < cutoff:
            default_storage.delete(name)


# The people app's own sections ------------------------------------------------------------------------------


def _person_section(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "preferred_name": person.preferred_name,
        "email": person.email,
        "phone": person.phone,
        "date_joined": person.date_joined,
        "last_sign_in": person.last_login,
        "has_password": person.has_usable_password(),
        "runs_the_installation": person.is_place_admin,
        "is_demo_person": person.is_demo,
        "preferences": {
            "easy_read": person.easy_read,
            "larger_text": person.larger_text,
            "reduced_motion": person.reduced_motion,
            "language": person.language,
        },
    }


def _profile_section(person: Person) -> dict[str, Any] | None:
    profile = (
        Profile.objects.filter(person=person)
        .select_related("neighbourhood", "filled_in_by")
        .prefetch_related("languages")
        .first()
    )
    if profile is None:
        return None
    tags: dict[str, list[str]] = {kind: [] for kind in ProfileTag.Kind.values}
    for held in profile.tags.select_related("tag").order_by("tag__name"):
        tags[held.kind].append(held.tag.name)
    return {
        "about_me": {"text": profile.about_me, "who_sees_it": profile.about_me_visibility},
        "gifts_and_skills": {"tags": tags[ProfileTag.Kind.GIFT], "who_sees_it": profile.gifts_visibility},
        "passions": {"tags": tags[ProfileTag.Kind.PASSION], "who_sees_it": profile.passions_visibility},
        "would_like_to_learn": {"tags": tags[ProfileTag.Kind.LEARN], "who_sees_it": profile.learning_visibility},
        "lived_experience": {"text": profile.lived_experience, "who_sees_it": profile.lived_experience_visibility},
        "languages": {
            "names": [language.name for language in profile.languages.all()],
            "who_sees_it": profile.languages_visibility,
        },
        "neighbourhood": {
            "name": profile.neighbourhood.name if profile.neighbourhood else None,
            "who_sees_it": profile.neighbourhood_visibility,
        },
        "usually_free": {"text": profile.usually_free, "who_sees_it": profile.usually_free_visibility},
        "contact": {
            "ways": profile.contact_ways,
            "notes": profile.contact_notes,
            "who_sees_it": profile.contact_visibility,
        },
        "support_to_take_part": {
            "needs": profile.support_needs,
            "notes": profile.support_notes,
            "who_sees_it": profile.support_visibility,
        },
        "first_time_journey": {"step_reached": profile.journey_step, "finished_at": profile.journey_finished_at},
        # The facilitator's name only: they filled this in with the person, so the person knows them already.
        "filled_in_with": profile.filled_in_by.display_name if profile.filled_in_by else None,
        "filled_in_at": profile.filled_in_at,
        "confirmed_at": profile.confirmed_at,
        "updated_at": profile.updated_at,
    }


def _tags_rows(person: Person) -> Iterable[dict[str, Any]]:
    rows = ProfileTag.objects.filter(profile__person=person).select_related("tag").order_by("kind", "tag__name")
    for held in rows:
        yield {"kind": held.get_kind_display(), "tag": held.tag.name, "tag_status": held.tag.get_status_display()}


def _tags_count(person: Person) -> int:
    return ProfileTag.objects.filter(profile__person=person).count()


def _consent_rows(person: Person) -> Iterable[dict[str, Any]]:
    rows = Consent.objects.filter(person=person).select_related("wording", "recorded_by").order_by("given_at")
    for consent in rows:
        yield {
            "topic": consent.get_topic_display(),
            "wording_version": consent.wording.version,
            "words_agreed_to": consent.wording.text,
            "how": consent.get_how_display(),
            "recorded_by": consent.recorded_by.display_name if consent.recorded_by else "",
            "given_at": consent.given_at,
            "withdrawn_at": consent.withdrawn_at,
        }


def _membership_rows(person: Person) -> Iterable[dict[str, Any]]:
    from coproduce.organisations.models import Membership

    for membership in Membership.objects.filter(person=person).select_related("organisation", "service"):
        yield {
            "organisation": membership.organisation.name,
            "service": membership.service.name if membership.service else "",
            "role": membership.get_role_display(),
            "title": membership.title,
            "since": membership.created_at,
        }


def _membership_count(person: Person) -> int:
    return person.memberships.count()


def _audit_query(person: Person) -> Q:
    """Actions the person took, and actions anyone took on the person's own records."""
    person_type = ContentType.objects.get_for_model(Person)
    profile_type = ContentType.objects.get_for_model(Profile)
    own_target = Q(target_type__in=[person_type, profile_type], target_id=str(person.pk))
    return Q(actor=person) | own_target | Q(detail__person=person.pk)


def _audit_rows(person: Person) -> Iterable[dict[str, Any]]:
    person_type = ContentType.objects.get_for_model(Person)
    profile_type = ContentType.objects.get_for_model(Profile)
    entries = (
        AuditEntry.objects.filter(_audit_query(person))
        .select_related("target_type")
        .order_by("at", "id")
        .iterator(chunk_size=2000)
    )
    for entry in entries:
        about_them = entry.target_type_id in (person_type.pk, profile_type.pk) and entry.target_id == str(person.pk)
        about_them = about_them or entry.detail.get("person") == person.pk
        yield {
            "at": entry.at,
            "who": _("you") if entry.actor_id == person.pk else entry.actor_label,
            "action": entry.action,
            "record_type": entry.target_type.model if entry.target_type else "",
            "record_id": entry.target_id,
            # Records that are someone else's (an invitation you sent, a person you imported) are named by kind
            # and number only, so their private details do not travel in your download.
            "record": entry.target_label if about_them else "",
            "detail": entry.detail if about_them else {},
        }


def _audit_count(person: Person) -> int:
    return AuditEntry.objects.filter(_audit_query(person)).count()


def _nomination_rows(person: Person) -> Iterable[dict[str, Any]]:
    made = PioneerNomination.objects.filter(nominated_by=person).select_related("nominee").order_by("created_at")
    for nomination in made:
        yield {
            "direction": _("made by you"),
            "nominee": nomination.nominee.display_name,
            "reason": nomination.reason,
            "at": nomination.created_at,
        }
    # Who nominated you is left out: people nominate in confidence, for facilitators to read, and the name of
    # the person who nominated you is their information, not yours.
    for nomination in PioneerNomination.objects.filter(nominee=person).order_by("created_at"):
        yield {
            "direction": _("about you"),
            "nominee": person.display_name,
            "reason": nomination.reason,
            "at": nomination.created_at,
        }


def _nomination_count(person: Person) -> int:
    return PioneerNomination.objects.filter(Q(nominated_by=person) | Q(nominee=person)).count()


def _export_rows(person: Person) -> Iterable[dict[str, Any]]:
    for export in DataExport.objects.filter(person=person).order_by("requested_at"):
        yield {"requested_at": export.requested_at, "status": export.status, "ready_at": export.ready_at}


register_export_section(
    "person.json",
    _person_section,
    description=gettext_lazy("Your account: your name, email address, phone number and display settings."),
)
register_export_section(
    "profile.json",
    _profile_section,
    description=gettext_lazy(
        "Your profile in your own words, and who you chose to let see each part. Empty (null) if you have not "
        "made a profile."
    ),
)
register_export_section(
    "tags.csv",
    _tags_rows,
    description=gettext_lazy("Your gifts and skills, passions, and what you would like to learn, one per row."),
    columns=("kind", "tag", "tag_status"),
    count=_tags_count,
)
register_export_section(
    "consents.csv",
    _consent_rows,
    description=gettext_lazy(
        "Every consent you have given or withdrawn: the exact words, their version, when, how, and who recorded "
        "it if it was not you."
    ),
    columns=("topic", "wording_version", "words_agreed_to", "how", "recorded_by", "given_at", "withdrawn_at"),
    count=lambda person: person.consents.count(),
)
register_export_section(
    "memberships.csv",
    _membership_rows,
    description=gettext_lazy("Your roles in organisations and their services."),
    columns=("organisation", "service", "role", "title", "since"),
    count=_membership_count,
)
register_export_section(
    "audit.csv",
    _audit_rows,
    description=gettext_lazy(
        "Our record of what you did here, and of what anyone did to your account, profile or roles. Where you "
        "acted on someone else's record, it is named by its kind and number only."
    ),
    columns=("at", "who", "action", "record_type", "record_id", "record", "detail"),
    count=_audit_count,
)
register_export_section(
    "pioneer_nominations.csv",
    _nomination_rows,
    description=gettext_lazy(
        "Pioneer nominations you made, and nominations of you with their reasons. Who nominated you is not "
        "included: that is theirs to share."
    ),
    columns=("direction", "nominee", "reason", "at"),
    count=_nomination_count,
)
register_export_section(
    "data_exports.csv",
    _export_rows,
    description=gettext_lazy("Each time you asked for a download like this one, including this one."),
    columns=("requested_at", "status", "ready_at"),
    count=lambda person: person.data_exports.count(),
)
