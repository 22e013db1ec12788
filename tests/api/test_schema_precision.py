"""The schema and the validation agree both ways: query parameters are refused (400) exactly
when the schema refuses them (types, enums, minimums), a well-formed id that names nothing of
the office matches nothing, bodies are checked against the schema before any form, a PATCH that
takes its body whole says so, and the schema links operations for stateful clients."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from .conftest import OFFICE

BUSINESSES = f"{OFFICE}/businesses/"


@pytest.fixture
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def parameter(schema, path, name):
    found = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found[0]["schema"]


def test_the_schema_declares_query_parameters_with_their_real_types(schema):
    businesses = "/api/v1/o/{org_slug}/businesses/"
    assert parameter(schema, businesses, "page_size") == {"type": "integer", "minimum": 1}
    assert parameter(schema, businesses, "page") == {"type": "integer", "minimum": 1}
    assert parameter(schema, businesses, "group") == {"type": "integer", "minimum": 1}
    assert parameter(schema, businesses, "sort")["enum"] == ["district", "name", "newest"]
    assert parameter(schema, businesses, "district")["pattern"]
    gaps = "/api/v1/o/{org_slug}/facilitation/gaps/"
    assert parameter(schema, gaps, "mandatory") == {"type": "boolean"}
    applications = "/api/v1/o/{org_slug}/programmes/{slug}/applications/"
    assert "draft" not in parameter(schema, applications, "status")["enum"]


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": "null"},
        {"page_size": "0"},
        {"page_size": "-1"},
        {"page": "last"},
        {"page": "0"},
        {"sort": "nama"},
        {"sort": ""},
        {"scale": "giant"},
        {"group": "0"},
        {"group": "satu"},
        {"district": "Serpong"},
        {"q": "x" * 101},
    ],
)
def test_a_business_list_refuses_what_the_schema_refuses(
    api_for, admin_user, producer_business, query
):
    response = api_for(admin_user).get(BUSINESSES, query)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == list(query)


@pytest.mark.parametrize(
    "query",
    [
        {"group": "999999"},
        {"programme": "999999"},
        {"has_certificate": "999999"},
        {"district": "11.01.01"},  # well formed, not the office's region
    ],
)
def test_an_id_or_district_that_names_nothing_of_the_office_matches_nothing(
    api_for, admin_user, producer_business, query
):
    response = api_for(admin_user).get(BUSINESSES, query)
    assert (response.status_code, response.json()["count"]) == (200, 0)


def test_a_page_size_over_the_cap_gives_the_cap(api_for, admin_user, producer_business):
    response = api_for(admin_user).get(BUSINESSES, {"page_size": 10**30, "sort": "newest"})
    assert (response.status_code, response.json()["count"]) == (200, 1)


def test_unknown_filter_values_of_other_lists_are_refused(
    api_for, admin_user, open_programme, producer_business
):
    api = api_for(admin_user)
    programme = f"{OFFICE}/programmes/{open_programme.slug}"
    assert api.get(f"{programme}/applications/", {"status": "draft"}).status_code == 400
    assert api.get(f"{programme}/decisions/", {"status": "sort-of"}).status_code == 400
    assert api.get(f"{programme}/decisions/", {"group": "0"}).status_code == 400
    gaps = f"{OFFICE}/facilitation/gaps/"
    assert api.get(gaps, {"mandatory": "yes"}).status_code == 400
    assert api.get(gaps, {"on": "06/12/2026"}).status_code == 400
    assert api.get(gaps, {"on": "2026-12-06", "mandatory": "true"}).status_code == 200


def test_a_body_is_checked_against_the_schema_before_any_form(
    api_for, admin_user, producer_business
):
    url = f"{BUSINESSES}{producer_business.pk}/"
    response = api_for(admin_user).patch(url, {"name": 5, "workers": "5"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "name": ["Send a value of type string."],
        "workers": ["Send a value of type integer or null."],
    }


def test_an_allocation_change_takes_its_body_whole_as_the_schema_says(api_for, admin_user, schema):
    body = schema["paths"]["/api/v1/o/{org_slug}/exhibitions/{exhibition_id}/allocations/{id}/"]
    ref = body["patch"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert component["required"] == ["include", "reason"]
    assert component["properties"]["reason"]["pattern"] == "\\S"


def test_options_names_what_an_endpoint_takes(api_for, admin_user, organisation):
    response = api_for(admin_user).options(f"{OFFICE}/curators/1/groups/")
    assert response.status_code == 200
    assert response.json()["parses"] == ["application/json"]


def test_an_address_with_a_newline_is_a_json_404(api_for, admin_user):
    response = api_for(admin_user).get("/api/v1/o/%0A/businesses/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


def test_links_lead_from_lists_and_creates_to_their_records(schema):
    paths = schema["paths"]
    programmes = paths["/api/v1/o/{org_slug}/programmes/"]["get"]["responses"]["200"]["links"]
    applications = next(
        link for link in programmes.values() if "applications_list" in link["operationId"]
    )
    assert applications["parameters"] == {
        "org_slug": "$request.path.org_slug",
        "slug": "$response.body#/results/0/slug",
    }
    created = paths["/api/v1/o/{org_slug}/businesses/"]["post"]["responses"]["201"]["links"]
    assert {link["parameters"].get("id") for link in created.values()} == {"$response.body#/id"}
    exhibitions = paths["/api/v1/o/{org_slug}/exhibitions/"]["get"]["responses"]["200"]["links"]
    assert any("allocations_list" in link["operationId"] for link in exhibitions.values())
    # Every operation on a record can be reached by a link.
    targets = {
        link["operationId"]
        for operations in paths.values()
        for operation in operations.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    }
    unreached = [
        (path, method)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if path.count("{") > (1 if "{org_slug}" in path else 0)
        and operation["operationId"] not in targets
    ]
    assert unreached == []


def test_a_body_is_checked_only_after_the_callers_access(api_for, outsider, producer_business):
    """Another office's admin learns nothing from a wrong body: 404, as for a right one."""
    url = f"{BUSINESSES}{producer_business.pk}/"
    response = api_for(outsider).patch(url, {"name": 5}, format="json")
    assert response.status_code == 404
