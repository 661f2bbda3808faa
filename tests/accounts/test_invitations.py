from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.accounts import services
from coproduce.accounts.models import Invitation, invitation_token_hash
from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Membership, Role
from coproduce.people.models import Person
from tests.accounts.conftest import link_in
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

NEW = "a brand new long passphrase"
TOKEN = "a-token-only-the-email-knows"


def invite(client, capture, **data):
    data = {"preferred_name": "Sam", "email": "sam@example.org", "organisation": "", "role": "", **data}
    with capture(execute=True):
        return client.post("/invitations/new/", data)


# Who may invite


@pytest.mark.parametrize("url", ["/invitations/new/", "/invitations/"])
def test_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


@pytest.mark.parametrize("url", ["/invitations/new/", "/invitations/"])
def test_a_plain_member_may_not_invite(client_for, organisation, url):
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).person
    assert client_for(member).get(url).status_code == 403


def test_a_member_may_not_invite_by_posting_either(client_for, organisation, mailoutbox):
    member = MembershipFactory(organisation=organisation, role=Role.STAFF).person
    response = client_for(member).post("/invitations/new/", {"preferred_name": "Sam", "email": "sam@example.org"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["facilitator", "org_admin", "place_admin"])
def test_facilitators_and_admins_may_invite(client_for, request, who):
    person = request.getfixturevalue(who)
    client = client_for(person)
    assert client.get("/invitations/new/").status_code == 200
    assert client.get("/invitations/").status_code == 200


def test_invitations_are_on_the_facilitating_page_for_facilitators_only(client_for, facilitator, person):
    assert b'href="/invitations/"' in client_for(facilitator).get("/people/facilitate/").content
    assert b'href="/people/facilitate/"' in client_for(facilitator).get("/").content
    assert b'href="/people/facilitate/"' not in client_for(person).get("/").content


def test_the_service_refuses_someone_who_may_not_invite(person):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            inviter=person, preferred_name="Sam", email="sam@example.org", site_url="http://testserver"
        )


# Sending


def test_inviting_someone_to_the_place(client_for, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    client = client_for(facilitator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/invitations/new/",
            {"preferred_name": "Sam O’Neill", "email": "Sam@Example.org", "organisation": "", "role": ""},
        )
    assert response.status_code == 302
    assert response["Location"] == "/invitations/"
    assert mailoutbox == []  # nothing goes until the invitation is safely stored

    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["Sam@example.org"]
    assert "Femi has invited you to join" in message.subject
    assert "Hello Sam O’Neill," in message.body  # plain text, not HTML-escaped
    link = link_in(message)
    token = link.removeprefix("/invitations/").rstrip("/")

    invitation = Invitation.objects.get()
    assert invitation.email == "Sam@example.org"
    assert invitation.invited_by == facilitator
    assert invitation.organisation is None
    assert invitation.role == ""
    assert invitation.token_hash == invitation_token_hash(token)
    assert token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert AuditEntry.objects.filter(action="invitation.create", actor=facilitator).count() == 1

    page = client.get("/invitations/").content.decode()
    assert "We have emailed an invitation to Sam O’Neill" in page
    assert "Waiting" in page


def test_inviting_someone_with_a_role(client_for, facilitator, organisation, django_capture_on_commit_callbacks):
    response = invite(
        client_for(facilitator),
        django_capture_on_commit_callbacks,
        organisation=organisation.pk,
        role=Role.CARER,
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.organisation == organisation
    assert invitation.role == Role.CARER


def test_an_email_with_an_account_gets_an_error_beside_it_and_everything_is_kept(
    client_for, facilitator, organisation, person, mailoutbox, django_capture_on_commit_callbacks
):
    response = invite(
        client_for(facilitator),
        django_capture_on_commit_callbacks,
        preferred_name="Rosa Typed",
        email=person.email.upper(),
        organisation=organisation.pk,
        role=Role.VOLUNTEER,
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "already has an account" in form.errors["email"][0]
    content = response.content.decode()
    assert 'id="id_email_error"' in content
    assert 'value="Rosa Typed"' in content
    assert f'value="{person.email.upper()}"' in content
    assert f'<option value="{organisation.pk}" selected>' in content
    assert 'value="volunteer" checked' in content
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_an_email_with_an_invitation_waiting_gets_an_error(
    client_for, facilitator, make_invitation, django_capture_on_commit_callbacks
):
    make_invitation(invited_by=facilitator, email="sam@example.org")
    response = invite(client_for(facilitator), django_capture_on_commit_callbacks, email="SAM@example.org")
    assert "already has an invitation waiting" in response.context["form"].errors["email"][0]


def test_an_expired_invitation_does_not_stop_a_new_one(
    client_for, facilitator, make_invitation, django_capture_on_commit_callbacks
):
    make_invitation(invited_by=facilitator, email="sam@example.org", expired=True)
    response = invite(client_for(facilitator), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Invitation.objects.count() == 2


def test_only_organisations_they_facilitate_are_offered(client_for, facilitator, organisation):
    other = OrganisationFactory(name="Elsewhere Trust")
    client = client_for(facilitator)
    content = client.get("/invitations/new/").content.decode()
    assert organisation.name in content
    assert other.name not in content

    response = client.post(
        "/invitations/new/",
        {"preferred_name": "Sam", "email": "sam@example.org", "organisation": other.pk, "role": Role.MEMBER},
    )
    assert "Choose an organisation from the list." in response.context["form"].errors["organisation"]


def test_a_facilitator_cannot_invite_an_organisation_admin(
    client_for, facilitator, organisation, django_capture_on_commit_callbacks
):
    response = invite(
        client_for(facilitator), django_capture_on_commit_callbacks, organisation=organisation.pk, role=Role.ORG_ADMIN
    )
    assert response.status_code == 200
    message = response.context["form"].errors["role"][0]
    assert "Only an admin of Millbrook Carers can invite someone as an organisation admin." in message
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["org_admin", "place_admin"])
def test_admins_can_invite_an_organisation_admin(
    client_for, request, organisation, who, django_capture_on_commit_callbacks
):
    inviter = request.getfixturevalue(who)
    response = invite(
        client_for(inviter), django_capture_on_commit_callbacks, organisation=organisation.pk, role=Role.ORG_ADMIN
    )
    assert response.status_code == 302
    assert Invitation.objects.get().role == Role.ORG_ADMIN


def test_the_service_also_refuses_an_organisation_admin_from_a_facilitator(facilitator, organisation):
    with pytest.raises(services.InvitationError) as caught:
        services.invitation_create(
            inviter=facilitator,
            preferred_name="Sam",
            email="sam@example.org",
            organisation=organisation,
            role=Role.ORG_ADMIN,
            site_url="http://testserver",
        )
    assert set(caught.value.problems) == {"role"}


def test_the_service_refuses_an_organisation_they_do_not_facilitate(facilitator):
    other = OrganisationFactory()
    with pytest.raises(services.InvitationError) as caught:
        services.invitation_create(
            inviter=facilitator,
            preferred_name="Sam",
            email="sam@example.org",
            organisation=other,
            role=Role.MEMBER,
            site_url="http://testserver",
        )
    assert set(caught.value.problems) == {"organisation"}


def test_a_role_needs_an_organisation_and_an_organisation_needs_a_role(
    client_for, facilitator, organisation, django_capture_on_commit_callbacks
):
    client = client_for(facilitator)
    response = invite(client, django_capture_on_commit_callbacks, role=Role.STAFF)
    assert "choose the organisation it is in" in response.context["form"].errors["organisation"][0]

    response = invite(client, django_capture_on_commit_callbacks, organisation=organisation.pk)
    assert response.context["form"].errors["role"] == ["Choose the role they will have at Millbrook Carers."]
    assert not Invitation.objects.exists()


def test_missing_and_over_long_answers_say_what_to_fix(client_for, facilitator, django_capture_on_commit_callbacks):
    client = client_for(facilitator)
    response = invite(client, django_capture_on_commit_callbacks, preferred_name="", email="")
    errors = response.context["form"].errors
    assert errors["preferred_name"] == ["Enter their name."]
    assert errors["email"] == ["Enter an email address."]

    long_name = "N" * 101
    response = invite(client, django_capture_on_commit_callbacks, preferred_name=long_name)
    assert response.context["form"].errors["preferred_name"] == ["The name can be up to 100 characters long."]
    assert long_name in response.content.decode()

    response = invite(client, django_capture_on_commit_callbacks, role="chief")
    assert response.context["form"].errors["role"] == ["Choose a role from the list."]


def test_with_no_organisations_to_choose_the_questions_are_left_out(client_for, place_admin):
    form = client_for(place_admin).get("/invitations/new/").context["form"]
    assert list(form.fields) == ["preferred_name", "email"]


# The list of invitations sent


def test_the_list_shows_only_my_invitations_with_their_status(client_for, facilitator, make_invitation):
    make_invitation(invited_by=facilitator, token="1", email="waiting@example.org", preferred_name="Wanda")
    make_invitation(invited_by=facilitator, token="2", email="old@example.org", preferred_name="Olga", expired=True)
    accepted = make_invitation(
        invited_by=facilitator, token="3", email="joined@example.org", preferred_name="Jo", accepted=True
    )
    accepted.accepted_person = PersonFactory(preferred_name="Joanna", email="joined@example.org")
    accepted.save()
    make_invitation(invited_by=PersonFactory(), token="4", email="not-mine@example.org")

    content = client_for(facilitator).get("/invitations/").content.decode()
    assert "Wanda" in content and "Waiting" in content
    assert "Olga" in content and "Expired" in content
    assert "Joanna" in content and "Accepted" in content
    assert "not-mine@example.org" not in content


def test_the_list_takes_the_same_number_of_queries_however_long_it_is(
    client_for, facilitator, organisation, make_invitation
):
    client = client_for(facilitator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/invitations/").status_code == 200
        return len(captured)

    make_invitation(invited_by=facilitator, token="0", email="0@example.org", organisation=organisation, role="member")
    queries()  # the first page view of a test also creates the place row
    one = queries()
    for n in range(1, 6):
        invitation = make_invitation(
            invited_by=facilitator, token=str(n), email=f"{n}@example.org", organisation=organisation, role="member"
        )
        invitation.accepted_person = PersonFactory()
        invitation.accepted_at = timezone.now()
        invitation.save()
    assert queries() == one


# Accepting


def test_accepting_makes_the_account_and_the_role_and_signs_in(client, facilitator, organisation, make_invitation):
    invitation = make_invitation(invited_by=facilitator, organisation=organisation, role=Role.CARER)
    url = f"/invitations/{TOKEN}/"

    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Sam"' in content
    assert "newcomer@example.org" in content
    assert 'href="/privacy/"' in content

    response = client.post(url, {"preferred_name": "Samira", "password1": NEW, "password2": NEW, "agree": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    person = Person.objects.get(email="newcomer@example.org")
    assert person.preferred_name == "Samira"
    assert person.check_password(NEW)
    assert client.session["_auth_user_id"] == str(person.pk)
    membership = Membership.objects.get(person=person)
    assert (membership.organisation, membership.role) == (organisation, Role.CARER)
    invitation.refresh_from_db()
    assert invitation.accepted_person == person
    assert invitation.accepted_at is not None
    assert AuditEntry.objects.filter(action="invitation.accept", actor=person).exists()
    assert AuditEntry.objects.filter(action="membership.add", actor=facilitator).exists()
    assert "Welcome, Samira." in client.get("/").content.decode()


def test_accepting_a_place_only_invitation_makes_no_membership(client, facilitator, make_invitation):
    make_invitation(invited_by=facilitator)
    client.post(f"/invitations/{TOKEN}/", {"preferred_name": "Sam", "password1": NEW, "password2": NEW, "agree": "on"})
    person = Person.objects.get(email="newcomer@example.org")
    assert not Membership.objects.filter(person=person).exists()


def test_an_invited_organisation_admin_is_asked_to_set_up_two_step_sign_in(
    client, org_admin, organisation, make_invitation
):
    make_invitation(invited_by=org_admin, organisation=organisation, role=Role.ORG_ADMIN)
    client.post(f"/invitations/{TOKEN}/", {"preferred_name": "Sam", "password1": NEW, "password2": NEW, "agree": "on"})
    response = client.get("/")
    assert response["Location"].startswith("/sign-in/two-factor/")


def test_accepting_with_mistakes_keeps_the_name_but_not_the_passwords(client, facilitator, make_invitation):
    make_invitation(invited_by=facilitator)
    url = f"/invitations/{TOKEN}/"
    response = client.post(url, {"preferred_name": "Sammy", "password1": NEW, "password2": NEW + "x"})
    errors = response.context["form"].errors
    assert errors["password2"] == ["The two passwords are different. Type the same password in both boxes."]
    assert errors["agree"] == ["Tick the box to say you have read the privacy notice and want to join."]
    content = response.content.decode()
    assert 'value="Sammy"' in content
    assert NEW not in content
    assert not Person.objects.filter(email="newcomer@example.org").exists()

    response = client.post(
        url, {"preferred_name": "", "password1": "newcomer1", "password2": "newcomer1", "agree": "on"}
    )
    errors = response.context["form"].errors
    assert errors["preferred_name"] == ["Enter the name you like to be called."]
    assert "password1" in errors

    response = client.post(url, {"preferred_name": "S" * 101, "password1": NEW, "password2": NEW, "agree": "on"})
    assert response.context["form"].errors["preferred_name"] == ["Your name can be up to 100 characters long."]


def test_unknown_invitation_is_a_clear_404(client):
    response = client.get("/invitations/no-such-token/")
    assert response.status_code == 404
    assert b"We cannot find this invitation" in response.content


def test_expired_invitation_is_a_clear_410(client, facilitator, make_invitation):
    make_invitation(invited_by=facilitator, expired=True)
    response = client.get(f"/invitations/{TOKEN}/")
    assert response.status_code == 410
    assert b"This invitation has run out" in response.content
    response = client.post(
        f"/invitations/{TOKEN}/", {"preferred_name": "Sam", "password1": NEW, "password2": NEW, "agree": "on"}
    )
    assert response.status_code == 410
    assert not Person.objects.filter(email="newcomer@example.org").exists()


def test_used_invitation_is_a_clear_410(client, facilitator, make_invitation):
    make_invitation(invited_by=facilitator)
    data = {"preferred_name": "Sam", "password1": NEW, "password2": NEW, "agree": "on"}
    client.post(f"/invitations/{TOKEN}/", data)
    client.post("/sign-out/")
    response = client.post(f"/invitations/{TOKEN}/", data)
    assert response.status_code == 410
    assert b"This invitation has been used" in response.content
    assert Person.objects.filter(email="newcomer@example.org").count() == 1


def test_accepting_when_the_email_already_has_an_account_says_so(client, facilitator, make_invitation):
    make_invitation(invited_by=facilitator, email="twice@example.org")
    PersonFactory(email="Twice@example.org")
    response = client.post(
        f"/invitations/{TOKEN}/", {"preferred_name": "Sam", "password1": NEW, "password2": NEW, "agree": "on"}
    )
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_acceptance_is_all_or_nothing(facilitator, organisation, make_invitation, monkeypatch):
    make_invitation(invited_by=facilitator, organisation=organisation, role=Role.MEMBER)

    def broken_audit(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        services.invitation_accept(token=TOKEN, preferred_name="Sam", password=NEW)
    assert not Person.objects.filter(email="newcomer@example.org").exists()
    assert not Membership.objects.filter(organisation=organisation).exclude(person=facilitator).exists()
    assert Invitation.objects.get().accepted_at is None
