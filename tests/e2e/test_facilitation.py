"""An office admin turns the halal gap list into a facilitation programme, enrols the candidates
and marks one done with the certificate obtained; that producer then sees the plan updated."""

import pytest
from playwright.sync_api import expect

from kurasi.accounts.models import Role
from kurasi.facilitation.models import LegalityRule, Participation
from kurasi.facilitation.shipped import ensure_shipped_rules
from kurasi.registry.models import Certificate, CertificateType

from ..factories import (
    PASSWORD,
    BusinessFactory,
    MembershipFactory,
    OrganisationFactory,
    ProductFactory,
    ProductGroupFactory,
    UserFactory,
    certificate_type,
)
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def set_up_office():
    certificate_type("nib")  # transactional tests flush the shipped types and rules
    ensure_shipped_rules(LegalityRule, CertificateType)
    office = OrganisationFactory(slug="disperindag-tangsel", region_code="36.74")
    admin = UserFactory(email="admin@tangsel.test")
    MembershipFactory(user=admin, organisation=office, role=Role.ADMIN)
    food = ProductGroupFactory(organisation=office, code="makanan", name="Makanan", is_food=True)
    producer = UserFactory(full_name="Siti Rahmawati", email=None, phone="+6281298765001")
    siti = BusinessFactory(
        organisation=office,
        owner=producer,
        name="Dapur Siti",
        capital=50_000_000,
        nib="9120001234567",
    )
    ProductFactory(business=siti, group=food, name="Keripik Balado", shelf_life_days=120)
    other = BusinessFactory(organisation=office, name="Kue Ani", capital=50_000_000)
    ProductFactory(business=other, group=food, name="Nastar", shelf_life_days=90)
    return office, admin, siti


def test_halal_gap_to_programme_to_updated_plan(desktop_page, phone_page):
    office, admin, siti = set_up_office()

    # The producer's plan lists halal before the office helps.
    log_in(phone_page, "0812-9876-5001", PASSWORD)
    phone_page.goto(phone_page.base_url + "/my/plan/")
    expect(phone_page.locator('[data-rule="halal-pangan-umk"]')).to_have_count(1)

    page = desktop_page
    log_in(page, admin.email, PASSWORD)
    page.goto(page.base_url + f"/o/{office.slug}/facilitation/gaps/?list=halal")
    expect(page.locator(".gap-row")).to_have_count(2)
    page.locator("#create-programme").click()
    expect(page.locator("#id_title")).not_to_be_empty()
    page.locator("#save-programme").click()

    expect(page.locator(".candidate-row")).to_have_count(2)
    page.locator(f"#candidate-{siti.pk}").check()
    page.get_by_label("Kue Ani").check()
    page.locator("#enrol-selected").click()
    expect(page.locator(".participant-row")).to_have_count(2)
    participation = Participation.objects.get(business=siti)
    assert participation.status == "enrolled"

    page.locator(f"#done-{participation.pk}").click()
    page.locator(f"#id_p{participation.pk}-number").fill("ID36110000123450126")
    page.locator(f"#id_p{participation.pk}-issued_on").fill("2026-11-20")
    page.locator("#save-done").click()
    row = page.locator(f"#participant-{participation.pk}")
    expect(row.locator(".participant-status")).to_have_text("Selesai")
    assert Certificate.objects.filter(business=siti, type__code="halal").exists()

    # The producer, on a phone, sees the halal item gone and the facilitation on the timeline.
    phone_page.goto(phone_page.base_url + "/my/plan/")
    expect(phone_page.locator('[data-rule="halal-pangan-umk"]')).to_have_count(0)
    expect(phone_page.locator("#timeline .kind-facilitation")).to_have_count(1)
    expect(phone_page.locator("#timeline .kind-certificate")).to_have_count(1)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
