"""/api/v1/docs/: the API described for people, read from the same OpenAPI schema programs use.

Rendered by our own template rather than Swagger UI or ReDoc: those load scripts the content security policy
forbids (and a community hall may have no internet), and our pages must work without JavaScript.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Example:
    title: str
    body: str


@dataclass
class Parameter:
    name: str
    where: str
    required: bool
    kind: str
    description: str


@dataclass
class Outcome:
    status: str
    description: str
    examples: list[Example] = field(default_factory=list)


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    paragraphs: list[str]
    tag: str
    needs_key: bool
    parameters: list[Parameter]
    body_fields: list[Parameter]
    request_examples: list[Example]
    outcomes: list[Outcome]
    curl: str


@cache
def api_schema() -> dict[str, Any]:
    """The OpenAPI schema, generated once per process: it changes only when the code does."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    found: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return found


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    kind = node.get("type") or ("one of several" if "oneOf" in node else "object")
    if node.get("format"):
        kind = f"{kind} ({node['format']})"
    return str(kind)


def _examples(content: dict[str, Any]) -> list[Example]:
    json_content = content.get("application/json", {})
    found = [
        Example(
            title=str(example.get("summary") or name),
            body=json.dumps(example.get("value"), indent=2, ensure_ascii=False),
        )
        for name, example in json_content.get("examples", {}).items()
    ]
    if not found and "example" in json_content:
        found.append(Example(title="", body=json.dumps(json_content["example"], indent=2, ensure_ascii=False)))
    return found


def _curl(method: str, path: str, request_examples: list[Example], needs_key: bool) -> str:
    lines = [f"curl -X {method} https://your-place.example{path}"]
    if needs_key:
        lines.append('  -H "Authorization: Token $COPRODUCE_KEY"')
    if method == "POST":
        lines.append('  -H "Idempotency-Key: $(uuidgen)"')
        lines.append('  -H "Content-Type: application/json"')
        if request_examples:
            body = json.dumps(json.loads(request_examples[0].body), ensure_ascii=False)
            lines.append(f"  -d '{body}'")
    return " \\\n".join(lines)


def api_operations(schema: dict[str, Any]) -> list[Operation]:
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            parameters = [
                Parameter(
                    name=p["name"],
                    where=p["in"],
                    required=bool(p.get("required")),
                    kind=_kind(schema, p.get("schema", {})),
                    description=p.get("description", ""),
                )
                for p in op.get("parameters", [])
            ]
            body_fields: list[Parameter] = []
            request_examples: list[Example] = []
            if "requestBody" in op:
                content = op["requestBody"].get("content", {})
                body = _resolve(schema, content.get("application/json", {}).get("schema", {}))
                required = set(body.get("required", []))
                body_fields = [
                    Parameter(
                        name=name,
                        where="body",
                        required=name in required,
                        kind=_kind(schema, prop),
                        description=_resolve(schema, prop).get("description", ""),
                    )
                    for name, prop in body.get("properties", {}).items()
                    if not prop.get("readOnly")
                ]
                request_examples = _examples(content)
            outcomes = [
                Outcome(
                    status=code,
                    description=response.get("description", ""),
                    examples=_examples(response.get("content", {})),
                )
                for code, response in sorted(op.get("responses", {}).items())
            ]
            needs_key = bool(op.get("security")) and any(s for s in op["security"])
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=op.get("operationId", f"{method}-{path}").replace("_", "-"),
                    summary=op.get("summary", ""),
                    paragraphs=[part for part in op.get("description", "").split("\n\n") if part.strip()],
                    tag=(op.get("tags") or [""])[0],
                    needs_key=needs_key,
                    parameters=parameters,
                    body_fields=body_fields,
                    request_examples=request_examples,
                    outcomes=outcomes,
                    curl=_curl(method.upper(), path, request_examples, needs_key),
                )
            )
    return operations


def api_docs(request: HttpRequest) -> HttpResponse:
    schema = api_schema()
    return render(
        request,
        "timebank/api_docs.html",
        {"operations": api_operations(schema), "info": schema.get("info", {})},
    )
