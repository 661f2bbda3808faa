"""The themes pages: who may see them and run them, what each reader sees behind a theme, and constant queries."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coproduce.organisations.models import Role
from coproduce.stories.models import Feedback, FoundTheme, FoundThemeMember, Story, ThemeRun
from coproduce.stories.services.themes import theme_run_now
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ServiceFactory, StoryFactory
from tests.stories.test_themes import generated

pytestmark = pytest.mark.django_db


def say(count: int, *, service=None, feedback_every: int = 4, reach: str = Story.Reach.MEMBERS) -> None:  # type: ignore[no-untyped-def]
    service = service or ServiceFactory(name="Millbrook Surgery")
    for n, (topic, text) in enumerate(generated(count)):
        if n % feedback_every == feedback_every - 1:
            Feedback.objects.create(service=service, body=text)
        else:
            StoryFactory(title=f"{topic} {n}", body=text, services=[service], reach=reach)


@pytest.fixture
def surgery(db: None):  # type: ignore[no-untyped-def]
    return ServiceFactory(name="Millbrook Surgery")


@pytest.fixture
def run(surgery) -> ThemeRun:  # type: ignore[no-untyped-def]
    say(60, service=surgery)
    return theme_run_now(actor=None, seed=0, theme_count=3)


def test_who_may_see_the_themes(client, client_for, run, facilitator, org_admin, place_admin, surgery) -> None:  # type: ignore[no-untyped-def]
    member = PersonFactory()
    staff = MembershipFactory(organisation=surgery.organisation, role=Role.STAFF).person
    gatherer = MembershipFactory(role=Role.STORY_GATHERER).person
    theme = run.themes.first()
    for url in ("/stories/themes/", f"/stories/themes/{theme.pk}/"):
        assert client.get(url).status_code == 302
        for nobody in (member, staff, gatherer):
            assert client_for(nobody).get(url).status_code == 403
        for somebody in (facilitator, org_admin, place_admin):
            assert client_for(somebody).get(url).status_code == 200


def test_who_may_run_them_again(
    client, client_for, run, facilitator, org_admin, place_admin, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/stories/themes/run/", {"themes": "4"}).status_code == 302
    assert client_for(org_admin).post("/stories/themes/run/", {"themes": "4"}).status_code == 403
    assert client_for(PersonFactory()).post("/stories/themes/run/", {"themes": "4"}).status_code == 403
    assert ThemeRun.objects.count() == 1
    page = client_for(org_admin).get("/stories/themes/").content.decode()
    assert "Find the themes again</button>" not in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(facilitator).post("/stories/themes/run/", {"themes": "4"})
    assert response.status_code == 302 and response["Location"] == "/stories/themes/"
    queued = ThemeRun.objects.latest("pk")
    assert queued.status == ThemeRun.Status.QUEUED and queued.theme_count == 4 and queued.requested_by == facilitator
    page = client_for(place_admin).get("/stories/themes/").content.decode()
    assert "waiting its turn" in page
    # The themes shown meanwhile are still the last ones found.
    assert f"/stories/themes/{run.themes.first().pk}/" in page


def test_running_again_in_the_request_finds_new_themes(
    client_for, facilitator, run, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(facilitator).post("/stories/themes/run/", {"themes": "3"})
    assert response.status_code == 302
    latest = ThemeRun.objects.latest("pk")
    assert latest.pk != run.pk and latest.status == ThemeRun.Status.DONE
    # Same texts, seed and number of themes, and the same place names (the facilitator existed before): same run.
    assert latest.fingerprint == run.fingerprint


@pytest.mark.parametrize(("value", "message"), [("abc", "whole number"), ("99", "at most 20"), ("", "Say how many")])
def test_bad_number_of_themes_is_explained_and_kept(client_for, run, facilitator, value, message) -> None:  # type: ignore[no-untyped-def]
    response = client_for(facilitator).post("/stories/themes/run/", {"themes": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "govuk-error-summary" in page
    assert f'value="{value}"' in page or value == ""
    assert ThemeRun.objects.count() == 1


def test_the_page_lists_themes_with_live_sizes(client_for, run, place_admin) -> None:  # type: ignore[no-untyped-def]
    page = client_for(place_admin).get("/stories/themes/").content.decode()
    for theme in run.themes.all():
        assert ", ".join(theme.terms[:3]) in page
        assert f"/stories/themes/{theme.pk}/" in page
    assert "World Café" in page


def test_behind_a_theme_readers_see_only_what_they_may(client_for, run, surgery, facilitator) -> None:  # type: ignore[no-untyped-def]
    theme = run.themes.order_by("position").first()
    assert theme is not None
    members = FoundThemeMember.objects.filter(theme=theme)
    story_ids = list(members.filter(source="story").values_list("source_id", flat=True))
    feedback_ids = list(members.filter(source="feedback").values_list("source_id", flat=True))
    assert story_ids and feedback_ids
    secret = Story.objects.get(pk=story_ids[0])
    Story.objects.filter(pk=secret.pk).update(reach=Story.Reach.SERVICES)
    withdrawn = Story.objects.get(pk=story_ids[1])
    Story.objects.filter(pk=withdrawn.pk).update(status=Story.Status.WITHDRAWN, withdrawn_at=timezone.now())
    a_feedback = Feedback.objects.get(pk=feedback_ids[0])

    # A facilitator of another organisation: reads the members' stories, not the services-only one, no feedback.
    page = client_for(facilitator).get(f"/stories/themes/{theme.pk}/").content.decode()
    assert withdrawn.title not in page
    assert f">{secret.title}<" not in page
    assert "counted but not shown" in page
    assert a_feedback.body not in page
    assert f"{len(feedback_ids)} piece" in page

    # The surgery's manager: reads its feedback and its services-only story.
    manager = MembershipFactory(organisation=surgery.organisation, role=Role.ORG_ADMIN).person
    page = client_for(manager).get(f"/stories/themes/{theme.pk}/").content.decode()
    assert f">{secret.title}<" in page
    assert a_feedback.body in page
    assert withdrawn.title not in page

    # Sizes on the themes page no longer count the withdrawn story.
    overview = client_for(manager).get("/stories/themes/").content.decode()
    stories_now = len(story_ids) - 1
    assert f'govuk-table__cell--numeric">{stories_now}<' in overview


def test_feedback_and_story_text_is_escaped(client_for, surgery) -> None:  # type: ignore[no-untyped-def]
    say(30, service=surgery)
    for n in range(3):
        StoryFactory(title=f"<script>alert({n})</script>", body="garden allotment seeds compost planting " * 3)
        Feedback.objects.create(service=surgery, body="<b>garden</b> allotment seeds compost planting")
    run = theme_run_now(actor=None, seed=0, theme_count=3)
    manager = MembershipFactory(organisation=surgery.organisation, role=Role.FACILITATOR).person
    for theme in run.themes.all():
        page = client_for(manager).get(f"/stories/themes/{theme.pk}/").content.decode()
        assert "<script>alert(" not in page and "<b>garden</b>" not in page


def test_before_any_run_and_an_unknown_theme(client_for, place_admin) -> None:  # type: ignore[no-untyped-def]
    page = client_for(place_admin).get("/stories/themes/").content.decode()
    assert "No themes have been found yet" in page
    assert client_for(place_admin).get("/stories/themes/999999/").status_code == 404


def test_a_failed_run_is_said_and_the_last_themes_kept(client_for, run, place_admin) -> None:  # type: ignore[no-untyped-def]
    ThemeRun.objects.create(status=ThemeRun.Status.FAILED, error="boom")
    page = client_for(place_admin).get("/stories/themes/").content.decode()
    assert "went wrong" in page and f"/stories/themes/{run.themes.first().pk}/" in page


def test_queries_do_not_grow_with_texts(client_for, surgery, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    manager = MembershipFactory(organisation=surgery.organisation, role=Role.FACILITATOR).person
    other = OrganisationFactory()
    for size in (30, 120):
        say(size, service=surgery)
        say(size // 2, service=ServiceFactory(organisation=other))
        run = theme_run_now(actor=None, seed=0, theme_count=3)
        client = client_for(manager)
        with django_assert_max_num_queries(16):
            assert client.get("/stories/themes/").status_code == 200
        theme = FoundTheme.objects.filter(run=run).order_by("position").first()
        with django_assert_max_num_queries(22):
            assert client.get(f"/stories/themes/{theme.pk}/").status_code == 200
