import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from kurasi.accounts.models import User

from ..factories import PASSWORD, UserFactory

LOGIN_URL = reverse("accounts:login")


def login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_login_with_email_any_case_opens_the_dashboard(client, admin_user):
    response = login(client, "ADMIN@Tangsel.test")
    assert response.status_code == 302
    assert response.url == reverse("insights:dashboard")


@pytest.mark.parametrize("typed", ["0812-9876-5001", "+62 812 9876 5001", "6281298765001"])
def test_login_with_phone_in_any_common_spelling(client, producer, typed):
    response = login(client, typed)
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_wrong_password_shows_clear_message_and_keeps_login(client, admin_user):
    response = login(client, "admin@tangsel.test", "salah")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Email/nomor HP atau kata sandi salah" in content
    assert 'value="admin@tangsel.test"' in content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_message_in_english_when_chosen(client, admin_user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = login(client, "admin@tangsel.test", "salah")
    assert "The email/phone number or password is wrong" in response.content.decode()


@pytest.mark.django_db
def test_login_unknown_account_gets_the_same_message(client):
    response = login(client, "tidak-ada@contoh.test", "apa-saja")
    assert "Email/nomor HP atau kata sandi salah" in response.content.decode()


@pytest.mark.django_db
def test_login_refused_for_deactivated_account(client):
    UserFactory(email="nonaktif@contoh.test", is_active=False)
    response = login(client, "nonaktif@contoh.test")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_account_locked_after_repeated_failures_even_from_other_addresses(client, admin_user):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "admin@tangsel.test", "salah", ip=f"10.0.1.{attempt}")
    response = login(client, "ADMIN@tangsel.test", PASSWORD, ip="10.0.2.1")
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_across_accounts_do_not_lock_the_address(client, admin_user, curator):
    """Many people share one address (an office Wi-Fi): its failures lock no one else's account
    (tests/accounts/test_lockouts.py covers the address's slow-down and ceiling)."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"tebakan{attempt}@contoh.test", "salah", ip="10.0.3.3")
    response = login(client, "kurator@tangsel.test", PASSWORD, ip="10.0.3.3")
    assert response.status_code == 302


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(admin_user):
    assert User.objects.get(pk=admin_user.pk).password.startswith("argon2")


@pytest.mark.django_db
def test_expired_session_says_so_on_the_login_page(client, admin_user):
    client.force_login(admin_user)
    client.session.flush()  # what the server does when the session's age runs out
    client.cookies[settings.SESSION_COOKIE_NAME] = "kunci-sesi-yang-sudah-kedaluwarsa"
    response = client.get(reverse("insights:dashboard"), follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN_URL)
    assert "Sesi Anda telah berakhir" in response.content.decode()


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_change_requires_old_password(client_for, curator):
    client = client_for(curator)
    url = reverse("accounts:password_change")
    bad = client.post(url, {"old_password": "salah", "new_password1": "x", "new_password2": "x"})
    assert bad.status_code == 200
    assert "ulang" in bad.content.decode() or "salah" in bad.content.decode()
    good = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Batik-Tangsel-2017!",
            "new_password2": "Batik-Tangsel-2017!",
        },
    )
    assert good.status_code == 302
    curator.refresh_from_db()
    assert curator.check_password("Batik-Tangsel-2017!")


def test_password_change_refused_when_logged_out(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


@pytest.mark.django_db
def test_password_reset_by_email_round_trip(client, curator):
    client.post(reverse("accounts:password_reset"), {"email": "KURATOR@tangsel.test"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Pilih kata sandi baru" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Tenun-Baru-2024!", "new_password2": "Tenun-Baru-2024!"},
    )
    assert response.status_code == 302
    curator.refresh_from_db()
    assert curator.check_password("Tenun-Baru-2024!")


@pytest.mark.django_db
def test_password_reset_link_is_on_the_configured_site_url(client, curator, settings):
    """Not the Host header of the request: an email's link must reach the real site."""
    settings.SITE_URL = "https://kurasi.example.go.id"
    client.post(reverse("accounts:password_reset"), {"email": "kurator@tangsel.test"})
    assert "https://kurasi.example.go.id/accounts/password/reset/" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].body


@pytest.mark.django_db
def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "siapa@contoh.test"}, follow=True
    )
    assert "Periksa email Anda" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_link_used_twice_is_refused(client, curator):
    client.post(reverse("accounts:password_reset"), {"email": "kurator@tangsel.test"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Tenun-Baru-2024!", "new_password2": "Tenun-Baru-2024!"},
    )
    again = client.get(link, follow=True)
    assert "Tautan ini sudah tidak berlaku" in again.content.decode()
