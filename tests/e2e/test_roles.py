import pytest
from playwright.sync_api import expect

from kurasi.demo.accounts import DEMO_PASSWORD, seed_accounts

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("login", "role_badge", "section"),
    [
        ("admin@tangsel.kurasi.test", "Admin dinas", "Petugas"),
        ("petugas1@tangsel.kurasi.test", "Petugas lapangan", "Tugas Anda"),
        ("kurator1@tangsel.kurasi.test", "Kurator", "Produk yang dinilai"),
    ],
)
def test_staff_log_in_on_a_phone_and_see_their_role_dashboard(
    phone_page, login, role_badge, section
):
    seed_accounts()
    log_in(phone_page, login, DEMO_PASSWORD)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        "Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan"
    )
    expect(phone_page.locator(".role-badge")).to_have_text(role_badge)
    expect(phone_page.get_by_role("heading", name=section)).to_be_visible()
    # Nothing overflows the 360-px screen sideways.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360


def test_producer_logs_in_with_phone_number_on_a_phone(phone_page):
    seed_accounts()
    log_in(phone_page, "0812 9876 5001", DEMO_PASSWORD)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Halo, Siti")
    expect(phone_page.get_by_role("heading", name="Pendaftaran saya")).to_be_visible()


def test_wrong_password_shows_message_and_keeps_the_login(phone_page):
    seed_accounts()
    log_in(phone_page, "kurator2@tangsel.kurasi.test", "bukan-sandinya")
    expect(phone_page.get_by_role("alert")).to_contain_text("kata sandi salah")
    expect(phone_page.get_by_label("Email atau nomor HP")).to_have_value(
        "kurator2@tangsel.kurasi.test"
    )


def test_language_switch_to_english_and_back(desktop_page):
    page = desktop_page
    page.goto(page.base_url + "/")
    expect(page.get_by_role("heading", name="Pendaftaran dibuka")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Open calls")).to_be_visible()
    expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Pendaftaran dibuka")).to_be_visible()


def test_logout_returns_to_home(desktop_page):
    seed_accounts()
    log_in(desktop_page, "admin@tangsel.kurasi.test", DEMO_PASSWORD)
    desktop_page.get_by_role("button", name="Keluar").click()
    expect(desktop_page.get_by_role("link", name="Masuk", exact=True)).to_be_visible()


def test_pages_load_their_stylesheets_and_scripts(desktop_page):
    failed = []
    desktop_page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    desktop_page.goto(desktop_page.base_url + "/")
    expect(desktop_page.get_by_role("heading", name="Pendaftaran dibuka")).to_be_visible()
    assert failed == []
    # Pico's layout applied: the main container is narrower than the 1280-px window.
    assert (
        desktop_page.evaluate("document.querySelector('main').getBoundingClientRect().width") < 1280
    )
