"""The OpenAPI schema generates cleanly, and the docs page lists every operation from it."""

import json

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from coproduce.timebank.views.api_docs import api_operations, api_schema


def test_the_schema_generates_and_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) == {
        "/api/v1/balance/",
        "/api/v1/accounts/{account_id}/balance/",
        "/api/v1/transfers/",
    }
    post = schema["paths"]["/api/v1/transfers/"]["post"]
    assert "can never add hours to your own balance" in post["description"]
    header = next(p for p in post["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and header["required"] is True
    assert set(post["responses"]) == {"200", "201", "400", "401", "409", "422"}
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "load"), [("json", json.loads), ("yaml", yaml.safe_load)])
def test_the_schema_is_served_as_json_and_yaml_to_anyone(fmt, load):
    response = Client().get(f"/api/v1/schema/?format={fmt}")
    assert response.status_code == 200
    assert load(response.content)["openapi"].startswith("3.")


@pytest.mark.django_db
def test_the_docs_page_lists_every_operation_with_its_example(django_assert_max_num_queries):
    operations = api_operations(api_schema())
    assert {(op.method, op.path) for op in operations} == {
        ("GET", "/api/v1/balance/"),
        ("GET", "/api/v1/accounts/{account_id}/balance/"),
        ("GET", "/api/v1/transfers/"),
        ("POST", "/api/v1/transfers/"),
    }
    with django_assert_max_num_queries(5):
        response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for op in operations:
        assert f'id="{op.anchor}"' in html
        assert op.summary in html
    post = next(op for op in operations if op.method == "POST")
    assert {f.name for f in post.body_fields} == {"to_person", "minutes", "description", "category", "occurred_on"}
    assert "Idempotency-Key: $(uuidgen)" in post.curl
    assert "&quot;to_person&quot;: 31" in html
    assert '<script src="http' not in html and "cdn" not in html.lower()
