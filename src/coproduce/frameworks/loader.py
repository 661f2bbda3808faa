"""Read a framework file, and say exactly what is wrong with one that does not fit, line by line."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"
# A framework is a few dozen kilobytes of text; anything much bigger is not one.
MAX_BYTES = 512 * 1024

KINDS_WITH_SUBJECTS = frozenset({"readiness", "ladder"})


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str
    easy_read: str = ""
    description: str = ""


@dataclass(frozen=True)
class Level:
    value: int
    description: tuple[str, ...]
    you_might_hear: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    question: str
    easy_read: str
    about: str = ""
    behaviours: tuple[str, ...] = ()
    training: str = ""
    levels: tuple[Level, ...] = ()

    def level(self, value: int) -> Level | None:
        return next((level for level in self.levels if level.value == value), None)


@dataclass(frozen=True)
class Subjects:
    label: str
    easy_read: str
    suggested: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    slug: str
    version: str
    title: str
    summary: str
    credit: str
    kind: str
    scale: tuple[ScalePoint, ...]
    dimensions: tuple[Dimension, ...]
    rag: bool = False
    licence: str = ""
    subjects: Subjects | None = None
    questions: dict[str, str] = field(default_factory=dict)

    @property
    def lowest(self) -> int:
        return self.scale[0].value

    @property
    def highest(self) -> int:
        return self.scale[-1].value

    @property
    def asks_target(self) -> bool:
        """Readiness asks where each group is now and where it needs to be."""
        return self.kind == "readiness"

    def point(self, value: int | None) -> ScalePoint | None:
        return next((point for point in self.scale if point.value == value), None)

    def dimension(self, key: str) -> Dimension | None:
        return next((dimension for dimension in self.dimensions if dimension.key == key), None)


@dataclass(frozen=True)
class FrameworkError:
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"Line {self.line}" if self.line is not None else "The file"
        if self.where:
            place += f" ({self.where})"
        return f"{place}: {self.message}"


class FrameworkInvalid(ValueError):
    def __init__(self, errors: Sequence[FrameworkError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def bundled_paths() -> list[Path]:
    return sorted(BUNDLED_DIR.glob("*.yaml"))


def framework_parse(text: str | bytes) -> Framework:
    """The framework a file describes, or FrameworkInvalid listing every problem with its line."""
    text = _as_text(text)
    root = _compose(text)
    if unknown_tags := list(_unknown_tags(root)):
        # Constructing an unknown tag fails (or, with an unsafe loader, runs code): stop before it is tried.
        raise FrameworkInvalid(unknown_tags)
    errors = list(_duplicate_keys(root, []))
    data = _construct(root)
    if data is None:
        raise FrameworkInvalid([FrameworkError(None, "", "is empty")])
    if not isinstance(data, dict):
        raise FrameworkInvalid([FrameworkError(1, "", "should be a mapping of fields (title: ..., dimensions: ...)")])
    for error in sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties":
            # One error per unknown field, on the field's own line, so each can be found and fixed.
            known = set(error.schema.get("properties", {}))
            for name in sorted((key for key in error.instance if key not in known), key=str):
                errors.append(
                    FrameworkError(
                        _key_line(root, path, name),
                        _where([*path, str(name)]),
                        f"{name!r} is not something a framework can have here",
                    )
                )
            continue
        errors.append(FrameworkError(_line_of(root, path), _where(path), _message(error)))
    if not errors:
        errors.extend(
            FrameworkError(_line_of(root, path), _where(path), message) for path, message in _meaning_problems(data)
        )
    if errors:
        raise FrameworkInvalid(sorted(errors, key=lambda error: error.line or 0))
    return framework_from_data(data)


def _as_text(text: str | bytes) -> str:
    too_large = FrameworkInvalid([FrameworkError(None, "", f"is larger than {MAX_BYTES // 1024} KB")])
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise too_large
        try:
            # utf-8-sig: editors on Windows often start a file with a byte-order mark.
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FrameworkInvalid([FrameworkError(None, "", "is not UTF-8 text (is it a YAML file?)")]) from error
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise too_large
    return text.removeprefix("\ufeff")


class _AliasFound(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _FrameworkLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (*name): a framework never needs one, and a few nested aliases can make a
    small file expand into billions of values."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)  # type: ignore[arg-type]


def _compose(text: str) -> yaml.Node:
    """The file's YAML node tree, or FrameworkInvalid saying where the YAML itself goes wrong."""

    def invalid(line: int | None, message: str) -> FrameworkInvalid:
        return FrameworkInvalid([FrameworkError(line, "", message)])

    loader: _FrameworkLoader | None = None
    try:
        loader = _FrameworkLoader(text)
        root = loader.get_single_node()
        if root is None:
            raise invalid(None, "is empty")
        return root
    except _AliasFound as found:
        raise invalid(found.mark.line + 1, "uses a YAML alias (*name); write the text out in full instead") from None
    except yaml.composer.ComposerError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        if "another document" in str(error.problem):
            raise invalid(line, "holds a second document (a line with ---); a framework file holds one") from error
        raise invalid(line, f"is not valid YAML: {_yaml_problem(error)}") from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "simple key" in str(error.context):
            # A line missing its colon is only noticed on a later line; the mistake is where the key began.
            mark = error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise invalid(line, f"is not valid YAML: {_yaml_problem(error)}") from error
    except yaml.reader.ReaderError as error:
        # Raised for control characters, which usually mean a binary file or a copy and paste gone wrong.
        line = text.count("\n", 0, error.position) + 1
        raise invalid(
            line, f"has a character YAML does not allow (character code {error.character}); is it a text file?"
        ) from error
    except yaml.YAMLError as error:
        raise invalid(None, f"is not valid YAML: {error}") from error
    except RecursionError:
        raise invalid(None, "is nested too deeply to be a framework") from None
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    if "'\\t'" in str(error.problem):
        return "a line starts with a tab; indent with spaces instead"
    problem = error.problem or error.context or "it cannot be read"
    if error.context and error.problem:
        return f"{error.problem} ({error.context})"
    return problem


def _construct(root: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(root)
    except (yaml.YAMLError, ValueError, TypeError) as error:
        # For example `!!int ten`: the tag is known but the value does not fit it.
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise FrameworkInvalid([FrameworkError(line, "", "has a value that does not fit its YAML tag")]) from error
    finally:
        loader.dispose()


def framework_from_data(data: dict[str, Any]) -> Framework:
    """A framework from data that has already passed framework_parse (as stored with a round)."""
    subjects = data.get("subjects")
    return Framework(
        slug=data["slug"],
        version=str(data["version"]),
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        credit=data["credit"].strip(),
        licence=data.get("licence", "").strip(),
        kind=data["kind"],
        rag=bool(data.get("rag", False)),
        scale=tuple(
            ScalePoint(
                value=point["value"],
                label=point["label"].strip(),
                easy_read=point.get("easy_read", "").strip(),
                description=point.get("description", "").strip(),
            )
            for point in sorted(data["scale"], key=lambda point: point["value"])
        ),
        subjects=(
            Subjects(
                label=subjects["label"],
                easy_read=subjects["easy_read"],
                suggested=tuple(subjects.get("suggested", ())),
            )
            if subjects
            else None
        ),
        questions={key: value.strip() for key, value in data.get("questions", {}).items()},
        dimensions=tuple(
            Dimension(
                key=dimension["key"],
                title=dimension["title"].strip(),
                question=dimension["question"].strip(),
                easy_read=dimension["easy_read"].strip(),
                about=dimension.get("about", "").strip(),
                behaviours=tuple(item.strip() for item in dimension.get("behaviours", ())),
                training=dimension.get("training", "").strip(),
                levels=tuple(
                    Level(
                        value=level["value"],
                        description=tuple(item.strip() for item in level["description"]),
                        you_might_hear=tuple(item.strip() for item in level.get("you_might_hear", ())),
                    )
                    for level in sorted(dimension.get("levels", ()), key=lambda level: level["value"])
                ),
            )
            for dimension in data["dimensions"]
        ),
    )


def _meaning_problems(data: dict[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    """What the schema cannot say: values that must agree with each other."""
    values = [point["value"] for point in data["scale"]]
    if sorted(values) != list(range(1, len(values) + 1)):
        yield ["scale"], f"the scale's values should be 1 to {len(values)}, each once; they are {values}"
    kind = data["kind"]
    if kind in KINDS_WITH_SUBJECTS and "subjects" not in data:
        what = "groups" if kind == "readiness" else "activities"
        yield [], f"a {kind} framework needs 'subjects' (the {what} people rate)"
    if kind not in KINDS_WITH_SUBJECTS and "subjects" in data:
        yield ["subjects"], f"only readiness and ladder frameworks have subjects, and this one is '{kind}'"
    if data.get("rag") and kind not in {"stages", "rating"}:
        yield ["rag"], "RED, AMBER or GREEN can only be asked with stages or ratings"
    seen: dict[str, int] = {}
    for index, dimension in enumerate(data["dimensions"]):
        key = dimension["key"]
        if key in seen:
            yield ["dimensions", index, "key"], f"'{key}' is already the key of dimension {seen[key] + 1}"
        seen.setdefault(key, index)
        level_values: set[int] = set()
        for level_index, level in enumerate(dimension.get("levels", ())):
            where: list[str | int] = ["dimensions", index, "levels", level_index, "value"]
            if level["value"] not in values:
                yield where, f"{level['value']} is not a point on the scale ({', '.join(map(str, sorted(values)))})"
            if level["value"] in level_values:
                yield where, f"level {level['value']} is described twice"
            level_values.add(level["value"])


def _unknown_tags(root: yaml.Node) -> Iterator[FrameworkError]:
    """Tags a framework cannot have (`!!python/object`, `!custom`), each with its line."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in yaml.SafeLoader.yaml_constructors:
            yield FrameworkError(
                node.start_mark.line + 1, "", f"uses the YAML tag {node.tag!r}, which a framework cannot have"
            )
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _duplicate_keys(node: yaml.Node, path: list[str | int]) -> Iterator[FrameworkError]:
    # YAML quietly keeps the last of two equal keys; in a framework that is always a mistake worth naming.
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            if key in seen:
                yield FrameworkError(
                    key_node.start_mark.line + 1, _where([*path, key]), f"'{key}' is given twice in the same place"
                )
            seen.add(key)
            yield from _duplicate_keys(value_node, [*path, key])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, [*path, index])


def _node_at(root: yaml.Node, path: Sequence[str | int]) -> yaml.Node:
    """The node at path, or the nearest part of it that exists."""
    node = root
    for step in path:
        found: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            found = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node.value[step]
        if found is None:
            break
        node = found
    return node


def _line_of(root: yaml.Node, path: Sequence[str | int]) -> int:
    """The 1-based line of the value at path, or of the nearest part of it that exists."""
    return _node_at(root, path).start_mark.line + 1


def _key_line(root: yaml.Node, path: Sequence[str | int], key: Any) -> int:
    """The 1-based line where the field `key` of the mapping at path is named."""
    node = _node_at(root, path)
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in reversed(node.value):
            if key_node.value == str(key):
                return key_node.start_mark.line + 1
    return node.start_mark.line + 1


def _where(path: Sequence[str | int]) -> str:
    # People count from 1; "dimensions 2 title" reads better than dimensions[1].title.
    return " › ".join(str(step + 1) if isinstance(step, int) else step for step in path)


_TYPE_NAMES = {"string": "text", "integer": "a whole number", "array": "a list", "object": "a set of fields"}


def _describe(value: Any) -> str:
    """A value as the person wrote it, roughly, rather than as Python holds it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list | tuple | set):
        return "a list"
    if isinstance(value, str | int | float):
        return repr(value)
    return f"{value} ({type(value).__name__})"


def _message(error: ValidationError) -> str:
    validator = error.validator
    value = error.validator_value
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"'{missing}' is missing"
    if validator == "type":
        wanted = _TYPE_NAMES.get(str(value), str(value))
        if error.instance is None:
            return f"should not be empty (it should be {wanted})"
        if value == "string" and isinstance(error.instance, bool):
            # YAML reads a bare Yes, No, On or Off as true or false.
            return (
                f"should be text, not {_describe(error.instance)}: if you meant a word like Yes or No, put it in quotes"
            )
        if value == "string" and isinstance(error.instance, int | float):
            # `version: 1.0` reads as a number; the fix is quotes.
            return f'should be text, not the number {error.instance}: put it in quotes, like "{error.instance}"'
        return f"should be {wanted}, not {_describe(error.instance)}"
    if validator == "enum":
        return f"should be one of {', '.join(map(str, value))}, not {error.instance!r}"
    if validator == "const":
        return f"should be {value!r}, not {error.instance!r}"
    if validator == "minLength":
        return "should not be empty"
    if validator == "maxLength":
        return f"is longer than {value} characters"
    if validator == "pattern":
        if "a-z0-9" in str(value):
            return f"should use only lower-case letters, digits and dashes, not {error.instance!r}"
        return f"should look like 1, 1.2 or 1.2.3, not {error.instance!r}"
    if validator == "minItems":
        return f"should have at least {value}"
    if validator == "maxItems":
        return f"should have at most {value}"
    if validator in {"minimum", "maximum"}:
        return f"should be between 1 and 10, not {error.instance!r}"
    return error.message
