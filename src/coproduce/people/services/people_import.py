"""Importing people from a CSV file: check the whole file, show every row's fate, then write all or only the good rows.

Checking a file costs a fixed handful of queries however long it is (every lookup is by set), and writing it is a
few bulk inserts in one transaction with one audit row, so a 10,000-row file imports in seconds. Nothing is written
while a facilitator looks at the preview; the file waits in PeopleImport.content and is cleared once used.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.services import audit_record
from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import (
    Language,
    Neighbourhood,
    PeopleImport,
    Person,
    Profile,
    ProfileTag,
    Tag,
    TagSynonym,
)

IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 20_000
# A preview nobody confirmed or cancelled is cleared after this, so other people's details do not linger.
IMPORT_PREVIEW_KEEP = timedelta(days=7)
NAME_MAX = Person._meta.get_field("preferred_name").max_length or 100
EMAIL_MAX = 254
PHONE_MAX = Person._meta.get_field("phone").max_length or 30
_PHONE = re.compile(r"^\+?[0-9 ()\-.]+$")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class ImportColumn:
    name: str
    required: str  # "yes", "no", or a sentence
    description: object  # a lazy translation
    example: str


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "name",
        "yes",
        gettext_lazy("The name the person likes to be called. Up to 100 characters."),
        "Aisha Rahman",
    ),
    ImportColumn(
        "email",
        "email or phone",
        gettext_lazy("Their email address. Each address can belong to one person only."),
        "aisha@example.org",
    ),
    ImportColumn(
        "phone",
        "email or phone",
        gettext_lazy("Their phone number, for people without an email address."),
        "07700 900123",
    ),
    ImportColumn(
        "neighbourhood",
        "no",
        gettext_lazy("One of the place's neighbourhoods, spelt as in the list."),
        "Millbrook",
    ),
    ImportColumn(
        "gifts",
        "no",
        gettext_lazy("Gifts and skills from the shared list, separated by semicolons."),
        "cooking; gardening",
    ),
    ImportColumn(
        "languages",
        "no",
        gettext_lazy("Languages they speak, separated by semicolons."),
        "English; Urdu",
    ),
    ImportColumn(
        "role",
        "no",
        gettext_lazy("Their role in the organisation. Leave it empty for ‘Member’."),
        "volunteer",
    ),
)

# Header spellings people are likely to use, mapped to the column they mean.
_HEADER_ALIASES = {
    "name": "name",
    "preferred name": "name",
    "full name": "name",
    "email": "email",
    "email address": "email",
    "e-mail": "email",
    "phone": "phone",
    "phone number": "phone",
    "telephone": "phone",
    "mobile": "phone",
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "gifts": "gifts",
    "gifts and skills": "gifts",
    "skills": "gifts",
    "languages": "languages",
    "language": "languages",
    "role": "role",
    "organisation role": "role",
    "organization role": "role",
}

# The first bytes of files people upload by mistake in place of a CSV.
_NOT_CSV_SIGNATURES = {
    b"PK\x03\x04": gettext_lazy(
        "This looks like an Excel workbook or another zipped file, not a CSV file. In Excel, choose "
        "‘Save as’ and then ‘CSV UTF-8 (Comma delimited)’, and upload that file."
    ),
    b"\xd0\xcf\x11\xe0": gettext_lazy(
        "This looks like an old Excel or Word file, not a CSV file. In Excel, choose ‘Save as’ and then "
        "‘CSV UTF-8 (Comma delimited)’, and upload that file."
    ),
    b"%PDF": gettext_lazy("This is a PDF, not a CSV file. Upload a CSV file saved from a spreadsheet."),
}


class ImportFileError(ValueError):
    """The file as a whole cannot be used; the message says why, in plain words."""


class ImportNotAllValidError(ValueError):
    pass


class ImportUnavailableError(ValueError):
    pass


@dataclass
class ParsedFile:
    columns: list[str]
    ignored_columns: list[str]
    # (line number in the file, the row's values by column)
    rows: list[tuple[int, dict[str, str]]]


@dataclass
class RowCheck:
    line: int
    name: str
    email: str
    phone: str
    neighbourhood: str
    gifts: list[str]
    languages: list[str]
    role: str
    neighbourhood_id: int | None = None
    gift_ids: list[int] = field(default_factory=list)
    language_ids: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role


@dataclass
class ImportCheck:
    rows: list[RowCheck]
    ignored_columns: list[str]

    @property
    def valid(self) -> list[RowCheck]:
        return [row for row in self.rows if row.ok]

    @property
    def invalid(self) -> list[RowCheck]:
        return [row for row in self.rows if not row.ok]

    @property
    def all_valid(self) -> bool:
        return all(row.ok for row in self.rows)


def people_import_decode(raw: bytes) -> str:
    """The file's text, or ImportFileError saying plainly why it is not a CSV file we can read."""
    if not raw.strip():
        raise ImportFileError(_("The file is empty. Choose a CSV file with a header row and one row per person."))
    if len(raw) > IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file must be smaller than %(mb)d MB. Split it into smaller files and upload each one.")
            % {"mb": IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    for signature, message in _NOT_CSV_SIGNATURES.items():
        if raw.startswith(signature):
            raise ImportFileError(str(message))
    try:
        # utf-8-sig reads UTF-8 with or without the byte-order mark Excel adds.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not saved as UTF-8 text, so names with accents or in other alphabets could come out "
                "wrong. In Excel, choose ‘Save as’ and then ‘CSV UTF-8 (Comma delimited)’, and upload that file."
            )
        ) from exc
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV file. Upload a CSV file saved from a spreadsheet."))
    return text


def _header_key(cell: str) -> str:
    return " ".join(cell.replace("_", " ").strip().casefold().split())


def people_import_parse(text: str) -> ParsedFile:
    """Rows by column, with their line numbers; ImportFileError if the file's shape is wrong."""
    # newline="" lets csv keep line breaks inside quoted cells, as spreadsheets write them.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise ImportFileError(_("The file is empty. Choose a CSV file with a header row and one row per person."))
        keys = [_HEADER_ALIASES.get(_header_key(cell), "") for cell in header]
        if not any(keys):
            raise ImportFileError(
                _(
                    "The first row must name the columns, for example: name,email,phone. "
                    "We could not find any column we know in it."
                )
            )
        missing = []
        if "name" not in keys:
            missing.append(_("a ‘name’ column"))
        if "email" not in keys and "phone" not in keys:
            missing.append(_("an ‘email’ or a ‘phone’ column"))
        if missing:
            raise ImportFileError(_("The file needs %(missing)s.") % {"missing": _(" and ").join(missing)})
        duplicated = sorted({key for key in keys if key and keys.count(key) > 1})
        if duplicated:
            raise ImportFileError(
                _("The column ‘%(column)s’ appears twice. Keep one of them.") % {"column": duplicated[0]}
            )
        ignored = [cell.strip() for cell, key in zip(header, keys, strict=True) if not key and cell.strip()]
        rows: list[tuple[int, dict[str, str]]] = []
        previous_end = reader.line_num
        for cells in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= IMPORT_MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)s people in it. Split it into files of up to %(max)s rows.")
                    % {"max": f"{IMPORT_MAX_ROWS:,}"}
                )
            values = {key: cells[i].strip() if i < len(cells) else "" for i, key in enumerate(keys) if key}
            extra = [cell for cell in cells[len(keys) :] if cell.strip()]
            if extra:
                values["__extra__"] = "yes"
            rows.append((line, values))
    except csv.Error as exc:
        raise ImportFileError(
            _("We could not read this file as CSV (near line %(line)d). Check it was saved as CSV from a spreadsheet.")
            % {"line": reader.line_num}
        ) from exc
    if not rows:
        raise ImportFileError(_("The file has a header row but no people in it."))
    return ParsedFile(columns=[key for key in keys if key], ignored_columns=ignored, rows=rows)


def _split(value: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()))


def _role_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in Role.choices:
        lookup[value] = value
        lookup[value.replace("_", " ")] = value
        lookup[str(label).casefold()] = value
    return lookup


def people_import_check(*, text: str, organisation: Organisation, actor: Person) -> ImportCheck:
    """Every row of the file, each with what is wrong with it (nothing, for a row that will be created)."""
    parsed = people_import_parse(text)
    rows = [
        RowCheck(
            line=line,
            name=values.get("name", ""),
            email=values.get("email", ""),
            phone=values.get("phone", ""),
            neighbourhood=values.get("neighbourhood", ""),
            gifts=_split(values.get("gifts", "")),
            languages=_split(values.get("languages", "")),
            role=values.get("role", ""),
            problems=[_("This row has more cells than the file has columns.")] if "__extra__" in values else [],
        )
        for line, values in parsed.rows
    ]
    emails = {row.email.casefold() for row in rows if row.email}
    taken = set(
        Person.objects.annotate(email_folded=Lower("email"))
        .filter(email_folded__in=emails)
        .values_list("email_folded", flat=True)
    )
    hoods = {name.casefold(): pk for pk, name in Neighbourhood.objects.values_list("pk", "name")}
    languages = {name.casefold(): pk for pk, name in Language.objects.values_list("pk", "name")}
    gift_names = {gift.casefold() for row in rows for gift in row.gifts}
    tags = {
        name: pk
        for pk, name in Tag.objects.filter(status=Tag.Status.APPROVED)
        .annotate(name_folded=Lower("name"))
        .filter(name_folded__in=gift_names)
        .values_list("pk", "name_folded")
    }
    for term, tag_id in TagSynonym.objects.filter(term__in=gift_names, tag__status=Tag.Status.APPROVED).values_list(
        "term", "tag_id"
    ):
        tags.setdefault(term, tag_id)
    roles = _role_lookup()
    may_add_admins = actor.has_perm("people.import_org_admins", organisation)
    first_line_of: dict[str, int] = {}

    for row in rows:
        problems = row.problems
        if not row.name:
            problems.append(_("The name is missing."))
        elif len(row.name) > NAME_MAX:
            problems.append(
                _("The name is %(n)d characters long; it can be up to %(max)d.") % {"n": len(row.name), "max": NAME_MAX}
            )
        if not row.email and not row.phone:
            problems.append(_("There is no email address and no phone number: give one or both."))
        if row.email:
            folded = row.email.casefold()
            if len(row.email) > EMAIL_MAX or not _email_ok(row.email):
                problems.append(_("‘%(email)s’ is not an email address.") % {"email": row.email})
            elif folded in taken:
                problems.append(
                    _("Someone in the place already has the email address %(email)s.") % {"email": row.email}
                )
            elif folded in first_line_of:
                problems.append(
                    _("The email address %(email)s is also on line %(line)d; each person needs their own.")
                    % {"email": row.email, "line": first_line_of[folded]}
                )
            else:
                first_line_of[folded] = row.line
        if row.phone and (
            len(row.phone) > PHONE_MAX or not _PHONE.match(row.phone) or sum(c.isdigit() for c in row.phone) < 7
        ):
            problems.append(_("‘%(phone)s’ is not a phone number.") % {"phone": row.phone})
        if row.neighbourhood:
            row.neighbourhood_id = hoods.get(row.neighbourhood.casefold())
            if row.neighbourhood_id is None:
                problems.append(_("‘%(name)s’ is not one of the place’s neighbourhoods.") % {"name": row.neighbourhood})
        unknown_gifts = [gift for gift in row.gifts if gift.casefold() not in tags]
        if unknown_gifts:
            problems.append(
                _("These gifts are not in the shared list: %(names)s.") % {"names": ", ".join(unknown_gifts)}
            )
        row.gift_ids = list(dict.fromkeys(tags[g.casefold()] for g in row.gifts if g.casefold() in tags))
        unknown_languages = [name for name in row.languages if name.casefold() not in languages]
        if unknown_languages:
            problems.append(
                _("These languages are not in the list: %(names)s.") % {"names": ", ".join(unknown_languages)}
            )
        row.language_ids = list(
            dict.fromkeys(languages[n.casefold()] for n in row.languages if n.casefold() in languages)
        )
        if row.role:
            role = roles.get(" ".join(row.role.casefold().split()))
            if role is None:
                problems.append(
                    _("‘%(role)s’ is not a role. Use one of: %(roles)s.")
                    % {"role": row.role, "roles": ", ".join(Role.values)}
                )
            elif role == Role.ORG_ADMIN and not may_add_admins:
                problems.append(
                    _("Only an admin of %(organisation)s can make someone an organisation admin.")
                    % {"organisation": organisation.name}
                )
            else:
                row.role = role
        else:
            row.role = Role.MEMBER
    return ImportCheck(rows=rows, ignored_columns=parsed.ignored_columns)


def _email_ok(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def people_import_upload(*, actor: Person, organisation: Organisation, file_name: str, raw: bytes) -> PeopleImport:
    """Keep a checked file for its preview. Nothing about the people in it is written yet."""
    if not actor.has_perm("people.import_people_into", organisation):
        raise PermissionDenied
    text = people_import_decode(raw)
    people_import_parse(text)
    with transaction.atomic():
        people_import = PeopleImport.objects.create(
            uploaded_by=actor, organisation=organisation, file_name=file_name[:200], content=text
        )
        audit_record(
            actor=actor,
            action="people.import_upload",
            target=people_import,
            detail={"organisation": organisation.pk},
        )
    return people_import


def people_import_confirm(*, actor: Person, people_import: PeopleImport, only_valid: bool) -> int:
    """Create everyone the file describes, or only its good rows when `only_valid`; returns how many were created.

    The file is checked again here, inside the transaction, because people may have joined since the preview.
    """
    with transaction.atomic():
        locked = (
            PeopleImport.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=people_import.pk)
        )
        organisation = locked.organisation
        if locked.status != PeopleImport.Status.PREVIEW or organisation is None or locked.uploaded_by_id != actor.pk:
            raise ImportUnavailableError(_("This import has already been finished or cancelled."))
        if not actor.has_perm("people.import_people_into", organisation):
            raise ImportUnavailableError(
                _("You can only import people into organisations where you are a facilitator.")
            )
        check = people_import_check(text=locked.content, organisation=organisation, actor=actor)
        if not check.all_valid and not only_valid:
            raise ImportNotAllValidError(
                _("Some rows cannot be created, so nothing was imported. Fix the file, or import only the valid rows.")
            )
        rows = check.valid
        created = _people_create(rows, organisation=organisation, actor=actor)
        locked.status = PeopleImport.Status.DONE
        locked.created_count = created
        locked.finished_at = timezone.now()
        # The file held other people's details; once they are imported it has no further use here.
        locked.content = ""
        locked.save(update_fields=["status", "created_count", "finished_at", "content"])
        audit_record(
            actor=actor,
            action="people.import",
            target=locked,
            detail={
                "count": created,
                "not_created": len(check.rows) - created,
                "organisation": organisation.pk,
            },
        )
    people_import.refresh_from_db()
    return created


def _people_create(rows: Iterable[RowCheck], *, organisation: Organisation, actor: Person) -> int:
    rows = list(rows)
    now = timezone.now()
    people = [
        Person(
            preferred_name=row.name,
            email=Person.objects.normalize_email(row.email) if row.email else None,
            phone=row.phone,
            # Imported people choose a password (or use sign-in links) themselves; until then none works.
            password=make_password(None),
            date_joined=now,
        )
        for row in rows
    ]
    Person.objects.bulk_create(people, batch_size=1000)
    Membership.objects.bulk_create(
        [
            Membership(person=person, organisation=organisation, role=row.role)
            for person, row in zip(people, rows, strict=True)
        ],
        batch_size=1000,
    )
    # The facilitator filled these in, so the profile waits for each person to confirm it. No visible-profile
    # consent is recorded: people give that themselves, so nobody is found in search until they do.
    Profile.objects.bulk_create(
        [
            Profile(person=person, neighbourhood_id=row.neighbourhood_id, filled_in_by=actor, filled_in_at=now)
            for person, row in zip(people, rows, strict=True)
        ],
        batch_size=1000,
    )
    ProfileTag.objects.bulk_create(
        [
            ProfileTag(profile_id=person.pk, tag_id=tag_id, kind=ProfileTag.Kind.GIFT)
            for person, row in zip(people, rows, strict=True)
            for tag_id in row.gift_ids
        ],
        batch_size=1000,
    )
    through = Profile.languages.through
    through.objects.bulk_create(
        [
            through(profile_id=person.pk, language_id=language_id)
            for person, row in zip(people, rows, strict=True)
            for language_id in row.language_ids
        ],
        batch_size=1000,
    )
    return len(people)


def people_import_cancel(*, actor: Person, people_import: PeopleImport) -> None:
    with transaction.atomic():
        locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
        if locked.status != PeopleImport.Status.PREVIEW or locked.uploaded_by_id != actor.pk:
            raise ImportUnavailableError(_("This import has already been finished or cancelled."))
        locked.status = PeopleImport.Status.CANCELLED
        locked.content = ""
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "content", "finished_at"])
        audit_record(actor=actor, action="people.import_cancel", target=locked)


def people_import_prune(*, now: datetime | None = None) -> int:
    """Clear previews left unconfirmed for a week: their files hold other people's details."""
    cutoff = (now or timezone.now()) - IMPORT_PREVIEW_KEEP
    return PeopleImport.objects.filter(status=PeopleImport.Status.PREVIEW, created_at__lt=cutoff).update(
        status=PeopleImport.Status.CANCELLED, content="", finished_at=now or timezone.now()
    )
