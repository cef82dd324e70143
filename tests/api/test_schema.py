"""GET /api/v1/schema/: a valid OpenAPI 3 document of every endpoint."""

from __future__ import annotations


def test_schema_is_valid_openapi_listing_the_paths(api, divisions, users):
    from drf_spectacular.validation import validate_schema

    response = api(users.viewer, token=True).get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == [
        "/api/v1/births/", "/api/v1/deaths/", "/api/v1/indicators/", "/api/v1/indicators/records/",
        "/api/v1/marriages/", "/api/v1/migrations/", "/api/v1/persons/", "/api/v1/persons/{id_number}/",
        "/api/v1/services/",
    ]
    assert set(schema["paths"]["/api/v1/births/"]) == {"get", "post"}
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "weijian token USERNAME 打印的令牌"}
    person_input = schema["components"]["schemas"]["PersonsInputRequest"]
    assert {"id_number", "name", "sex", "birth_date", "village_code"} <= set(person_input["required"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/persons/"]["get"]["parameters"]}
    assert parameters == {"village", "q", "page", "page_size"}
    assert "400" in schema["paths"]["/api/v1/services/"]["post"]["responses"]


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/persons/{id_number}/" in (tmp_path / "schema.yaml").read_text(encoding="utf-8")
