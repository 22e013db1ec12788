"""An exhibition from allocation to a refilled waiting list, in the browser: the admin allocates
and invites on a desktop; one producer confirms on a phone, another declines, and the admin sees
the first on the waiting list invited in the freed place."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from kurasi.accounts.models import Role
from kurasi.curation.decisions import create_default_bands
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.models import Allocation, AllocationStatus, BoothType, Exhibition

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


def set_up_exhibition():
    """Two booths and three decided products: Siti's (92), Budi's (88), Ani's (80)."""
    certificate_type("nib")  # transactional tests flush the shipped types
    office = OrganisationFactory(slug="disperindag-tangsel", region_code="36.74")
    admin = UserFactory(email="admin@tangsel.test")
    MembershipFactory(user=admin, organisation=office, role=Role.ADMIN)
    bags = ProductGroupFactory(organisation=office, code="tas", name="Tas")
    programme = ProgrammeFactory(organisation=office, year=2026)
    bands = create_default_bands(actor=admin, programme=programme)
    national = next(b for b in bands if b.target == "national")
    today = dt.date.today()
    show = Exhibition.objects.create(
        organisation=office,
        programme=programme,
        name="Trade Expo Indonesia",
        organiser="Kementerian Perdagangan",
        level="national",
        venue="ICE BSD City",
        starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=34),
        confirm_days=5,
    )
    show.admitted_bands.set([national])
    BoothType.objects.create(exhibition=show, label="Stan standar", count=2, size="3 × 3 m")
    owners = {}
    for key, name, score in (
        ("siti", "Tas Pandan", 92),
        ("budi", "Tas Rotan", 88),
        ("ani", "Tas Eceng", 80),
    ):
        owner = UserFactory(email=f"{key}@contoh.test", full_name=key.title())
        business = BusinessFactory(organisation=office, owner=owner, name=f"Usaha {key.title()}")
        product = ProductFactory(business=business, group=bags, name=name)
        application = ApplicationFactory(programme=programme, product=product, status="verified")
        Decision.objects.create(
            application=application,
            band=national,
            score_snapshot={"mean": score},
            decided_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        )
        owners[key] = owner
    return office, show, owners


def status_of(show, owner):
    return Allocation.objects.get(exhibition=show, business__owner=owner).status


def answer(page, owner, button):
    log_in(page, owner.email, PASSWORD)
    page.goto(page.base_url + "/my/exhibitions/")
    card = page.locator("article.exh-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Trade Expo Indonesia")
    expect(card).to_contain_text("Diundang")
    card.get_by_role("button", name=button).click()


def test_exhibition_invitations_confirm_decline_and_refill(desktop_page, phone_page, browser):
    office, show, owners = set_up_exhibition()
    admin_page = desktop_page
    log_in(admin_page, "admin@tangsel.test", PASSWORD)
    admin_page.goto(admin_page.base_url + f"/o/{office.slug}/exhibitions/")
    admin_page.get_by_role("link", name="Trade Expo Indonesia").click()

    admin_page.get_by_role("button", name="Alokasikan").click()
    expect(admin_page.locator(".notice-success")).to_contain_text("2 tempat")
    rows = admin_page.locator("#allocations tbody tr")
    expect(rows).to_have_count(3)
    expect(admin_page.locator("tr[data-status=proposed]")).to_have_count(2)
    expect(admin_page.locator("tr[data-status=waitlisted]")).to_contain_text("Tas Eceng")
    assert status_of(show, owners["ani"]) == AllocationStatus.WAITLISTED

    admin_page.get_by_role("button", name="Undang 2 produsen").click()
    # The page says what happened to the messages: these producers have email addresses.
    notice = admin_page.locator(".notice-success")
    expect(notice).to_contain_text("2 pelaku usaha diundang.")
    expect(notice).to_contain_text("2 terkirim lewat email")
    expect(admin_page.locator("tr[data-status=invited]")).to_have_count(2)
    assert status_of(show, owners["siti"]) == AllocationStatus.INVITED

    # Siti confirms on her phone.
    answer(phone_page, owners["siti"], "Konfirmasi tempat saya")
    expect(phone_page.locator(".notice-success")).to_contain_text("tempat Anda sudah dikonfirmasi")
    expect(phone_page.locator("article.exh-card")).to_have_attribute("data-status", "confirmed")
    assert status_of(show, owners["siti"]) == AllocationStatus.CONFIRMED

    # Budi declines, in a browser of his own.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    context.set_default_timeout(10_000)
    budi_page = context.new_page()
    budi_page.base_url = admin_page.base_url
    try:
        answer(budi_page, owners["budi"], "Tolak")
        # A decline asks for confirmation on its own page before the place is given away.
        expect(budi_page.locator("#decline-consequence")).to_contain_text("daftar tunggu")
        budi_page.locator("#decline-form input[type=checkbox]").check()
        budi_page.locator("#decline-confirm").click()
        expect(budi_page.locator(".notice-success")).to_contain_text("Anda menolak tempat ini")
        expect(budi_page.locator("article.exh-card")).to_have_attribute("data-status", "declined")
    finally:
        context.close()
    assert status_of(show, owners["budi"]) == AllocationStatus.DECLINED

    # The admin's page now shows Ani, first on the waiting list, invited in Budi's place.
    admin_page.reload()
    ani = admin_page.locator("tr", has_text="Tas Eceng")
    expect(ani).to_have_attribute("data-status", "invited")
    expect(ani).to_contain_text("Diundang")
    expect(ani).to_contain_text("Terpilih dari daftar tunggu")
    expect(admin_page.locator("tr", has_text="Tas Pandan")).to_contain_text("Dikonfirmasi")
    expect(admin_page.locator("tr", has_text="Tas Rotan")).to_contain_text("Ditolak")
    refilled = Allocation.objects.get(exhibition=show, business__owner=owners["ani"])
    assert refilled.status == AllocationStatus.INVITED
    assert refilled.reason == "refilled"
    assert refilled.deadline is not None
    assert refilled.booth_type.label == "Stan standar"
