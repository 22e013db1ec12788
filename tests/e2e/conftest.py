"""End-to-end tests in Debian's Chromium, driven by Playwright (no browser download needed).

A missing browser fails these tests: CI must never pass by skipping them.
"""

import os
import shutil
import time

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make for
# set-up are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# Chromium must not reach for the network beyond the test server (the machine has none).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, but serving static files as production does.

    Its default handler looks files up through the finders, which know nothing of the hashed
    names the manifest storage puts in pages: every stylesheet and script would be a 404 and
    the browser tests would look at unstyled pages. WhiteNoise serves the collected files.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda handler: handler
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every browser test logs in from 127.0.0.1; counters of earlier tests must not add up
    (the cache table is not emptied between transactional tests)."""
    from django.core.cache import cache

    cache.clear()


def _authenticator_of(username):
    """The confirmed TOTP device the person must answer with, as the app would: an admin gets
    one as if they had set it up (like the demo admin, whose device seed_demo makes)."""
    from kurasi.accounts.backends import canonical_login
    from kurasi.accounts.models import User
    from kurasi.accounts.two_factor import standing

    from ..conftest import totp_device_for

    login = canonical_login(username)
    user = User.objects.filter(**{"email" if "@" in login else "phone": login}).first()
    if user is None:
        return None
    has_device, must, _ = standing(user)
    return totp_device_for(user) if has_device or must else None


def current_code(device):
    """The code the authenticator app shows now; the next one if this one was already used
    (a second login within 30 seconds), which the one step of tolerated drift accepts."""
    from django_otp.oath import totp

    device.refresh_from_db()
    drift = 1 if device.last_t >= int(time.time()) // device.step else 0
    return f"{totp(device.bin_key, step=device.step, drift=drift):06d}"


def log_in(page, username, password):
    """Log in through the pages: password, then (for admins, and anyone who turned it on) the
    code from the authenticator, typed like a person would."""
    device = _authenticator_of(username)
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Email atau nomor HP").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    # Each step waits for the page its button leads to: a test that goes elsewhere straight
    # after would otherwise cancel the login's response, and its session cookie with it.
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    if device is not None:
        page.get_by_label("Kode dari aplikasi autentikator Anda").fill(current_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Lanjutkan").click()
