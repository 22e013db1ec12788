"""No lost updates through the API (issue 19 item 2): a record's GET gives its ETag; a PATCH
with If-Match naming an older revision answers 412 (code "stale") and changes nothing; with the
current one it is saved and answers the new ETag. Without If-Match: not checked, as before."""

from dataclasses import dataclass

import pytest

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.services import run_allocation
from tests.factories import CertificateFactory

from .conftest import OFFICE
from .test_exhibition_writes import allocation_url
from .test_exhibitions import mine
from .test_facilitation import participation_url
from .test_facilitation_programme_writes import programme_url
from .test_registry import business  # noqa: F401 (a fixture)


@dataclass(frozen=True)
class Case:
    fixture: str
    url: object  # record → its address
    first: dict
    second: dict


CASES = {
    "business": Case(
        "business",
        lambda b: f"{OFFICE}/businesses/{b.pk}/",
        {"name": "Batik Serpong Jaya"},
        {"address": "Jl. Mawar No. 7"},
    ),
    "product": Case(
        "product",
        lambda p: f"{OFFICE}/products/{p.pk}/",
        {"name": "Kemeja batik tulis"},
        {"description": "Katun, pewarna alam"},
    ),
    "certificate": Case(
        "certificate",
        lambda c: f"{OFFICE}/certificates/{c.pk}/",
        {"issuer": "DPMPTSP Tangerang Selatan"},
        {"expires_on": "2031-12-31"},
    ),
    "facilitation programme": Case(
        "halal_programme", programme_url, {"provider": "LPH UIN"}, {"quota": 40}
    ),
    "participation": Case(
        "participation", participation_url, {"status": "in_progress"}, {"status": "dropped"}
    ),
}


@pytest.fixture
def product(business):  # noqa: F811
    return business.products.get()


@pytest.fixture
def certificate(business):  # noqa: F811
    return CertificateFactory(business=business)


def current(api, url):
    response = api.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("name", sorted(CASES))
def test_patch_with_a_stale_if_match_is_refused_and_changes_nothing(
    request, api_for, admin_user, name
):
    case = CASES[name]
    record = request.getfixturevalue(case.fixture)
    url = case.url(record)
    api = api_for(admin_user)
    read = current(api, url)
    first_tag = read["ETag"]
    assert first_tag == f'W/"{record.revision}"'

    saved = api.patch(url, case.first, format="json", HTTP_IF_MATCH=first_tag)
    assert saved.status_code == 200, saved.json()
    second_tag = saved["ETag"]
    assert second_tag != first_tag
    after_first = current(api, url).json()
    events = AuditEvent.objects.count()

    stale = api.patch(url, case.second, format="json", HTTP_IF_MATCH=first_tag)
    assert stale.status_code == 412
    error = stale.json()["error"]
    assert error["code"] == "stale"
    assert "Someone else saved this record" in error["message"]
    assert set(error.get("fields", {})) <= set(case.second)
    assert stale["ETag"] == second_tag
    assert current(api, url).json() == after_first  # unchanged
    assert AuditEvent.objects.count() == events  # nothing half-written

    again = api.patch(url, case.second, format="json", HTTP_IF_MATCH=second_tag)
    assert again.status_code == 200, again.json()
    assert again["ETag"] not in (first_tag, second_tag)
    for field, value in {**case.first, **case.second}.items():
        if field not in case.second or value == case.second[field]:
            assert again.json()[field] in (value, str(value))


def test_patch_without_if_match_is_not_checked_as_before(api_for, admin_user, business):  # noqa: F811
    api = api_for(admin_user)
    url = CASES["business"].url(business)
    api.patch(url, {"name": "Nama Satu"}, format="json")
    response = api.patch(url, {"address": "Jl. Dua"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["address"]) == ("Nama Satu", "Jl. Dua")


def test_an_unreadable_if_match_matches_nothing(api_for, admin_user, business):  # noqa: F811
    url = CASES["business"].url(business)
    response = api_for(admin_user).patch(
        url, {"name": "Nama Lain"}, format="json", HTTP_IF_MATCH="yesterday"
    )
    assert response.status_code == 412
    assert response.json()["error"]["code"] == "stale"
    business.refresh_from_db()
    assert business.name == "Batik Serpong"


def test_allocation_override_honours_if_match(api_for, admin_user, exhibition, producer):
    run_allocation(actor=admin_user, exhibition=exhibition)
    allocation = mine(producer)
    url = allocation_url(allocation)
    api = api_for(admin_user)
    tag = current(api, url)["ETag"]
    body = {"include": False, "reason": "Tidak hadir"}
    stale = api.patch(url, body, format="json", HTTP_IF_MATCH=f'W/"{allocation.revision + 5}"')
    assert stale.status_code == 412
    allocation.refresh_from_db()
    assert allocation.status == "proposed"
    saved = api.patch(url, body, format="json", HTTP_IF_MATCH=tag)
    assert saved.status_code == 200
    assert saved["ETag"] != tag
    assert saved.json()["status"] == "excluded"


def test_schema_declares_if_match_etag_and_412(anonymous_api):
    schema = anonymous_api.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/o/{org_slug}/businesses/{id}/",
        "/api/v1/o/{org_slug}/products/{id}/",
        "/api/v1/o/{org_slug}/certificates/{id}/",
    ):
        patch = schema["paths"][path]["patch"]
        headers = [p["name"] for p in patch["parameters"] if p["in"] == "header"]
        assert "If-Match" in headers
        assert "412" in patch["responses"]
        assert "ETag" in patch["responses"]["200"].get("headers", {})
        assert "ETag" in schema["paths"][path]["get"]["responses"]["200"].get("headers", {})
