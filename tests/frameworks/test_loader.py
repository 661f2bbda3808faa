"""Framework files: the bundled ones are valid and complete, and a file that is not gets every problem named with
its line. No database: the frameworks package never imports Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coproduce.frameworks import FrameworkInvalid, bundled_paths, framework_from_data, framework_parse
from coproduce.frameworks.__main__ import main
from coproduce.frameworks.loader import MAX_BYTES

# The smallest valid framework; each test below breaks it in one place. Line numbers matter, so keep it as it is.
TINY = """\
format: coproduce-framework/1
slug: tiny
version: "1"
title: Tiny
summary: A small framework for tests.
credit: Written for the tests.
kind: stages
scale:
  - value: 1
    label: Not yet
  - value: 2
    label: Done
dimensions:
  - key: first
    title: First
    question: How is the first thing?
    easy_read: Is the first thing good?
    levels:
      - value: 1
        description:
          - Not yet.
"""


def errors_of(text: str | bytes) -> list[str]:
    with pytest.raises(FrameworkInvalid) as raised:
        framework_parse(text)
    return [str(error) for error in raised.value.errors]


def changed(old: str, new: str, text: str = TINY) -> str:
    assert text.count(old) == 1, f"{old!r} should be in the text once"
    return text.replace(old, new)


# --- the bundled frameworks --------------------------------------------------------------------------------------


def bundled(slug: str):  # type: ignore[no-untyped-def]
    return framework_parse((Path(__file__).parents[2] / f"src/coproduce/frameworks/bundled/{slug}.yaml").read_bytes())


def test_every_bundled_file_parses_and_is_named_after_its_slug() -> None:
    paths = bundled_paths()
    assert {path.stem for path in paths} >= {"how-are-we-doing", "readiness", "workforce-competencies", "ladder"}
    for path in paths:
        framework = framework_parse(path.read_bytes())
        assert framework.slug == path.stem
        assert framework.credit and framework.summary
        for dimension in framework.dimensions:
            assert dimension.question and dimension.easy_read, (path.name, dimension.key)
            assert dimension.easy_read != dimension.question


def test_how_are_we_doing_has_four_principles_at_four_stages_with_what_you_might_hear() -> None:
    framework = bundled("how-are-we-doing")

    assert framework.kind == "stages" and framework.rag
    assert [point.label for point in framework.scale][0::3] == ["Not there yet", "Doing really well"]
    assert [point.value for point in framework.scale] == [1, 2, 3, 4]
    assert all(point.easy_read for point in framework.scale)
    assert [d.key for d in framework.dimensions] == [
        "people-as-assets",
        "valuing-work",
        "reciprocity",
        "social-networks",
    ]
    for dimension in framework.dimensions:
        assert dimension.about
        assert [level.value for level in dimension.levels] == [1, 2, 3, 4], dimension.key
        for level in dimension.levels:
            assert 2 <= len(level.description) <= 4, (dimension.key, level.value)
            assert 2 <= len(level.you_might_hear) <= 4, (dimension.key, level.value)
    assert framework.questions["evidence"] and framework.questions["evidence_easy_read"]
    assert "Edgar Cahn" in framework.credit and "Tricia Nicoll" in framework.credit


def test_readiness_rates_four_areas_for_named_groups_with_the_training_each_gap_implies() -> None:
    framework = bundled("readiness")

    assert framework.kind == "readiness" and framework.asks_target
    assert [point.value for point in framework.scale] == [1, 2, 3, 4, 5]
    assert all(point.label and point.easy_read for point in framework.scale)
    assert framework.subjects is not None
    assert framework.subjects.label == "Groups" and framework.subjects.easy_read
    assert framework.subjects.suggested == (
        "Commissioners",
        "Staff of providers",
        "People who use services",
        "Carers and families",
    )
    assert [d.key for d in framework.dimensions] == ["knowledge", "hard-skills", "soft-skills", "attitude"]
    assert all(d.training and d.about for d in framework.dimensions)
    assert framework.questions["now"] and framework.questions["need"]
    assert "Kaizen" in framework.credit


def test_workforce_competencies_has_the_seven_clusters_each_with_observable_behaviours() -> None:
    framework = bundled("workforce-competencies")

    assert framework.kind == "rating" and not framework.asks_target
    assert [point.value for point in framework.scale] == [1, 2, 3, 4, 5]
    assert all(point.label and point.easy_read for point in framework.scale)
    assert [d.key for d in framework.dimensions] == [
        "connecting-exchanging",
        "open-honest-reflective",
        "action-creativity",
        "striving-better",
        "humanity-compassion",
        "valuing-all-insights",
        "shared-mutual",
    ]
    for dimension in framework.dimensions:
        assert 3 <= len(dimension.behaviours) <= 6, dimension.key
        assert dimension.about
    assert "Scale up co-production" in framework.credit


def test_the_ladder_has_seven_rungs_from_coercion_to_co_production() -> None:
    framework = bundled("ladder")

    assert framework.kind == "ladder" and framework.subjects is not None
    assert [point.label for point in framework.scale] == [
        "Coercion",
        "Educating",
        "Informing",
        "Consulting",
        "Engaging",
        "Co-design",
        "Co-production",
    ]
    assert [d.key for d in framework.dimensions] == ["rung"]


def test_stored_data_reads_back_as_the_same_framework() -> None:
    for path in bundled_paths():
        text = path.read_text(encoding="utf-8")
        assert framework_from_data(yaml.safe_load(text)) == framework_parse(text)


def test_a_framework_answers_questions_about_itself() -> None:
    framework = framework_parse(TINY)

    assert (framework.lowest, framework.highest) == (1, 2)
    assert framework.point(2) is not None and framework.point(2).label == "Done"  # type: ignore[union-attr]
    assert framework.point(3) is None and framework.point(None) is None
    dimension = framework.dimension("first")
    assert dimension is not None and framework.dimension("second") is None
    assert dimension.level(1) is not None and dimension.level(1).description == ("Not yet.",)  # type: ignore[union-attr]
    assert dimension.level(2) is None


def test_a_byte_order_mark_is_not_a_problem() -> None:
    assert framework_parse(b"\xef\xbb\xbf" + TINY.encode()).slug == "tiny"


# --- what the schema catches ------------------------------------------------------------------------------------


def test_a_missing_field_is_named_at_the_start_of_the_part_it_belongs_in() -> None:
    assert errors_of(changed("title: Tiny\n", "")) == ["Line 1: 'title' is missing"]
    assert errors_of(changed("    question: How is the first thing?\n", "")) == [
        "Line 14 (dimensions › 1): 'question' is missing"
    ]


def test_a_value_of_the_wrong_type_is_named_at_its_line() -> None:
    assert errors_of(changed("title: Tiny", "title: [a, b]")) == ["Line 4 (title): should be text, not a list"]
    assert errors_of(changed("  - value: 2\n", "  - value: two\n")) == [
        "Line 11 (scale › 2 › value): should be a whole number, not 'two'"
    ]
    assert errors_of(changed("title: Tiny", "title:")) == ["Line 4 (title): should not be empty (it should be text)"]


def test_yes_and_no_written_bare_say_to_put_them_in_quotes() -> None:
    assert errors_of(changed("label: Done", "label: Yes")) == [
        "Line 12 (scale › 2 › label): should be text, not true: if you meant a word like Yes or No, put it in quotes"
    ]


def test_a_version_written_as_a_number_says_to_put_it_in_quotes() -> None:
    assert errors_of(changed('version: "1"', "version: 1.2")) == [
        'Line 3 (version): should be text, not the number 1.2: put it in quotes, like "1.2"'
    ]


def test_an_unknown_field_is_named_on_its_own_line() -> None:
    text = changed("kind: stages\n", "kind: stages\ncolour: red\n")
    text = changed("    title: First\n", "    title: First\n    weight: 3\n", text)

    assert errors_of(text) == [
        "Line 8 (colour): 'colour' is not something a framework can have here",
        "Line 17 (dimensions › 1 › weight): 'weight' is not something a framework can have here",
    ]


def test_a_bad_slug_a_bad_key_and_a_bad_kind_are_each_named() -> None:
    text = changed("slug: tiny", "slug: Tiny One")
    text = changed("key: first", "key: First_one", text)
    text = changed("kind: stages", "kind: stars", text)

    assert errors_of(text) == [
        "Line 2 (slug): should use only lower-case letters, digits and dashes, not 'Tiny One'",
        "Line 7 (kind): should be one of stages, rating, readiness, ladder, not 'stars'",
        "Line 14 (dimensions › 1 › key): should use only lower-case letters, digits and dashes, not 'First_one'",
    ]


def test_the_wrong_format_line_is_named() -> None:
    assert errors_of(changed("coproduce-framework/1", "coproduce-framework/9")) == [
        "Line 1 (format): should be 'coproduce-framework/1', not 'coproduce-framework/9'"
    ]


def test_a_scale_of_one_point_is_too_short() -> None:
    text = changed("  - value: 2\n    label: Done\n", "")

    assert errors_of(text) == ["Line 9 (scale): should have at least 2"]


# --- what only makes sense across fields ------------------------------------------------------------------------


def test_a_scale_with_a_gap_is_refused() -> None:
    assert errors_of(changed("  - value: 2\n", "  - value: 3\n")) == [
        "Line 9 (scale): the scale's values should be 1 to 2, each once; they are [1, 3]"
    ]


def test_a_scale_with_a_value_twice_is_refused() -> None:
    assert errors_of(changed("  - value: 2\n", "  - value: 1\n")) == [
        "Line 9 (scale): the scale's values should be 1 to 2, each once; they are [1, 1]"
    ]


def test_two_dimensions_with_the_same_key_are_refused_at_the_second() -> None:
    second = "  - key: first\n    title: Second\n    question: And the second?\n    easy_read: Is it good?\n"

    assert errors_of(TINY + second) == ["Line 22 (dimensions › 2 › key): 'first' is already the key of dimension 1"]


def test_a_level_that_is_not_on_the_scale_is_refused() -> None:
    assert errors_of(changed("      - value: 1\n", "      - value: 5\n")) == [
        "Line 19 (dimensions › 1 › levels › 1 › value): 5 is not a point on the scale (1, 2)"
    ]


def test_a_level_described_twice_is_refused() -> None:
    text = TINY + "      - value: 1\n        description:\n          - Again.\n"

    assert errors_of(text) == ["Line 22 (dimensions › 1 › levels › 2 › value): level 1 is described twice"]


def test_a_readiness_framework_without_subjects_is_refused() -> None:
    assert errors_of(changed("kind: stages", "kind: readiness")) == [
        "Line 1: a readiness framework needs 'subjects' (the groups people rate)"
    ]
    assert errors_of(changed("kind: stages", "kind: ladder")) == [
        "Line 1: a ladder framework needs 'subjects' (the activities people rate)"
    ]


def test_subjects_and_rag_only_where_they_mean_something() -> None:
    subjects = "subjects:\n  label: Groups\n  easy_read: Groups\n"
    assert errors_of(changed("kind: stages\n", "kind: stages\n" + subjects)) == [
        "Line 9 (subjects): only readiness and ladder frameworks have subjects, and this one is 'stages'"
    ]
    assert errors_of(changed("kind: stages\n", "kind: ladder\nrag: true\n" + subjects)) == [
        "Line 8 (rag): RED, AMBER or GREEN can only be asked with stages or ratings"
    ]


def test_every_problem_is_listed_at_once_in_line_order() -> None:
    text = changed("slug: tiny", "slug: Tiny")
    text = changed("    label: Done\n", "    label: Done\n    colour: green\n", text)
    text = changed("summary: A small framework for tests.\n", "", text)

    assert errors_of(text) == [
        "Line 1: 'summary' is missing",
        "Line 2 (slug): should use only lower-case letters, digits and dashes, not 'Tiny'",
        "Line 12 (scale › 2 › colour): 'colour' is not something a framework can have here",
    ]


# --- what the YAML itself gets wrong ----------------------------------------------------------------------------


def test_a_key_given_twice_is_named_at_the_second() -> None:
    assert errors_of(changed("summary:", "title: Again\nsummary:")) == [
        "Line 5 (title): 'title' is given twice in the same place"
    ]


def test_a_yaml_syntax_error_names_its_line() -> None:
    assert errors_of(changed("kind: stages", "kind stages")) == [
        "Line 7: is not valid YAML: could not find expected ':' (while scanning a simple key)"
    ]
    assert errors_of(changed("title: Tiny", "title: [Tiny")) == [
        "Line 5: is not valid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence)"
    ]


def test_a_tab_for_indenting_is_named() -> None:
    assert errors_of(changed("    label: Done", "\tlabel: Done")) == [
        "Line 12: is not valid YAML: a line starts with a tab; indent with spaces instead"
    ]


def test_a_second_document_is_refused() -> None:
    assert errors_of(TINY + "---\nslug: other\n") == [
        "Line 22: holds a second document (a line with ---); a framework file holds one"
    ]


def test_tags_that_could_build_objects_are_refused_before_anything_is_built() -> None:
    assert errors_of(changed("title: Tiny", "title: !!python/object/apply:os.system ['false']")) == [
        "Line 4: uses the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system', which a framework cannot have"
    ]
    assert errors_of(changed("title: Tiny", "title: !shout Tiny")) == [
        "Line 4: uses the YAML tag '!shout', which a framework cannot have"
    ]


def test_a_value_that_does_not_fit_its_tag_is_refused() -> None:
    assert errors_of(changed('version: "1"', "version: !!int one")) == [
        "The file: has a value that does not fit its YAML tag"
    ]


def test_aliases_are_refused_so_a_small_file_cannot_grow_into_a_huge_one() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"

    assert errors_of(bomb) == ["Line 2: uses a YAML alias (*name); write the text out in full instead"]


def test_deep_nesting_is_refused_without_crashing() -> None:
    assert errors_of("[" * 5000 + "]" * 5000) == ["The file: is nested too deeply to be a framework"]


def test_a_control_character_is_named_at_its_line() -> None:
    assert errors_of(changed("title: Tiny", "title: Ti\x00ny")) == [
        "Line 4: has a character YAML does not allow (character code 0); is it a text file?"
    ]


def test_a_file_that_is_not_utf8_text_is_refused() -> None:
    assert errors_of(TINY.encode("utf-16")) == ["The file: is not UTF-8 text (is it a YAML file?)"]
    assert errors_of(b"\x89PNG\r\n\x1a\n\x00\xff") == ["The file: is not UTF-8 text (is it a YAML file?)"]


def test_a_file_too_large_is_refused_before_it_is_read() -> None:
    padding = "# " + "x" * 98 + "\n"
    large = TINY + padding * (MAX_BYTES // len(padding) + 1)

    assert errors_of(large.encode()) == ["The file: is larger than 512 KB"]
    assert errors_of(large) == ["The file: is larger than 512 KB"]
    # Just under the limit is fine: the limit is on the file, not on what it says.
    fits = TINY + padding * ((MAX_BYTES - len(TINY)) // len(padding))
    assert framework_parse(fits.encode()).slug == "tiny"


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n", b""])
def test_an_empty_file_is_refused(text: str | bytes) -> None:
    assert errors_of(text) == ["The file: is empty"]


@pytest.mark.parametrize("text", ["- a list\n- of things\n", "just some words\n", "42\n"])
def test_a_file_that_is_not_a_set_of_fields_is_refused(text: str) -> None:
    assert errors_of(text) == ["Line 1: should be a mapping of fields (title: ..., dimensions: ...)"]


# --- python -m coproduce.frameworks -----------------------------------------------------------------------------


def test_the_check_command_exits_0_for_valid_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tiny = tmp_path / "tiny.yaml"
    tiny.write_text(TINY, encoding="utf-8")

    assert main([str(tiny), *map(str, bundled_paths())]) == 0

    out = capsys.readouterr().out
    assert f"{tiny}: Tiny 1, 1 dimension\n" in out
    assert "How are we doing? 1.0, 4 dimensions" in out


def test_the_check_command_exits_1_and_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(TINY, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(changed("slug: tiny", "slug: Tiny").replace("title: Tiny\n", ""), encoding="utf-8")

    assert main([str(good), str(bad)]) == 1

    out = capsys.readouterr().out
    assert f"{good}: Tiny 1" in out
    assert (
        f"{bad}: not a valid framework\n"
        "  Line 1: 'title' is missing\n"
        "  Line 2 (slug): should use only lower-case letters, digits and dashes, not 'Tiny'\n"
    ) in out


def test_the_check_command_exits_1_for_a_file_that_is_not_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "missing.yaml")]) == 1
    assert "missing.yaml: No such file or directory" in capsys.readouterr().out


def test_the_check_command_exits_2_with_usage_when_no_file_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "Usage: python -m coproduce.frameworks FILE.yaml" in capsys.readouterr().err


def test_the_check_command_runs_as_a_module(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind stages\n", encoding="utf-8")

    valid = subprocess.run(
        [sys.executable, "-m", "coproduce.frameworks", *map(str, bundled_paths())], capture_output=True, text=True
    )
    invalid = subprocess.run([sys.executable, "-m", "coproduce.frameworks", str(bad)], capture_output=True, text=True)
    nothing = subprocess.run([sys.executable, "-m", "coproduce.frameworks"], capture_output=True, text=True)

    assert (valid.returncode, invalid.returncode, nothing.returncode) == (0, 1, 2), valid.stdout + invalid.stdout
    assert "not a valid framework" in invalid.stdout
