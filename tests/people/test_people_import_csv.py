from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import (
    Consent,
    Language,
    Neighbourhood,
    PeopleImport,
    Person,
    Profile,
    SearchEntry,
    Tag,
    TagSynonym,
)
from coproduce.people.services.people_import import (
    ImportNotAllValidError,
    people_import_check,
    people_import_confirm,
)
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = "/people/import/"
HEADER = "name,email,phone,neighbourhood,gifts,languages,role\n"


@pytest.fixture(autouse=True)
def lists(db):
    Neighbourhood.objects.get_or_create(name="Millbrook")
    cooking = Tag.objects.get_or_create(name="Cooking")[0]
    TagSynonym.objects.get_or_create(term="cook", defaults={"tag": cooking})
    Tag.objects.get_or_create(name="Gardening")
    Language.objects.get_or_create(name="Urdu")
    Language.objects.get_or_create(name="English")


def upload(client, organisation, text: str | bytes, name: str = "people.csv"):
    content = text.encode() if isinstance(text, str) else text
    return client.post(
        URL, {"organisation": organisation.pk, "file": SimpleUploadedFile(name, content, content_type="text/csv")}
    )


def test_upload_shows_a_preview_and_writes_no_one(organisation, facilitator, client_for):
    client = client_for(facilitator)
    people_before = Person.objects.count()
    response = upload(
        client,
        organisation,
        HEADER + "Aisha Rahman,Aisha@Example.org,,millbrook,cook; Gardening,Urdu; english,Volunteer\n"
        "<b>Tom</b>,,07700 900123,,,,\n",
    )
    people_import = PeopleImport.objects.get()
    assert response["Location"] == reverse("people:import-preview", kwargs={"import_id": people_import.pk})
    html = client.get(response["Location"]).content.decode()
    assert "2 rows will be created" in html and "0 rows will not be created" in html
    assert "&lt;b&gt;Tom&lt;/b&gt;" in html and "<b>Tom</b>" not in html
    assert "Import 2 people" in html and "Aisha Rahman" in html
    assert "Cooking, Gardening" not in html  # shown as typed, not as looked up
    assert "cook, Gardening" in html
    assert Person.objects.count() == people_before
    assert "Aisha Rahman" in people_import.content


def test_confirm_creates_people_memberships_and_profiles_with_one_audit_row(organisation, facilitator, client_for):
    client = client_for(facilitator)
    upload(
        client,
        organisation,
        HEADER + "Aisha Rahman,Aisha@Example.org,,millbrook,cook; Gardening,Urdu; english,Volunteer\n"
        "<script>alert(1)</script>,,07700 900123,,,,\n",
    )
    people_import = PeopleImport.objects.get()
    response = client.post(
        reverse("people:import-preview", kwargs={"import_id": people_import.pk}), {"action": "import_all"}, follow=True
    )
    html = response.content.decode()
    assert "2 people added to Millbrook Carers" in html
    assert "We have not emailed anyone" in html
    aisha = Person.objects.get(email="Aisha@example.org")
    assert not aisha.has_usable_password() and aisha.is_active
    assert Membership.objects.get(person=aisha).role == Role.VOLUNTEER
    profile = Profile.objects.get(person=aisha)
    assert profile.neighbourhood.name == "Millbrook"
    assert profile.filled_in_by == facilitator and profile.confirmed_at is None
    assert sorted(t.tag.name for t in profile.tags.all()) == ["Cooking", "Gardening"]
    assert sorted(language.name for language in profile.languages.all()) == ["English", "Urdu"]
    script = Person.objects.get(phone="07700 900123")
    assert script.preferred_name == "<script>alert(1)</script>"
    assert Membership.objects.get(person=script).role == Role.MEMBER
    # No visible-profile consent, so nobody is shown or found until they agree themselves; nobody is emailed.
    assert not Consent.objects.exists() and not SearchEntry.objects.exists()
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="people.import")
    assert entry.actor == facilitator and entry.detail["count"] == 2
    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.DONE and people_import.created_count == 2
    assert people_import.content == ""


def test_every_bad_row_is_reported_with_its_line_and_reason(organisation, facilitator, client_for):
    PersonFactory(email="taken@example.org")
    rows = [
        "Good One,good@example.org,,,,,",  # line 2
        "Bad Email,not-an-email,,,,,",  # 3
        "No Contact,,,,,,",  # 4
        f"{'N' * 101},long@example.org,,,,,",  # 5
        "Unknown Hood,hood@example.org,,Atlantis,,,",  # 6
        "Unknown Role,role@example.org,,,,,wizard",  # 7
        "Already Here,TAKEN@example.org,,,,,",  # 8
        "Twin,GOOD@example.org,,,,,",  # 9
        "Odd Gifts,gifts@example.org,,,cooking; juggling; fire eating,,",  # 10
        "Bad Phone,,call me,,,,",  # 11
        "Klingon,lang@example.org,,,,Klingon,",  # 12
        '"Multi\nLine",multi@example.org,,,,,',  # 13-14
        "After Multi,after@example.org,,,,,",  # 15
    ]
    client = client_for(facilitator)
    upload(client, organisation, HEADER + "\n".join(rows) + "\n")
    people_import = PeopleImport.objects.get()
    html = client.get(reverse("people:import-preview", kwargs={"import_id": people_import.pk})).content.decode()
    for message in (
        "‘not-an-email’ is not an email address.",
        "There is no email address and no phone number",
        "The name is 101 characters long; it can be up to 100.",
        "‘Atlantis’ is not one of the place’s neighbourhoods.",
        "‘wizard’ is not a role.",
        "Someone in the place already has the email address TAKEN@example.org.",
        "The email address GOOD@example.org is also on line 2",
        "These gifts are not in the shared list: juggling, fire eating.",
        "‘call me’ is not a phone number.",
        "These languages are not in the list: Klingon.",
    ):
        assert message.replace("’", "&#x27;") in html or message in html, message
    check = people_import_check(text=people_import.content, organisation=organisation, actor=facilitator)
    assert [row.line for row in check.invalid] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert [row.line for row in check.valid] == [2, 13, 15]
    assert "3 rows will be created" in html and "10 rows will not be created" in html
    assert "Import only the 3 valid rows" in html and 'value="import_all"' not in html

    preview = reverse("people:import-preview", kwargs={"import_id": people_import.pk})
    people_before = Person.objects.count()
    response = client.post(preview, {"action": "import_all"}, follow=True)
    assert "nothing was imported" in response.content.decode()
    assert Person.objects.count() == people_before
    client.post(preview, {"action": "import_valid"})
    assert Person.objects.count() == people_before + 3
    assert Person.objects.filter(email__iexact="good@example.org").count() == 1
    assert Person.objects.filter(email__iexact="taken@example.org").count() == 1


def test_cancel_imports_no_one_and_forgets_the_file(organisation, facilitator, client_for):
    client = client_for(facilitator)
    upload(client, organisation, HEADER + "Aisha,a@example.org,,,,,\n")
    people_import = PeopleImport.objects.get()
    client.post(reverse("people:import-preview", kwargs={"import_id": people_import.pk}), {"action": "cancel"})
    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.CANCELLED and people_import.content == ""
    assert not Person.objects.filter(email="a@example.org").exists()
    with pytest.raises(Exception):  # noqa: B017
        people_import_confirm(actor=facilitator, people_import=people_import, only_valid=True)


def test_confirming_twice_creates_people_once(organisation, facilitator, client_for):
    client = client_for(facilitator)
    upload(client, organisation, HEADER + "Aisha,a@example.org,,,,,\n")
    preview = reverse("people:import-preview", kwargs={"import_id": PeopleImport.objects.get().pk})
    client.post(preview, {"action": "import_all"})
    response = client.post(preview, {"action": "import_all"})
    assert response.status_code == 302
    assert Person.objects.filter(email="a@example.org").count() == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "people.csv", "The file is empty"),
        (b"   \n\n", "people.csv", "The file is empty"),
        (b"PK\x03\x04rest of a zip", "people.xlsx", "looks like an Excel workbook"),
        (b"%PDF-1.4 stuff", "people.pdf", "This is a PDF"),
        ("name,email\nJos\xe9,j@example.org\n".encode("latin-1"), "people.csv", "not saved as UTF-8"),
        (b"Aisha,a@example.org\nTom,t@example.org\n", "people.csv", "The first row must name the columns"),
        (b"email,phone\na@example.org,\n", "people.csv", "The file needs a ‘name’ column"),
        (b"name,neighbourhood\nAisha,Millbrook\n", "people.csv", "an ‘email’ or a ‘phone’ column"),
        (b"name,email\n", "people.csv", "has a header row but no people in it"),
        (b"name,email,email\nA,a@example.org,b@example.org\n", "people.csv", "appears twice"),
    ],
)
def test_bad_uploads_get_a_plain_message_and_keep_the_organisation(
    organisation, facilitator, client_for, content, name, message
):
    response = upload(client_for(facilitator), organisation, content, name=name)
    html = response.content.decode()
    assert response.status_code == 200
    assert message.replace("’", "&#x27;") in html or message in html
    assert "There is a problem" in html
    assert f'value="{organisation.pk}" checked' in html
    assert not PeopleImport.objects.exists()


def test_utf8_with_a_byte_order_mark_is_fine(organisation, facilitator, client_for):
    response = upload(client_for(facilitator), organisation, "\ufeffname,email\nJosé,j@example.org\n".encode())
    assert response.status_code == 302
    assert PeopleImport.objects.get().content.startswith("name,email")


def test_files_over_5_mb_are_refused(organisation, facilitator, client_for):
    big = HEADER.encode() + b"A,a@example.org,,,,,\n" * (5 * 1024 * 1024 // 20 + 10)
    html = upload(client_for(facilitator), organisation, big).content.decode()
    assert "must be smaller than 5 MB" in html


def test_more_than_20000_rows_are_refused(organisation, facilitator, client_for):
    text = "name,phone\n" + "A,07700900123\n" * 20_001
    html = upload(client_for(facilitator), organisation, text).content.decode()
    assert "more than 20,000 people" in html


def test_who_may_import(organisation, facilitator, org_admin, place_admin, person, client_for):
    assert client_for(person).get(URL).status_code == 403
    assert client_for(MembershipFactory(organisation=organisation, role=Role.STAFF).person).get(URL).status_code == 403
    for allowed in (facilitator, org_admin, place_admin):
        assert client_for(allowed).get(URL).status_code == 200
    other = OrganisationFactory(name="Elsewhere")
    assert "Elsewhere" in client_for(place_admin).get(URL).content.decode()
    assert "Elsewhere" not in client_for(facilitator).get(URL).content.decode()
    # A facilitator cannot import into an organisation they do not facilitate, even by editing the form.
    html = upload(client_for(facilitator), other, HEADER + "A,a@example.org,,,,,\n").content.decode()
    assert "Select a valid choice" in html
    assert not PeopleImport.objects.exists()


def test_only_organisation_admins_may_import_organisation_admins(organisation, facilitator, org_admin):
    text = HEADER + "A,a@example.org,,,,,org_admin\n"
    as_facilitator = people_import_check(text=text, organisation=organisation, actor=facilitator)
    assert "Only an admin of Millbrook Carers" in as_facilitator.rows[0].problems[0]
    assert people_import_check(text=text, organisation=organisation, actor=org_admin).all_valid


def test_nobody_else_sees_an_uploaded_file(organisation, facilitator, client_for):
    upload(client_for(facilitator), organisation, HEADER + "A,a@example.org,,,,,\n")
    preview = reverse("people:import-preview", kwargs={"import_id": PeopleImport.objects.get().pk})
    colleague = MembershipFactory(organisation=organisation, role=Role.FACILITATOR).person
    assert client_for(colleague).get(preview).status_code == 404
    assert client_for(colleague).post(preview, {"action": "import_all"}).status_code == 404
    assert not Person.objects.filter(email="a@example.org").exists()


def test_confirm_refuses_a_file_with_bad_rows_unless_asked_for_valid_only(organisation, facilitator):
    from coproduce.people.services.people_import import people_import_upload

    people_import = people_import_upload(
        actor=facilitator,
        organisation=organisation,
        file_name="x.csv",
        raw=(HEADER + "A,a@example.org,,,,,\nB,bad,,,,,\n").encode(),
    )
    with pytest.raises(ImportNotAllValidError):
        people_import_confirm(actor=facilitator, people_import=people_import, only_valid=False)
    assert people_import_confirm(actor=facilitator, people_import=people_import, only_valid=True) == 1


def test_preview_queries_do_not_grow_with_rows(organisation, facilitator, client_for, django_assert_max_num_queries):
    client = client_for(facilitator)

    def preview_for(n: int) -> str:
        text = HEADER + "".join(f"P{i},p{n}-{i}@example.org,,Millbrook,cooking,Urdu,staff\n" for i in range(n))
        upload(client, organisation, text)
        return reverse("people:import-preview", kwargs={"import_id": PeopleImport.objects.latest("pk").pk})

    small = preview_for(3)
    client.get(small)
    with django_assert_max_num_queries(20) as few:
        client.get(small)
    limit = len(few.captured_queries)  # read now: the next request clears the log
    large = preview_for(300)
    with django_assert_max_num_queries(limit):
        response = client.get(large)
    assert "300 rows will be created" in response.content.decode()


def test_ten_thousand_rows_import_in_one_go(organisation, facilitator):
    from coproduce.people.services.people_import import people_import_upload

    text = HEADER + "".join(
        f"Person {i},person{i}@bulk.example,07700 9{i:05d},Millbrook,cooking; gardening,Urdu,volunteer\n"
        for i in range(10_000)
    )
    people_import = people_import_upload(
        actor=facilitator, organisation=organisation, file_name="big.csv", raw=text.encode()
    )
    assert people_import_confirm(actor=facilitator, people_import=people_import, only_valid=False) == 10_000
    assert Person.objects.filter(email__endswith="@bulk.example").count() == 10_000
    assert Membership.objects.filter(organisation=organisation, role=Role.VOLUNTEER).count() == 10_000
    assert (
        Profile.objects.filter(person__email__endswith="@bulk.example", neighbourhood__name="Millbrook").count()
        == 10_000
    )
    assert AuditEntry.objects.filter(action="people.import").count() == 1


def test_windows_line_endings_keep_line_numbers_right(organisation, facilitator):
    text = "name,email\r\nAisha,a@example.org\r\n\r\nBad,not-an-email\r\n"
    check = people_import_check(text=text, organisation=organisation, actor=facilitator)
    assert [(row.line, row.ok) for row in check.rows] == [(2, True), (4, False)]
