import pytest
from django.db import transaction

from coproduce.core.models import AuditEntry
from coproduce.core.services import AuditOutsideTransactionError, audit_record, place_update
from tests.factories import OrganisationFactory, PersonFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_refuses_to_write_outside_a_transaction():
    person = PersonFactory()
    with pytest.raises(AuditOutsideTransactionError):
        audit_record(actor=person, action="test.outside")
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_row_rolls_back_with_the_change_it_describes():
    person = PersonFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        place_update(actor=person, name="Lost", description="", contact_email="")
        raise RuntimeError("the change fails after its audit row was written")
    assert not AuditEntry.objects.filter(action="place.update").exists()


@pytest.mark.django_db
def test_audit_entry_names_actor_and_target():
    person = PersonFactory(preferred_name="Ade")
    organisation = OrganisationFactory(name="Riverside Trust")
    with transaction.atomic():
        entry = audit_record(actor=person, action="organisation.update", target=organisation, detail={"a": 1})
    assert entry.actor_label == "Ade"
    assert entry.target_label == "Riverside Trust"
    assert entry.target_type.model == "organisation"
    assert entry.target_id == str(organisation.pk)


@pytest.mark.django_db
def test_place_admin_reads_and_filters_the_audit_log(place_admin, client_for):
    other = PersonFactory(preferred_name="Zainab")
    place_update(actor=place_admin, name="Brackenfold", description="", contact_email="")
    with transaction.atomic():
        audit_record(actor=other, action="organisation.create", target=OrganisationFactory(name="Kiln Lane"))
    client = client_for(place_admin)

    everything = client.get("/place/audit-log/")
    assert everything.status_code == 200
    assert b"place.update" in everything.content and b"organisation.create" in everything.content

    by_action = client.get("/place/audit-log/", {"action": "organisation.create"})
    assert b"Kiln Lane" in by_action.content and b"<code>place.update</code>" not in by_action.content

    by_person = client.get("/place/audit-log/", {"who": "zain"})
    assert b"Zainab" in by_person.content and b"<code>place.update</code>" not in by_person.content


@pytest.mark.django_db
def test_audit_log_filter_with_dates_the_wrong_way_round_says_so_and_keeps_input(place_admin, client_for):
    response = client_for(place_admin).get(
        "/place/audit-log/", {"who": "someone", "since": "2026-11-20", "until": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "The ‘to’ date must be the same as or after the ‘from’ date.".encode() in response.content
    assert b'value="someone"' in response.content


@pytest.mark.django_db
def test_audit_log_is_only_for_place_admins(person, facilitator, org_admin, client_for, client):
    assert client.get("/place/audit-log/").status_code == 302
    for someone in (person, facilitator, org_admin):
        assert client_for(someone).get("/place/audit-log/").status_code == 403


@pytest.mark.django_db
def test_audit_log_query_count_does_not_grow_with_entries(place_admin, client_for, django_assert_max_num_queries):
    client = client_for(place_admin)
    for n in range(5):
        with transaction.atomic():
            audit_record(actor=place_admin, action="test.one", target=OrganisationFactory(name=f"Org {n}"))
    client.get("/place/audit-log/")
    with django_assert_max_num_queries(14) as few:
        client.get("/place/audit-log/")
    for n in range(40):
        with transaction.atomic():
            audit_record(actor=place_admin, action="test.many", target=OrganisationFactory(name=f"More {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/place/audit-log/")
