"""Lock-outs that a shared network cannot turn against others.

An account is locked after repeated failures, however its login is spelled and wherever they come
from. An address (an office Wi-Fi, a carrier's NAT) is never locked: its failed logins are slowed
down and then capped, and the people behind it who type their password right keep logging in.
"""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from kurasi.accounts.models import Role
from kurasi.api.scopes import Scope
from kurasi.api.services import create_token

from ..conftest import totp_device_for
from ..factories import PASSWORD, MembershipFactory, UserFactory

LOGIN = reverse("accounts:login")
OFFICE_WIFI = "10.20.30.40"


def login(client, username, password=PASSWORD, ip=OFFICE_WIFI):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(response):
    return response.status_code == 302 and response.url == reverse("insights:dashboard")


def staff_of(organisation, count):
    roles = [Role.CURATOR, Role.FIELD_OFFICER, Role.CURATOR, Role.ADMIN]
    return [
        MembershipFactory(
            organisation=organisation,
            role=roles[n % len(roles)],
            user=UserFactory(email=f"orang{n}@tangsel.test", full_name=f"Orang {n}"),
        ).user
        for n in range(count)
    ]


@pytest.fixture
def slow_down(settings):
    def configure(*, after, first=1, longest=60, ceiling="60/15m"):
        settings.KURASI_LOGIN_SLOW_AFTER = after
        settings.KURASI_LOGIN_SLOW_FIRST = first
        settings.KURASI_LOGIN_SLOW_LONGEST = longest
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_ip": ceiling}

    return configure


@pytest.mark.django_db
def test_curation_day_one_address_many_people_one_typo_prone(organisation, curator, slow_down):
    """30 people log in behind the office Wi-Fi while one fails 6 times on their own account
    and another tries 3 wrong accounts: everyone else gets in; only the failing account locks."""
    # Slow down after 9 failures: the 5 real failures and 3 wrong accounts make 8, so this also
    # shows that the attempt refused by the account's lock is not counted against the address.
    slow_down(after=9)
    people = staff_of(organisation, 30)
    failures = [("kurator@tangsel.test", "salah")] * 6 + [
        ("kurator@tangsel.tst", PASSWORD),
        ("orang3@tangsel.test", "keliru"),
        ("0812-0000-0000", PASSWORD),
    ]
    answers = []
    for n, person in enumerate(people):
        if n % 3 == 0 and failures:
            answers.append(login(Client(), *failures.pop(0)))
        response = login(Client(), person.email)
        assert logged_in(response), person.email
    assert not failures
    # The fifth failure locks the account (its answer says so); the sixth is refused unchecked.
    assert [r.status_code for r in answers] == [200] * 4 + [429, 429] + [200] * 3
    assert "Akun dikunci sementara" in answers[5].content.decode()
    # The failing account stays locked, even from another address and with the right password.
    elsewhere = login(Client(), "Kurator@Tangsel.test", ip="192.0.2.7")
    assert elsewhere.status_code == 429
    assert "Akun dikunci sementara" in elsewhere.content.decode()
    # Whoever mistyped for orang3 did not lock orang3 out (one failure, then a success).
    assert logged_in(login(Client(), "orang3@tangsel.test"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spellings",
    [
        ["0812-9876-5001", "+62 812 9876 5001", "6281298765001", "081298765001", "+6281298765001"],
        [
            "admin@tangsel.test",
            "ADMIN@tangsel.test",
            " Admin@Tangsel.Test ",
            "admin@TANGSEL.test",
            "admin@tangsel.test",
        ],
    ],
)
def test_account_locked_after_five_failures_in_any_spelling_from_any_address(
    client, producer, admin_user, spellings
):
    for n, spelling in enumerate(spellings):
        assert login(client, spelling, "salah", ip=f"10.0.9.{n}").status_code in (200, 429)
    right = spellings[0]
    response = login(client, right, PASSWORD, ip="192.0.2.50")
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Four failures do not lock: the other persona, never mistyped, logs in from those addresses.
    other = "admin@tangsel.test" if "@" not in right else "0812-9876-5001"
    assert logged_in(login(client, other, ip="10.0.9.0"))


@pytest.mark.django_db
def test_address_ceiling_then_friendly_429_keeping_the_login(client, curator, slow_down):
    slow_down(after=100, ceiling="12/h")
    for n in range(12):
        response = login(client, f"tebakan{n}@contoh.test", "salah")
        assert response.status_code == 200
        assert "Email/nomor HP atau kata sandi salah" in response.content.decode()
        if n == 10:
            assert logged_in(login(client, "kurator@tangsel.test"))
            client.logout()
    response = login(client, "kurator@tangsel.test")
    content = response.content.decode()
    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert "Terlalu banyak percobaan masuk yang gagal dari jaringan Anda" in content
    assert "Tunggu 60 menit" in content
    assert 'value="kurator@tangsel.test"' in content
    assert PASSWORD not in content
    assert "_auth_user_id" not in client.session
    # Another address is not held back, and the account itself is not locked.
    assert logged_in(login(client, "kurator@tangsel.test", ip="192.0.2.8"))


@pytest.mark.django_db
def test_slow_down_grows_and_answers_at_once_without_counting(client, curator, slow_down):
    slow_down(after=3, first=1)
    for n in range(3):
        assert login(client, f"tebakan{n}@contoh.test", "salah").status_code == 200
    started = time.monotonic()
    held = login(client, "kurator@tangsel.test")
    assert time.monotonic() - started < 1  # answered at once: no worker sleeps
    assert held.status_code == 429
    assert held["Retry-After"] == "1"
    assert "Tunggu 1 detik" in held.content.decode()
    assert 'value="kurator@tangsel.test"' in held.content.decode()
    time.sleep(1.05)
    assert login(client, "tebakan3@contoh.test", "salah").status_code == 200
    # The fourth failure doubles the wait; held-back attempts themselves add nothing.
    assert login(client, "kurator@tangsel.test")["Retry-After"] == "2"
    assert login(client, "kurator@tangsel.test")["Retry-After"] == "2"
    time.sleep(2.05)
    assert logged_in(login(client, "kurator@tangsel.test"))


@pytest.mark.django_db
def test_address_works_again_after_the_window(client, curator, slow_down):
    slow_down(after=100, ceiling="2/4s")
    for n in range(2):
        assert login(client, f"tebakan{n}@contoh.test", "salah").status_code == 200
    refused = login(client, "kurator@tangsel.test")
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 4
    time.sleep(wait + 0.05)
    assert logged_in(login(client, "kurator@tangsel.test"))


@pytest.mark.django_db
def test_slow_down_page_in_english_when_chosen(client, slow_down):
    slow_down(after=1, first=30)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    login(client, "a@contoh.test", "salah")
    response = login(client, "a@contoh.test")
    assert response.status_code == 429
    assert "Too many failed logins from your network" in response.content.decode()
    assert "Wait 30 seconds" in response.content.decode()


@pytest.mark.django_db
def test_two_factor_code_step_limit_is_per_person(client_for, admin_user, outsider, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "two_factor": "2/d"}
    verify = reverse("accounts:two_factor_verify")
    mistyping = client_for(admin_user, verified=False)
    totp_device_for(admin_user)
    for _ in range(3):
        last = mistyping.post(verify, {"code": "000000"}, REMOTE_ADDR=OFFICE_WIFI)
    assert last.status_code == 429
    colleague = client_for(outsider, verified=False)
    device = totp_device_for(outsider)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = colleague.post(verify, {"code": code}, REMOTE_ADDR=OFFICE_WIFI)
    assert response.status_code == 302


@pytest.mark.django_db
def test_bad_api_tokens_from_one_address_lock_no_one(client, field_officer, settings):
    settings.KURASI_API_RATE = "5/minute"
    _token, secret = create_token(actor=field_officer, name="sinkron", scopes=Scope.values)
    url = "/api/v1/o/disperindag-tangsel/businesses/"
    for n in range(20):
        response = client.get(
            url, HTTP_AUTHORIZATION=f"Bearer kur_salah{n}", REMOTE_ADDR=OFFICE_WIFI
        )
        assert response.status_code == 401
    ok = client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR=OFFICE_WIFI)
    assert ok.status_code == 200
    # A token's own rate limit holds back that token only, not others behind the address.
    for _ in range(5):
        client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR=OFFICE_WIFI)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 429
    _other, other_secret = create_token(actor=field_officer, name="lain", scopes=Scope.values)
    other = client.get(url, HTTP_AUTHORIZATION=f"Bearer {other_secret}", REMOTE_ADDR=OFFICE_WIFI)
    assert other.status_code == 200
