from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.organisations.models import Role
from coproduce.people.models import Person, PioneerNomination
from coproduce.people.services.consent import consent_give
from coproduce.people.services.pioneers import PioneerNominationError, pioneer_nominate
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def visible_person(**kwargs: object) -> Person:
    person = PersonFactory(**kwargs)
    consent_give(person=person, topic="visible_profile")
    return person


def nominate_url(person: Person) -> str:
    return reverse("people:nominate", kwargs={"person_id": person.pk})


def test_nominating_records_the_reason_and_an_audit_row(person):
    nominee = visible_person(preferred_name="Dev")
    nomination = pioneer_nominate(nominator=person, nominee=nominee, reason="  Runs the café with everyone as equals ")
    assert nomination.reason == "Runs the café with everyone as equals"
    entry = AuditEntry.objects.get(action="pioneer.nominate")
    assert entry.actor == person and entry.detail == {"nominee": nominee.pk}
    assert entry.target_label == f"Pioneer nomination {nomination.pk}"


@pytest.mark.parametrize("case", ["self", "closed", "twice"])
def test_service_refuses_self_closed_and_twice(person, case):
    nominee = person if case == "self" else visible_person()
    if case == "closed":
        from coproduce.people.services.closing import person_close

        nominee = person_close(person=nominee)
    if case == "twice":
        pioneer_nominate(nominator=person, nominee=nominee, reason="First time")
    with pytest.raises(PioneerNominationError):
        pioneer_nominate(nominator=person, nominee=nominee, reason="Again")
    assert PioneerNomination.objects.filter(nominated_by=person).count() == (1 if case == "twice" else 0)


def test_page_nominates_and_thanks(person, client_for):
    nominee = visible_person(preferred_name="Dev")
    client = client_for(person)
    response = client.post(nominate_url(nominee), {"reason": "Listens to everyone"}, follow=True)
    assert response.status_code == 200
    assert "Your nomination of Dev is with the facilitators" in response.content.decode()
    assert PioneerNomination.objects.get().reason == "Listens to everyone"


def test_second_nomination_keeps_what_was_typed_and_says_why(person, client_for):
    nominee = visible_person(preferred_name="Dev")
    pioneer_nominate(nominator=person, nominee=nominee, reason="First")
    response = client_for(person).post(nominate_url(nominee), {"reason": "<b>Second</b> reason"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "You have already nominated Dev" in html
    assert "&lt;b&gt;Second&lt;/b&gt; reason</textarea>" in html
    assert PioneerNomination.objects.count() == 1


def test_nominating_yourself_is_explained_not_offered(person, client_for):
    consent_give(person=person, topic="visible_profile")
    client = client_for(person)
    html = client.get(nominate_url(person)).content.decode()
    assert "You cannot nominate yourself" in html and "<textarea" not in html
    response = client.post(nominate_url(person), {"reason": "I am great"})
    assert "You cannot nominate yourself" in response.content.decode()
    assert "I am great</textarea>" in response.content.decode()
    assert not PioneerNomination.objects.exists()


def test_closed_account_cannot_be_nominated(person, client_for):
    from coproduce.people.services.closing import person_close

    closed = person_close(person=visible_person())
    response = client_for(person).post(nominate_url(closed), {"reason": "They were kind"})
    assert response.status_code == 200
    assert "This account is closed" in response.content.decode()
    assert not PioneerNomination.objects.exists()


def test_over_long_reason_is_refused_and_kept(person, client_for):
    nominee = visible_person()
    reason = "x" * 2001
    response = client_for(person).post(nominate_url(nominee), {"reason": reason})
    html = response.content.decode()
    assert "must be 2,000 characters or fewer. It has 2,001." in html
    assert reason in html
    assert 'maxlength="' not in html
    assert not PioneerNomination.objects.exists()


def test_hidden_profile_is_not_shown_to_exist(person, client_for):
    hidden = PersonFactory()
    assert client_for(person).get(nominate_url(hidden)).status_code == 404


def test_visitors_are_sent_to_sign_in(client):
    nominee = visible_person()
    response = client.get(nominate_url(nominee))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_pioneer_list_only_for_facilitators_and_place_admins(person, facilitator, org_admin, place_admin, client_for):
    url = reverse("people:pioneers")
    assert client_for(person).get(url).status_code == 403
    assert client_for(facilitator).get(url).status_code == 200
    assert client_for(org_admin).get(url).status_code == 200
    assert client_for(place_admin).get(url).status_code == 200
    staff = MembershipFactory(role=Role.STAFF).person
    assert client_for(staff).get(url).status_code == 403


def test_pioneer_list_groups_by_nominee_newest_first_with_counts(facilitator, client_for):
    dev, mo = visible_person(preferred_name="Dev"), visible_person(preferred_name="Mo")
    a, b = visible_person(preferred_name="Ann"), visible_person(preferred_name="Ben")
    pioneer_nominate(nominator=a, nominee=dev, reason="Dev reason one")
    pioneer_nominate(nominator=b, nominee=dev, reason="Dev reason <two>")
    pioneer_nominate(nominator=a, nominee=mo, reason="Mo reason")
    html = client_for(facilitator).get(reverse("people:pioneers")).content.decode()
    assert html.index("Mo reason") < html.index("Dev reason")
    assert "2 nominations" in html and "1 nomination" in html
    assert html.index("Dev reason &lt;two&gt;") < html.index("Dev reason one")


def test_pioneer_list_queries_do_not_grow_with_nominations(facilitator, client_for, django_assert_max_num_queries):
    client = client_for(facilitator)
    url = reverse("people:pioneers")

    def add(n: int) -> None:
        for _ in range(n):
            nominee = visible_person()
            for _ in range(3):
                pioneer_nominate(nominator=visible_person(), nominee=nominee, reason="Good")

    add(2)
    client.get(url)
    with django_assert_max_num_queries(14) as small:
        client.get(url)
    limit = len(small.captured_queries)  # read now: the next request clears the log
    add(15)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.content.decode().count("3 nominations") == 17
