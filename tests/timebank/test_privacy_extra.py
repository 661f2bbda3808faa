import pytest

from coproduce.people.services.closing import person_close
from coproduce.timebank.models import ApiToken
from coproduce.timebank.services.accounts import account_for_person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_closing_an_account_revokes_its_api_keys():
    rosa = PersonFactory()
    ApiToken.objects.create(person=rosa, name="Phone app", key_hash="a" * 64, prefix="cp_abcde")
    person_close(person=rosa)
    assert ApiToken.objects.get(person=rosa).revoked_at is not None


def test_place_admins_do_not_see_peoples_statements(place_admin):
    rosa_account = account_for_person(PersonFactory())
    assert not place_admin.has_perm("timebank.view_statement", rosa_account)
