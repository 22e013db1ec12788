import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kurasi.accounts.models import Role
from kurasi.curation.models import CheckIn, CuratorCoverage, ProgrammeRubric
from kurasi.curation.services import copy_preset
from kurasi.curation.services_day import save_session, save_table, schedule_automatically
from kurasi.programmes.models import ApplicationStatus

from ..factories import (
    PASSWORD,
    ApplicationFactory,
    BusinessFactory,
    MembershipFactory,
    OrganisationFactory,
    ProductFactory,
    ProductGroupFactory,
    ProgrammeFactory,
    UserFactory,
    certificate_type,
)
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# Set to a directory to keep screenshots of the desk and the board for review.
SCREENSHOTS = os.environ.get("KURASI_SCREENSHOT_DIR")


def set_up_day():
    certificate_type("nib")  # transactional tests flush the shipped types
    office = OrganisationFactory(slug="disperindag-tangsel", region_code="36.74")
    officer = UserFactory(email="petugas@tangsel.test")
    MembershipFactory(user=officer, organisation=office, role=Role.FIELD_OFFICER)
    admin = UserFactory(email="admin@tangsel.test")
    MembershipFactory(user=admin, organisation=office, role=Role.ADMIN)
    curator = UserFactory(full_name="Sri Wahyuni")
    MembershipFactory(user=curator, organisation=office, role=Role.CURATOR)
    food = ProductGroupFactory(organisation=office, code="makanan", name="Makanan", is_food=True)
    CuratorCoverage.objects.create(organisation=office, curator=curator, product_group=food)
    programme = ProgrammeFactory(organisation=office, year=2026)
    rubric = copy_preset(actor=admin, organisation=office, preset_code="food")
    ProgrammeRubric.objects.create(programme=programme, product_group=food, rubric=rubric)
    bakery = BusinessFactory(organisation=office, name="Roti Melati", phone="+6281234567001")
    for name in ("Roti Gambang", "Kue Lapis", "Bolu Pandan"):
        ApplicationFactory(
            programme=programme,
            product=ProductFactory(business=bakery, group=food, name=name),
            status=ApplicationStatus.VERIFIED,
        )
    session = save_session(
        actor=admin,
        programme=programme,
        values={
            "date": timezone.localdate(),
            "place": "Ruang Gintung",
            "starts_at": dt.time(0, 0),
            "ends_at": dt.time(23, 45),
            "slot_minutes": 15,
            "grace_minutes": 30,
        },
    )
    save_table(actor=admin, session=session, name="Meja 1", curators=[curator])
    schedule_automatically(actor=admin, session=session)
    return officer, curator, session


def test_field_officer_checks_in_on_a_phone_and_the_board_shows_it_without_reloading(
    phone_page, desktop_page, live_server
):
    officer, curator, session = set_up_day()
    base = (
        f"/o/disperindag-tangsel/programmes/{session.programme_id}/curation/sessions/{session.pk}/"
    )

    board = desktop_page
    log_in(board, curator.email, PASSWORD)
    board.goto(board.base_url + base + "board/")
    expect(board.locator("[data-current]")).to_have_count(0)
    board.evaluate("window.kurasiNotReloaded = true")

    desk = phone_page
    log_in(desk, officer.email, PASSWORD)
    desk.goto(desk.base_url + base + "desk/")
    desk.locator("#id_q").fill("0812 3456 7001")  # typed the way people say it
    desk.locator(".desk-search button").click()
    expect(desk.locator(".desk-card")).to_have_count(3)
    card = desk.locator(".desk-card", has_text="Roti Gambang")
    card.locator("form[action$='/arrived/'] button").click()
    expect(desk.locator("[data-sample-code]")).to_have_text("K26-001")
    assert "7001" not in desk.url
    assert CheckIn.objects.get().checked_in_by == officer
    if SCREENSHOTS:
        desk.screenshot(path=f"{SCREENSHOTS}/desk-after-check-in-phone.png", full_page=True)

    # htmx polls every 10 seconds; the arrival appears without the page being reloaded.
    expect(board.locator("[data-current]")).to_contain_text("Roti Gambang", timeout=15_000)
    assert board.evaluate("window.kurasiNotReloaded") is True
    if SCREENSHOTS:
        board.screenshot(path=f"{SCREENSHOTS}/board-live-desktop.png", full_page=True)
        board.set_viewport_size({"width": 360, "height": 740})
        board.screenshot(path=f"{SCREENSHOTS}/board-live-phone.png", full_page=True)
