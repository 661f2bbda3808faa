"""/reflect/frameworks/: the list, a framework in full, loading a file (with every problem named), retiring."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.frameworks.loader import MAX_BYTES
from coproduce.reflect.models import Framework
from coproduce.reflect.services.framework_retirement import framework_retire
from coproduce.reflect.services.frameworks import framework_load
from tests.factories import ReflectionRoundFactory, bundled_framework
from tests.reflect.test_frameworks_services import framework_text

pytestmark = pytest.mark.django_db

LIST = reverse("reflect:frameworks")
LOAD = reverse("reflect:framework-load")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(html: str) -> str:
    """What a reader sees: tags gone, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def error_summary(html: str) -> list[str]:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.DOTALL)
    assert found, "there is no error summary"
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", found.group(0), re.DOTALL)]


def textarea(html: str) -> str:
    found = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', html, re.DOTALL)
    assert found, "there is no text box"
    return unescape(found.group(1)).removeprefix("\n")


# --- the list ----------------------------------------------------------------------------------------------------


def test_the_list_shows_each_framework_offered_with_its_version_kind_origin_and_credit(person, client_for) -> None:
    html = text_of(page(client_for(person), LIST))

    for title in ("How are we doing?", "Ready to co-produce?", "Working the co-production way", "The ladder"):
        assert title in html
    assert "Choose the stage that fits, out of 4, with RED, AMBER or GREEN" in html
    assert "Readiness: each group rated 1 to 5, for now and for where it needs to be" in html
    assert "A rating from 1 to 5" in html
    assert "A ladder of 7 rungs to place each activity on" in html
    assert "Comes with Coproduce" in html and "Edgar Cahn" in html and "Kaizen" in html
    assert "Load a framework file" not in html


def test_the_list_says_who_loaded_a_framework_and_lists_retired_and_older_versions(
    place_admin, person, client_for
) -> None:
    framework_load(actor=place_admin, text=framework_text(version="1"))
    framework_load(actor=place_admin, text=framework_text(version="2"))
    framework_retire(actor=place_admin, framework=bundled_framework("ladder"))

    html = text_of(page(client_for(person), LIST))

    assert "Loaded by Pat on" in html
    offered, others = html.split("Other versions")
    assert "Our own tool" in offered and "The ladder" not in offered
    assert "Our own tool version 1 1 A newer version is offered" in others
    assert "The ladder of co-production version 1.0 1.0 Retired on" in others


def test_a_place_admin_is_offered_the_load_button(place_admin, client_for) -> None:
    assert f'href="{LOAD}"' in page(client_for(place_admin), LIST)


def test_visitors_are_asked_to_sign_in(client) -> None:
    framework = bundled_framework()
    for url in (LIST, framework.get_absolute_url(), reverse("reflect:framework-file", args=[framework.pk]), LOAD):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


def test_the_list_asks_the_same_of_the_database_however_many_frameworks_there_are(
    place_admin, client_for, django_assert_max_num_queries
) -> None:
    client = client_for(place_admin)
    page(client, LIST)  # The first request of a session does one-off work (the session, the place).
    counts = []
    for size in (1, 6):
        for number in range(size):
            framework = framework_load(actor=place_admin, text=framework_text(slug=f"tool-{size}-{number}"))
            ReflectionRoundFactory(framework=framework)
            framework_load(actor=place_admin, text=framework_text(slug=f"tool-{size}-{number}", version="2"))
        with django_assert_max_num_queries(30) as captured:
            page(client, LIST)
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- a framework in full -----------------------------------------------------------------------------------------


def test_a_stages_framework_shows_its_scale_questions_levels_and_what_you_might_hear(person, client_for) -> None:
    framework = bundled_framework("how-are-we-doing")
    definition = framework.definition

    html = text_of(page(client_for(person), framework.get_absolute_url()))

    assert definition.summary in html and definition.credit in html
    for point in definition.scale:
        assert point.label in html and point.easy_read in html
    for dimension in definition.dimensions:
        assert dimension.title in html and dimension.question in html and dimension.easy_read in html
        for level in dimension.levels:
            assert all(line in html for line in level.description)
            assert all(f"“{quote}”" in html for quote in level.you_might_hear)
    assert "Stage 1: Not there yet" in html and "Stage 4: Doing really well" in html
    assert definition.questions["evidence"] in html


def test_behaviours_and_training_are_shown(person, client_for) -> None:
    client = client_for(person)
    competencies = bundled_framework("workforce-competencies").definition
    readiness = bundled_framework("readiness").definition

    html = text_of(page(client, bundled_framework("workforce-competencies").get_absolute_url()))
    assert all(behaviour in html for dimension in competencies.dimensions for behaviour in dimension.behaviours)

    html = text_of(page(client, bundled_framework("readiness").get_absolute_url()))
    assert all(dimension.training in html for dimension in readiness.dimensions)
    assert "Commissioners" in html and "Carers and families" in html
    assert readiness.questions["need"] in html


def test_the_easy_read_question_comes_first_for_people_who_chose_easy_read(person, client_for) -> None:
    framework = bundled_framework("how-are-we-doing")
    dimension = framework.definition.dimensions[0]

    standard = text_of(page(client_for(person), framework.get_absolute_url()))
    person.easy_read = True
    person.save(update_fields=["easy_read"])
    easy = text_of(page(client_for(person), framework.get_absolute_url()))

    assert standard.index(dimension.question) < standard.index(dimension.easy_read)
    assert easy.index(dimension.easy_read) < easy.index(dimension.question)


def test_a_framework_that_is_not_there_is_404(person, client_for) -> None:
    assert client_for(person).get(reverse("reflect:framework", args=[999999])).status_code == 404


def test_the_file_downloads_as_it_was_loaded(person, client_for) -> None:
    framework = bundled_framework("readiness")

    response = client_for(person).get(reverse("reflect:framework-file", args=[framework.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="readiness-1.0.yaml"'
    assert response.content.decode() == framework.source


def test_an_older_or_retired_version_points_to_the_one_offered(place_admin, person, client_for) -> None:
    old = framework_load(actor=place_admin, text=framework_text(version="1"))
    new = framework_load(actor=place_admin, text=framework_text(version="2"))
    client = client_for(person)

    assert "New rounds use a newer version" in text_of(page(client, old.get_absolute_url()))
    assert f'href="{new.get_absolute_url()}"' in page(client, old.get_absolute_url())
    framework_retire(actor=place_admin, framework=new)
    html = text_of(page(client, new.get_absolute_url()))
    assert "This version was retired on" in html and "Read version 1, which new rounds use instead" in html


# --- loading a file ----------------------------------------------------------------------------------------------


def test_only_place_admins_may_load_a_framework(facilitator, org_admin, person, client_for) -> None:
    for someone in (facilitator, org_admin, person):
        client = client_for(someone)
        assert client.get(LOAD).status_code == 403
        assert client.post(LOAD, {"text": framework_text()}).status_code == 403
    assert not Framework.objects.filter(slug="our-own").exists()


def test_pasted_text_is_checked_and_loaded(place_admin, client_for) -> None:
    client = client_for(place_admin)
    assert "Check and load" in page(client, LOAD)

    response = client.post(LOAD, {"text": framework_text()}, follow=True)

    framework = Framework.objects.get(slug="our-own")
    assert response.redirect_chain == [(framework.get_absolute_url(), 302)]
    assert framework.loaded_by == place_admin and not framework.bundled
    assert "Version 1 of “Our own tool” is loaded." in text_of(response.content.decode())


def test_an_uploaded_file_is_checked_and_loaded(place_admin, client_for) -> None:
    upload = SimpleUploadedFile("ours.yaml", b"\xef\xbb\xbf" + framework_text().encode(), "application/yaml")

    response = client_for(place_admin).post(LOAD, {"file": upload, "text": ""})

    framework = Framework.objects.get(slug="our-own")
    assert response["Location"] == framework.get_absolute_url()
    assert framework.source == framework_text()


def test_pasting_a_file_already_loaded_changes_nothing_even_with_windows_line_endings(place_admin, client_for) -> None:
    ladder = bundled_framework("ladder")

    response = client_for(place_admin).post(LOAD, {"text": ladder.source.replace("\n", "\r\n")}, follow=True)

    assert "was already loaded, so nothing has changed" in text_of(response.content.decode())
    assert Framework.objects.filter(slug="ladder").count() == 1


def test_an_invalid_paste_lists_every_problem_with_its_line_and_keeps_the_text(place_admin, client_for) -> None:
    broken = framework_text().replace("slug: our-own", "slug: Our Own").replace("title: Our own tool\n", "")
    broken = broken.replace("kind: rating\n", "kind: rating\ncolour: red\n")

    response = client_for(place_admin).post(LOAD, {"text": broken})

    assert response.status_code == 200
    html = response.content.decode()
    assert error_summary(html) == [
        "The framework was not loaded. Fix the 3 problems below and try again.",
        "Line 1: 'title' is missing",
        "Line 2 (slug): should use only lower-case letters, digits and dashes, not 'Our Own'",
        "Line 7 (colour): 'colour' is not something a framework can have here",
    ]
    assert '<a href="#id_text">Line 1: &#x27;title&#x27; is missing</a>' in html
    assert textarea(html) == broken
    assert "<title>Error: " in html
    assert not Framework.objects.filter(title="Our own tool").exists()


def test_an_invalid_upload_puts_its_text_in_the_box_to_fix(place_admin, client_for) -> None:
    broken = framework_text().replace('version: "1"', "version: 1.5")
    upload = SimpleUploadedFile("ours.yaml", broken.replace("\n", "\r\n").encode(), "application/yaml")

    html = client_for(place_admin).post(LOAD, {"file": upload, "text": ""}).content.decode()

    assert error_summary(html) == [
        "The framework was not loaded. Fix the problem below and try again.",
        'Line 3 (version): should be text, not the number 1.5: put it in quotes, like "1.5"',
    ]
    assert textarea(html) == broken
    # Fixed in the box and sent again, it loads.
    fixed = textarea(html).replace("version: 1.5", 'version: "1.5"')
    assert client_for(place_admin).post(LOAD, {"text": fixed}).status_code == 302
    assert Framework.objects.filter(slug="our-own", version="1.5").exists()


def test_text_from_the_file_is_shown_escaped_never_run(place_admin, client_for) -> None:
    hostile = framework_text().replace("kind: rating\n", "kind: rating\n<script>alert(1)</script>: x\n")

    html = client_for(place_admin).post(LOAD, {"text": hostile}).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert textarea(html) == hostile


def test_a_changed_file_under_a_version_already_loaded_is_refused_and_kept(place_admin, client_for) -> None:
    framework_load(actor=place_admin, text=framework_text())
    changed = framework_text(title="A quiet change")

    html = client_for(place_admin).post(LOAD, {"text": changed}).content.decode()

    assert "already loaded with different content; give this file a new version number" in text_of(html)
    assert textarea(html) == changed


def test_a_file_too_big_or_not_text_gets_a_clear_message(place_admin, client_for) -> None:
    client = client_for(place_admin)
    big = SimpleUploadedFile("big.yaml", b"# " + b"x" * MAX_BYTES, "application/yaml")
    picture = SimpleUploadedFile("photo.yaml", b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "image/png")

    assert error_summary(client.post(LOAD, {"file": big, "text": ""}).content.decode()) == [
        "The file is larger than 512 KB, which is far bigger than a framework. Check that you chose the right file."
    ]
    assert error_summary(client.post(LOAD, {"file": picture, "text": ""}).content.decode()) == [
        "The file is not plain text, so it cannot be a framework. Choose a YAML file saved as UTF-8 text (its "
        "name usually ends .yaml)."
    ]
    too_long = "# " + "x" * MAX_BYTES
    html = client.post(LOAD, {"text": too_long}).content.decode()
    assert error_summary(html) == [
        "The text is larger than 512 KB, which is far bigger than a framework. Check that you pasted the right thing."
    ]
    assert textarea(html) == too_long


def test_nothing_chosen_or_both_chosen_is_explained(place_admin, client_for) -> None:
    client = client_for(place_admin)

    assert error_summary(client.post(LOAD, {"text": "  "}).content.decode()) == [
        "Choose a framework file, or paste its text in the box."
    ]
    upload = SimpleUploadedFile("ours.yaml", framework_text().encode(), "application/yaml")
    html = client.post(LOAD, {"file": upload, "text": "slug: pasted"}).content.decode()
    assert error_summary(html) == [
        "Choose a file or paste its text, not both. Empty this box to load the file you chose."
    ]
    assert textarea(html) == "slug: pasted"
    assert not Framework.objects.filter(slug="our-own").exists()


# --- retiring and bringing back ----------------------------------------------------------------------------------


def test_a_place_admin_retires_a_version_and_brings_it_back(place_admin, client_for) -> None:
    framework = bundled_framework("ladder")
    client = client_for(place_admin)
    assert f'action="{reverse("reflect:framework-retire", args=[framework.pk])}"' in page(
        client, framework.get_absolute_url()
    )

    response = client.post(reverse("reflect:framework-retire", args=[framework.pk]), follow=True)

    framework.refresh_from_db()
    assert framework.retired_at is not None
    html = text_of(response.content.decode())
    assert "Version 1.0 of “The ladder of co-production” is retired." in html
    assert "New rounds can no longer choose it." in html and "Bring this version back" in html

    response = client.post(reverse("reflect:framework-bring-back", args=[framework.pk]), follow=True)

    framework.refresh_from_db()
    assert framework.retired_at is None
    assert "is offered for new rounds again" in text_of(response.content.decode())


def test_retiring_a_newer_version_says_which_one_new_rounds_get(place_admin, client_for) -> None:
    framework_load(actor=place_admin, text=framework_text(version="1"))
    newer = framework_load(actor=place_admin, text=framework_text(version="2"))

    response = client_for(place_admin).post(reverse("reflect:framework-retire", args=[newer.pk]), follow=True)

    assert "New rounds are offered version 1 instead." in text_of(response.content.decode())


def test_only_place_admins_may_retire_or_bring_back(facilitator, org_admin, person, client_for) -> None:
    framework = bundled_framework("ladder")
    for someone in (facilitator, org_admin, person):
        client = client_for(someone)
        assert "Retire this version" not in page(client, framework.get_absolute_url())
        assert client.post(reverse("reflect:framework-retire", args=[framework.pk])).status_code == 403
    framework.refresh_from_db()
    assert framework.retired_at is None
    Framework.objects.filter(pk=framework.pk).update(retired_at="2026-01-01T00:00:00Z")
    assert client_for(person).post(reverse("reflect:framework-bring-back", args=[framework.pk])).status_code == 403
    framework.refresh_from_db()
    assert framework.retired_at is not None


def test_retiring_takes_a_post(place_admin, client_for) -> None:
    framework = bundled_framework("ladder")
    assert client_for(place_admin).get(reverse("reflect:framework-retire", args=[framework.pk])).status_code == 405
