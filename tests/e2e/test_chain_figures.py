"""Figures up the chain in the browser: the province's figures page (its section on the offices
below) and its open data, on a phone and a desktop: nothing wider than the screen, nothing
serious for axe-core, the figures of both offices below shown."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kurasi.accounts.models import Role

from ..conftest import _member
from ..factories import PASSWORD, OrganisationFactory
from ..insights.conftest import decided, office_below
from .conftest import DESKTOP, PHONE, log_in
from .test_phone_and_axe import axe_violations, overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Set KURASI_SHOTS to a folder to keep what the browser showed.
SHOTS = os.environ.get("KURASI_SHOTS")


@pytest.fixture
def province_world(db):
    province = OrganisationFactory(
        name="Disperindag Provinsi Banten", slug="disperindag-banten", region_code="36"
    )
    tangsel = office_below(
        province,
        name="Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
        slug="disperindag-tangsel",
        region_code="36.74",
    )
    kota = office_below(
        province,
        name="Disperindag Kota Tangerang",
        slug="disperindag-kota-tangerang",
        region_code="36.71",
    )
    lebak = office_below(
        province, name="Disperindag Kabupaten Lebak", slug="disperindag-lebak", region_code="36.02"
    )
    decided(tangsel, passed=10, failed=5, nib=10)
    decided(kota, passed=6, failed=6, nib=6)
    pandeglang = office_below(
        province,
        name="Disperindag Kabupaten Pandeglang",
        slug="disperindag-pandeglang",
        region_code="36.01",
    )
    decided(lebak, passed=1, failed=1, nib=1)
    decided(pandeglang, passed=2, failed=1, nib=1)
    _member(province, Role.ADMIN, full_name="Dewi Lestari", email="admin@banten.test")
    return province


def look(page, name):
    assert overflow(page) is None, overflow(page)
    assert axe_violations(page) == []
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_province_reads_the_offices_below_on_its_figures_page(
    browser, live_server, province_world, viewport
):
    phone = viewport == PHONE
    # bypass_csp: axe-core is injected as a script tag, which the pages' CSP would refuse.
    context = browser.new_context(
        viewport=viewport, locale="id-ID", is_mobile=phone, has_touch=phone, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "admin@banten.test", PASSWORD)
    page.get_by_role("link", name="Angka kantor di bawah").click()
    section = page.locator("#offices-below")
    expect(section.get_by_role("heading", name="Kantor di bawah")).to_be_visible()
    table = section.locator("#offices-below-table")
    expect(
        table.get_by_role("row", name="Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan")
    ).to_contain_text("67% (10/15)")
    expect(table.get_by_role("row", name="Disperindag Kabupaten Lebak")).to_contain_text("—")
    # Two small offices: 2 + 3 hidden, their sum 5 may show through the total.
    expect(table.locator("tfoot")).to_contain_text("32")
    section.scroll_into_view_if_needed()
    look(page, "province-figures")
    if SHOTS:
        section.screenshot(path=f"{SHOTS}/offices-below-{viewport['width']}.png")

    page.goto(live_server.url + "/data/disperindag-banten/")
    expect(page.locator("#offices-below-note")).to_contain_text("Termasuk 4 kantor di bawahnya.")
    expect(page.locator("#table-offices")).to_have_text("Angka per kantor")
    look(page, "province-open-data")
    context.close()
