"""A person's download includes the actions given to them and the updates they wrote; closing keeps the place's
record of what was done and frees the open actions for someone new."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from coproduce.people.services.closing import person_close
from coproduce.people.services.data import data_export_now, export_sections
from coproduce.plans.models import Action, ActionUpdate
from coproduce.plans.privacy import ACTION_COLUMNS, UPDATE_COLUMNS
from coproduce.plans.services import action_update_post
from tests.factories import ActionFactory, OrganisationFactory, PersonFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_the_download_has_my_actions_and_my_updates(person):
    source = PlanFactory(title="Round with carers")
    plan = PlanFactory(title="Evenings")
    mine = ActionFactory(
        plan=plan,
        what="=Book the hall",
        owner_person=person,
        owner_organisation=OrganisationFactory(name="Keystone"),
        source_type_id=_plan_type(),
        source_id=str(source.pk),
    )
    ActionFactory(what="Someone else’s", owner_person=PersonFactory())
    action_update_post(actor=person, action=mine, text="Booked for Tuesdays.", status=Action.Status.DONE)
    action_update_post(actor=PersonFactory(), action=mine, text="Not my words")

    names = {section.name for section in export_sections()}
    assert {"plan_actions.csv", "plan_updates.csv"} <= names
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))

    actions = _rows(archive, "plan_actions.csv")
    assert list(actions[0]) == list(ACTION_COLUMNS)
    assert len(actions) == 1
    row = actions[0]
    assert row["plan"] == "Evenings" and row["what"] == "'=Book the hall" and row["organisation"] == "Keystone"
    assert row["status"] == "Done" and row["completed_at"] and row["came_from"] == "Round with carers"
    updates = _rows(archive, "plan_updates.csv")
    assert [u["text"] for u in updates] == ["Booked for Tuesdays."]
    assert list(updates[0]) == list(UPDATE_COLUMNS)
    assert updates[0]["status_before"] == "Not started" and updates[0]["status_after"] == "Done"


def test_an_empty_download_still_has_the_files_with_their_columns(person):
    archive = zipfile.ZipFile(io.BytesIO(data_export_now(person=person)))
    assert archive.read("plan_actions.csv").decode("utf-8-sig").strip() == ",".join(ACTION_COLUMNS)
    assert archive.read("plan_updates.csv").decode("utf-8-sig").strip() == ",".join(UPDATE_COLUMNS)


def test_closing_frees_open_actions_and_keeps_finished_ones_and_updates(person):
    open_one = ActionFactory(owner_person=person, status=Action.Status.IN_PROGRESS)
    done_one = ActionFactory(owner_person=person, status=Action.Status.DONE)
    update = action_update_post(actor=person, action=done_one, text="It went well.")
    organisation = OrganisationFactory()
    shared = ActionFactory(owner_person=person, owner_organisation=organisation)

    person_close(person=person)

    open_one.refresh_from_db()
    done_one.refresh_from_db()
    shared.refresh_from_db()
    assert open_one.owner_person is None and open_one.status == Action.Status.IN_PROGRESS
    assert shared.owner_person is None and shared.owner_organisation == organisation
    assert done_one.owner_person == person and str(done_one.owner_person) == f"Former member {person.pk}"
    assert ActionUpdate.objects.get(pk=update.pk).text == "It went well."
    assert Action.objects.count() == 3


def _plan_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    from coproduce.plans.models import Plan

    return ContentType.objects.get_for_model(Plan).pk
