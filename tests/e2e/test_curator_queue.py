"""Issue 17 item 2 in a browser: a curator works through her day's queue on a phone, in slot
order, and after each submission lands on the next product."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kurasi.accounts.models import Role
from kurasi.curation.models import Assessment, Assignment, ProgrammeRubric
from kurasi.curation.services import copy_preset
from kurasi.curation.services_day import check_in, place_application, save_session, save_table

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


def set_up_day():
    """Three products on today's schedule at the curator's table, placed out of name order."""
    certificate_type("nib")  # transactional tests flush the shipped types
    office = OrganisationFactory(slug="disperindag-tangsel", region_code="36.74")
    admin = MembershipFactory(organisation=office, role=Role.ADMIN).user
    desk = MembershipFactory(organisation=office, role=Role.FIELD_OFFICER).user
    curator = UserFactory(email="kurator@tangsel.test")
    MembershipFactory(user=curator, organisation=office, role=Role.CURATOR)
    food = ProductGroupFactory(organisation=office, code="makanan", name="Makanan", is_food=True)
    programme = ProgrammeFactory(organisation=office, title="Kurasi Produk IKM 2026")
    rubric = copy_preset(actor=None, organisation=office, preset_code="food")
    ProgrammeRubric.objects.create(programme=programme, product_group=food, rubric=rubric)
    session = save_session(
        actor=admin,
        programme=programme,
        values={
            "date": timezone.localdate(),
            "place": "Aula Dinas",
            "starts_at": dt.time(8, 0),
            "ends_at": dt.time(12, 0),
            "slot_minutes": 15,
            "grace_minutes": 30,
        },
    )
    table = save_table(actor=admin, session=session, name="Meja 1", curators=[curator])
    times = session.slot_times()
    in_slot_order = []
    for name, slot in [("Abon Sapi", 2), ("Dodol Betawi", 0), ("Kerupuk Udang", 1)]:
        product = ProductFactory(
            business=BusinessFactory(organisation=office), group=food, name=name
        )
        application = ApplicationFactory(programme=programme, product=product)
        Assignment.objects.create(application=application, curator=curator)
        place_application(
            actor=admin,
            session=session,
            application=application,
            table=table,
            starts_at=times[slot],
        )
        in_slot_order.append((slot, name))
    check_in(actor=desk, application=programme.applications.get(product__name="Dodol Betawi"))
    return curator, [name for _slot, name in sorted(in_slot_order)], list(rubric.criteria.all())


def score_everything(page, criteria, value):
    for criterion in criteria:
        page.locator(f"input[name='score_{criterion.key}'][value='{value}']").check()


def test_curator_works_through_her_queue_in_slot_order_on_a_phone(phone_page):
    curator, order, criteria = set_up_day()
    assert order == ["Dodol Betawi", "Kerupuk Udang", "Abon Sapi"]
    page = phone_page
    log_in(page, curator.email, PASSWORD)
    page.goto(f"{page.base_url}/o/disperindag-tangsel/curate/")

    queue = page.locator("[data-queue] .queue-name")
    expect(queue).to_have_text(order)
    expect(page.locator("[data-progress]")).to_contain_text("0 dari 3 dinilai")
    # The first is checked in: the sample code from its label is on the line with time and table.
    expect(page.locator("[data-queue] .queue-when").first).to_contain_text("08.00 · Meja 1 · ")

    page.locator("[data-queue] .queue-item").first.click()
    for position, name in enumerate(order):
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        score_everything(page, criteria, 4 - position)
        with page.expect_navigation():
            page.get_by_role("button", name="Kirim penilaian").click()
        if position + 1 < len(order):
            expect(page.get_by_role("status").first).to_have_text(
                f"Tersimpan. Produk berikutnya: {order[position + 1]}"
            )

    expect(
        page.get_by_text("Tersimpan. Semua produk Kurasi Produk IKM 2026 sudah dinilai.")
    ).to_be_visible()
    expect(page.locator("[data-progress]")).to_contain_text("3 dari 3 dinilai")
    expect(page.locator("#queue-empty")).to_be_visible()
    done = page.locator(".queue-done")
    expect(done.locator(".queue-name")).to_have_text(order)
    expect(done.locator(".queue-name").first).not_to_be_visible()  # folded away
    assert Assessment.objects.filter(curator=curator, status="submitted").count() == 3
