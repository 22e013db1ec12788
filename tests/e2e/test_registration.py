"""A producer's registration on a phone, an assisted registration, a refused late one."""

import datetime as dt

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from kurasi.accounts.models import Role, User
from kurasi.programmes.models import Application, ApplicationStatus
from kurasi.registry.models import Business

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

VILLAGE = "36.74.01.1001"


@pytest.fixture
def call():
    organisation = OrganisationFactory(
        slug="disperindag-tangsel", name="Disperindag Kota Tangerang Selatan", region_code="36.74"
    )
    ProductGroupFactory(organisation=organisation, code="makanan", name="Makanan", is_food=True)
    ProductGroupFactory(organisation=organisation, code="tas", name="Tas")
    programme = ProgrammeFactory(
        organisation=organisation, title="Kurasi Produk IKM 2026", slug="kurasi-2026"
    )
    programme.required_certificate_types.set([certificate_type("nib")])
    return programme


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "keripik.jpg"
    Image.new("RGB", (320, 240), (210, 140, 60)).save(path, "JPEG")
    return path


WIDER_THAN_THE_SCREEN = """[...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 361)
    .map(e => e.tagName + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""


def fits_the_phone(page):
    """Nothing overflows the 360-px screen sideways (names the culprits if something does)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, page.evaluate(WIDER_THAN_THE_SCREEN)


def follow(page, selector):
    """Click what leads to another page and wait until that page has loaded.

    A click returns as soon as it is dispatched; measuring the page straight after would read a
    document that is being replaced (and fail at random on a busy machine)."""
    with page.expect_navigation():
        page.click(selector)


def fill_business(page, *, name, owner=None, phone=None):
    page.fill("#id_name", name)
    if owner:
        page.fill("#id_owner_name", owner)
    if phone:
        page.fill("#id_phone", phone)
    page.select_option("#id_owner_gender", "F")
    page.fill("#id_address", "Jl. Ciater Raya 5")
    page.select_option("#id_village_code", VILLAGE)
    page.check("#id_consent")


def add_product(page, photo, name):
    page.select_option("#id_group", label="Makanan")
    page.fill("#id_name", name)
    page.fill("#id_price", "15000")
    page.set_input_files("#id_photo", str(photo))
    follow(page, "#add-product")


def test_producer_registers_on_a_phone_from_account_to_submitted(phone_page, call, photo):
    page = phone_page
    page.goto(page.base_url + "/")
    follow(page, f'a[href="/register/{call.organisation.slug}/{call.slug}/"]')
    fits_the_phone(page)
    follow(page, "#sign-up-link")
    fits_the_phone(page)
    page.fill("#id_full_name", "Sari Wulandari")
    page.fill("#id_phone", "0812-3456-7001")
    page.fill("#id_password1", "keripik-balado-renyah")
    page.fill("#id_password2", "keripik-balado-renyah")
    page.check("#id_consent")
    follow(page, "#sign-up-form button[type=submit]")

    follow(page, "#new-business")
    expect(page.locator("#id_phone")).to_have_value("0812-3456-7001")
    expect(page.locator("#id_owner_name")).to_have_value("Sari Wulandari")
    fits_the_phone(page)
    # The page is styled (registration.css loaded), so the width check means something.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.wizard-steps ol')).display")
        == "flex"
    )
    fill_business(page, name="Keripik Ibu Sari")
    follow(page, "#save-business")

    fits_the_phone(page)
    add_product(page, photo, "Keripik Singkong Balado")
    expect(page.locator("#entered-products")).to_contain_text("Keripik Singkong Balado")
    follow(page, "#next-step")

    fits_the_phone(page)
    expect(page.locator("#required-documents .missing")).to_have_count(1)
    page.select_option("#id_type", label="NIB (Nomor Induk Berusaha)")
    page.fill("#id_number", "9120001234567")
    follow(page, "#add-certificate")
    expect(page.locator("#required-documents .held")).to_have_count(1)
    follow(page, "#next-step")

    fits_the_phone(page)
    expect(page.locator("#review-applications")).to_contain_text("Keripik Singkong Balado")
    follow(page, "#submit-registration")

    expect(page.locator('.application[data-status="submitted"]')).to_contain_text(
        "Keripik Singkong Balado"
    )
    fits_the_phone(page)
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.product.photos.count() == 1
    assert application.product.business.owner.phone == "+6281234567001"


def test_field_officer_registers_a_producer_on_their_behalf(phone_page, call, photo):
    officer = UserFactory(full_name="Agus Setiawan", email="petugas@tangsel.test")
    MembershipFactory(user=officer, organisation=call.organisation, role=Role.FIELD_OFFICER)
    page = phone_page
    log_in(page, "petugas@tangsel.test", PASSWORD)
    page.goto(page.base_url + f"/o/{call.organisation.slug}/assisted/")
    follow(page, f'a[href="/o/{call.organisation.slug}/assisted/{call.slug}/"]')
    page.fill("#id_q", "Keripik")
    follow(page, "#find")
    expect(page.locator("#no-results")).to_be_visible()
    follow(page, "#new-business")
    expect(page.locator("#assisted-banner")).to_be_visible()
    fill_business(page, name="Keripik Ibu Sari", owner="Sari Wulandari", phone="0812-3456-7001")
    page.check("#id_create_account")
    follow(page, "#save-business")

    expect(page.locator("#temporary-password")).to_be_visible()
    password = page.locator("#temporary-password .password-box").inner_text().strip()
    fits_the_phone(page)
    add_product(page, photo, "Keripik Singkong Balado")
    follow(page, "#next-step")
    follow(page, "#next-step")
    follow(page, "#submit-registration")
    expect(page.locator("#find-form")).to_be_visible()

    business = Business.objects.get()
    application = Application.objects.get()
    assert business.registered_by == officer
    assert business.consent_recorded_by == officer
    assert application.registered_by == officer
    assert application.status == ApplicationStatus.SUBMITTED
    producer = User.objects.get(phone="+6281234567001")
    assert business.owner == producer
    assert producer.check_password(password)


def test_late_registration_is_refused_with_the_message(phone_page, call):
    producer = UserFactory(full_name="Siti Rahmawati", email=None, phone="+6281298765001")
    business = BusinessFactory(organisation=call.organisation, owner=producer, name="Roti Siti")
    product = ProductFactory(
        business=business, group=call.organisation.product_groups.get(code="makanan")
    )
    draft = ApplicationFactory(programme=call, product=product)
    call.registration_opens_at = timezone.now() - dt.timedelta(days=30)
    call.registration_closes_at = timezone.now() - dt.timedelta(hours=2)
    call.save()

    page = phone_page
    log_in(page, "0812 9876 5001", PASSWORD)
    page.goto(page.base_url + f"/register/{call.organisation.slug}/{call.slug}/")
    expect(page.locator("#window-problems")).to_contain_text(call.title)
    expect(page.locator("#new-business")).to_have_count(0)

    page.goto(
        page.base_url + f"/register/{call.organisation.slug}/{call.slug}/{business.pk}/review/"
    )
    follow(page, "#submit-registration")
    alert = page.locator(".notice-error[role=alert]")
    expect(alert).to_contain_text(call.title)
    expect(alert).to_contain_text(product.name)
    closes = timezone.localtime(call.registration_closes_at)
    expect(alert).to_contain_text(closes.strftime("%H.%M"))  # the Indonesian way: 18.23
    fits_the_phone(page)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_next_with_a_half_typed_product_stops_at_the_errors_in_view(phone_page, call):
    producer = UserFactory(full_name="Siti Rahmawati", email=None, phone="+6281298765001")
    business = BusinessFactory(organisation=call.organisation, owner=producer, name="Roti Siti")
    page = phone_page
    log_in(page, "0812 9876 5001", PASSWORD)
    page.goto(
        page.base_url + f"/register/{call.organisation.slug}/{call.slug}/{business.pk}/products/"
    )
    page.select_option("#id_group", label="Makanan")
    page.fill("#id_description", "Roti sobek isi srikaya")
    follow(page, "#next-step")

    # Still on the products step, the typing kept, the error summary on screen and focused.
    expect(page.locator("#id_description")).to_have_value("Roti sobek isi srikaya")
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    fits_the_phone(page)
    assert not business.products.exists()
