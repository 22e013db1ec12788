"""Rate limits hit through the pages: a refused request gets the 429 page and writes nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from kurasi.accounts.models import User

from ..factories import PASSWORD

LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
SIGN_UP = reverse("registration:sign_up")
IMPORT = reverse("registry_io:import", args=["disperindag-tangsel"])


@pytest.fixture
def tight(settings):
    """Small limits per day (a window boundary cannot fall inside a test)."""

    def set_limit(name, rate):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, name: rate}

    return set_limit


def login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_login_failures_limited_per_address_with_a_clear_429_page(client, tight, curator):
    tight("login_ip", "3/d")
    for n in range(3):
        assert login(client, f"orang{n}@contoh.test", "salah").status_code == 200
    response = login(client, "kurator@tangsel.test")
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert 'value="kurator@tangsel.test"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not held back by the first one's attempts.
    assert login(client, "kurator@tangsel.test", ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_successful_logins_do_not_count_against_the_address(client, tight, curator):
    tight("login_ip", "1/d")
    for _ in range(3):
        assert login(client, "kurator@tangsel.test").status_code == 302
        client.logout()


@pytest.mark.django_db
def test_login_limited_per_account_however_it_is_spelled(client, tight, producer):
    tight("login_account", "2/d")
    assert login(client, "0812-9876-5001", "salah", ip="10.0.0.1").status_code == 200
    assert login(client, "+62 812 9876 5001", "salah", ip="10.0.0.2").status_code == 200
    response = login(client, "6281298765001", ip="10.0.0.3")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_page_itself_is_not_counted(client, tight):
    tight("login_ip", "1/d")
    for _ in range(3):
        assert client.get(LOGIN).status_code == 200


@pytest.mark.django_db
def test_429_page_in_english_when_chosen(client, tight, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    tight("password_reset_ip", "1/d")
    client.post(RESET, {"email": "a@contoh.test"})
    response = client.post(RESET, {"email": "a@contoh.test"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


SIGN_UP_ANSWERS = {
    "full_name": "Sari Wulandari",
    "phone": "0812-3456-7001",
    "email": "sari@contoh.test",
    "password1": "keripik-balado-renyah",
    "password2": "keripik-balado-renyah",
    "consent": "on",
}


@pytest.mark.django_db
def test_sign_up_limited_per_address_and_creates_nothing_when_refused(client, tight):
    tight("sign_up_ip", "1/d")
    assert client.post(SIGN_UP, SIGN_UP_ANSWERS).status_code == 302
    second = {**SIGN_UP_ANSWERS, "email": "lain@contoh.test", "phone": "0812-3456-7002"}
    client.logout()
    response = client.post(SIGN_UP, second)
    assert response.status_code == 429
    assert list(User.objects.values_list("email", flat=True)) == ["sari@contoh.test"]


@pytest.mark.django_db
def test_password_reset_limited_per_account_sends_no_more_mail(client, tight, curator):
    tight("password_reset_account", "2/d")
    for ip in ("10.0.0.1", "10.0.0.2"):
        response = client.post(RESET, {"email": "kurator@tangsel.test"}, REMOTE_ADDR=ip)
        assert response.status_code == 302
    response = client.post(RESET, {"email": "Kurator@Tangsel.test "}, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_password_reset_limited_per_address(client, tight):
    tight("password_reset_ip", "2/d")
    for n in range(2):
        assert client.post(RESET, {"email": f"x{n}@contoh.test"}).status_code == 302
    assert client.post(RESET, {"email": "x9@contoh.test"}).status_code == 429


@pytest.mark.django_db
def test_two_factor_code_step_is_limited(client_for, tight, admin_user):
    tight("two_factor", "2/d")
    client = client_for(admin_user, verified=False)
    from ..conftest import totp_device_for

    totp_device_for(admin_user)
    verify = reverse("accounts:two_factor_verify")
    for _ in range(2):
        assert client.post(verify, {"code": "000000"}).status_code == 200
    assert client.post(verify, {"code": "000000"}).status_code == 429


@pytest.mark.django_db
def test_import_upload_limited_per_person_and_keeps_nothing(
    client_for, tight, admin_user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    tight("import_upload", "1/d")
    client = client_for(admin_user)
    path = tmp_path / "data.csv"
    path.write_text("Nama Usaha;Nama Pemilik\nKeripik Bu Sri;Sri Wahyuni\n")
    with open(path, "rb") as handle:
        assert client.post(IMPORT, {"file": handle}).status_code == 200
    kept = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    # The dry run keeps the upload and a note of its row count beside it.
    assert len([name for name in kept if not name.endswith(".json")]) == 1
    with open(path, "rb") as handle:
        response = client.post(IMPORT, {"file": handle})
    assert response.status_code == 429
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == kept
    # Looking at the page is not an upload.
    assert client.get(IMPORT).status_code == 200
