"""The OpenAPI schema and the documentation page."""


def test_schema_is_openapi_json_with_the_bearer_scheme(anonymous_api):
    response = anonymous_api.get("/api/v1/openapi.json")
    schema = response.json()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert schema["components"]["securitySchemes"]["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal token made at /accounts/api-tokens/ (kur_…).",
    }
    assert "/api/v1/o/{org_slug}/businesses/" in schema["paths"]


def test_docs_page_loads_only_files_under_the_strict_csp(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in html
    assert "<style" not in html
    assert 'src="/api/v1/docs/?script="' in html


def test_docs_start_up_script_is_javascript(client):
    response = client.get("/api/v1/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/v1/openapi.json" in response.content.decode()
