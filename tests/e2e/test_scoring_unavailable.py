"""The scoring page's queue survives a server that answers 503 (a database restart): the entry
stays on the phone, is sent again when the server says to (Retry-After) and is stored once the
server is back. The 503s come from Playwright's routing, so this runs on both engines; the real
restart is tests/resilience/test_database_restart.py (PostgreSQL)."""

import json

import pytest
from playwright.sync_api import expect

from kurasi.curation.models import Assessment

from ..factories import PASSWORD
from .conftest import PHONE, log_in
from .test_scoring_offline import set_up_assignment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_without_offline_helper(browser, live_server):
    # The page's own script is under test; the service worker would hide its requests from
    # Playwright's routing.
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID", service_workers="block"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_scores_typed_while_the_server_answers_503_are_resent_and_stored(
    phone_without_offline_helper,
):
    curator, assignment, criteria = set_up_assignment()
    page = phone_without_offline_helper
    log_in(page, curator.email, PASSWORD)
    url = f"{page.base_url}/o/disperindag-tangsel/curate/{assignment.pk}/"
    page.goto(url)

    refused = []

    def database_restarting(route):
        if route.request.method == "POST" and len(refused) < 2:
            refused.append(route.request.post_data)
            body = {"error": {"code": "unavailable", "message": "Layanan tidak tersedia."}}
            route.fulfill(
                status=503, headers={"Retry-After": "2"}, content_type="application/json",
                body=json.dumps(body),
            )  # fmt: skip
        else:
            route.continue_()

    page.route(url, database_restarting)
    first = criteria[0]
    page.locator(f"input[name='score_{first.key}'][value='4']").check()
    page.get_by_label("Catatan umum").fill("Kemasan perlu label gizi.")

    status = page.locator("[data-draft-status]")
    expect(status).to_contain_text("Belum terkirim")
    assert not Assessment.objects.filter(curator=curator, notes__contains="Kemasan").exists()
    # Nobody types again: the script resends by itself after Retry-After, twice refused, then
    # stored.
    expect(status).to_contain_text("Draf disimpan", timeout=15_000)
    assert len(refused) == 2
    assessment = Assessment.objects.get(curator=curator)
    assert assessment.notes == "Kemasan perlu label gizi."
    assert dict(assessment.scores.filter(value__isnull=False).values_list(
        "criterion__key", "value"
    )) == {first.key: 4}  # fmt: skip
    key = f"kurasi-assessment-{assessment.pk}-{curator.pk}"
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{key}'))")
    assert stored["dirty"] is False
