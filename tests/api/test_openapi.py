"""The OpenAPI schema documents the error answers, the conditional headers and JSON-only bodies."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

ERROR_REF = {"$ref": "#/components/schemas/Error"}
WRITES = {"post", "put", "patch", "delete"}
VERSIONED = {"units", "positions", "reporting-lines", "duties", "workflows"}  # writes need If-Match


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        if path.startswith("/api/v1/"):
            for method, operation in methods.items():
                yield path, method, operation


def test_every_operation_documents_its_errors_as_json(schema):
    assert {"detail", "non_field_errors"} <= set(schema["components"]["schemas"]["Error"]["properties"])
    count = 0
    for path, method, operation in operations(schema):
        count += 1
        params = {p["name"] for p in operation.get("parameters", [])}
        expected = {"400", "401", "403", "404", "429", "503"}
        if method in WRITES:
            expected |= {"409", "422"}
        if "If-Match" in params:
            expected |= {"412", "428"}
        assert expected <= set(operation["responses"]), (method, path)
        for code in expected:
            assert operation["responses"][code]["content"]["application/json"]["schema"] == ERROR_REF
    assert count >= 25


def test_conditional_and_idempotency_headers_are_documented(schema):
    for path, method, operation in operations(schema):
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if method == "get":
            assert "If-None-Match" in headers, path
            assert "304" in operation["responses"], path
        if method in WRITES:
            assert "Idempotency-Key" in headers, (method, path)
        if method in {"put", "patch", "delete"} and path.split("/")[3] in VERSIONED:
            assert "If-Match" in headers, (method, path)


def test_request_bodies_are_json_only(schema):
    bodies = [op["requestBody"] for _, _, op in operations(schema) if "requestBody" in op]
    assert bodies
    assert all(list(body["content"]) == ["application/json"] for body in bodies)


def test_a_form_post_is_refused_with_a_json_415(editor):
    response = editor.post("/api/v1/units/", {"name": "培训部"})  # multipart, the test client's default
    assert response.status_code == 415
    assert "detail" in response.json()
