"""A producer who logs in with her phone and has no email gets a new password with a one-time
recovery code, made by a field officer who checked her identity card: through the staff
business page and the public /accounts/recover/ page."""

import datetime as dt
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.accounts.models import ProducerCode
from kurasi.audit.models import AuditEvent

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

RECOVER = reverse("accounts:recover")
CODE = re.compile(r'id="recovery-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')
NEW_PASSWORD = "teh-manis-pakai-es-29"
GENERIC = "Nomor HP dan kode tidak cocok dengan kode pemulihan yang berlaku."
ERROR_BLOCK = re.compile(r'<div class="notice notice-error" role="alert">.*?</div>', re.S)


def text(response):
    return response.content.decode()


def make_code(client, business, checked=True):
    url = reverse("registry:owner_recovery_code", args=[business.organisation.slug, business.pk])
    response = client.post(url, {"identity_checked": "on"} if checked else {})
    match = CODE.search(text(response))
    return response, match.group(1) if match else None


def recover(client, code, phone="0812-9876-5001", password=NEW_PASSWORD, ip="10.0.0.1"):
    return client.post(
        RECOVER,
        {"phone": phone, "code": code, "password1": password, "password2": password},
        REMOTE_ADDR=ip,
    )


def other_than(code):
    return "ABCD-EFGH" if code != "ABCD-EFGH" else "HGFE-DCBA"


def test_officer_makes_a_code_and_the_producer_sets_a_new_password_once(
    client, client_for, field_officer, producer, producer_business, caplog
):
    caplog.set_level(logging.DEBUG)
    officer = client_for(field_officer)
    page = text(officer.get(producer_business.get_absolute_url()))
    assert "Atur ulang kata sandi pelaku usaha: buat kode pemulihan" in page
    response, code = make_code(officer, producer_business)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    content = text(response)
    assert 'id="recovery-slip"' in content
    whatsapp = re.search(r'href="(https://wa\.me/6281298765001\?text=[^"]+)"', content).group(1)
    assert code in whatsapp
    assert code not in text(officer.get(producer_business.get_absolute_url()))

    done = recover(client, code.lower())
    assert done.status_code == 302
    assert done.url == reverse("insights:dashboard")
    assert client.get(done.url).status_code == 200  # logged in
    producer.refresh_from_db()
    assert producer.check_password(NEW_PASSWORD)
    # Once only.
    client.logout()
    again = recover(client, code, password="kata-sandi-lain-sekali-41")
    assert GENERIC in text(again)
    producer.refresh_from_db()
    assert producer.check_password(NEW_PASSWORD)
    # She logs in with her phone and the new password.
    login = client.post(
        reverse("accounts:login"), {"username": "0812-9876-5001", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302

    issued = AuditEvent.objects.get(action="account.recovery_code_issued")
    assert issued.actor == field_officer
    assert issued.changes["identity_checked"] == [None, True]
    used = AuditEvent.objects.get(action="account.password_recovered")
    assert used.actor == producer
    assert used.changes == {"recovery_code_made_by": [None, "Agus Setiawan"]}
    bare = code.replace("-", "")
    for event in AuditEvent.objects.all():
        stored = f"{event.changes} {event.reason} {event.object_label}"
        assert code not in stored
        assert bare not in stored
    assert code not in caplog.text
    assert bare not in caplog.text


def test_office_admin_may_make_a_recovery_code(client_for, admin_user, producer_business):
    _response, code = make_code(client_for(admin_user), producer_business)
    assert code is not None


def test_a_recovery_code_needs_the_identity_check(client_for, field_officer, producer_business):
    officer = client_for(field_officer)
    response, code = make_code(officer, producer_business, checked=False)
    assert code is None
    assert response.status_code == 302
    follow = officer.get(response.url)
    assert "Centang bahwa Anda sudah memeriksa KTP" in text(follow)
    assert not ProducerCode.objects.exists()
    assert not AuditEvent.objects.filter(action="account.recovery_code_issued").exists()


def test_no_recovery_code_for_an_account_with_email(
    client_for, field_officer, producer, producer_business
):
    producer.email = "siti@contoh.test"
    producer.save(update_fields=["email"])
    officer = client_for(field_officer)
    response, code = make_code(officer, producer_business)
    assert code is None
    assert not ProducerCode.objects.exists()
    page = text(officer.get(response.url))
    assert "pelaku usaha mengatur ulang kata sandinya lewat email" in page


def test_curator_and_other_office_cannot_make_recovery_codes(
    client_for, curator, outsider, producer_business
):
    url = reverse(
        "registry:owner_recovery_code",
        args=[producer_business.organisation.slug, producer_business.pk],
    )
    assert client_for(curator).post(url, {"identity_checked": "on"}).status_code == 403
    assert client_for(outsider).post(url, {"identity_checked": "on"}).status_code == 404
    assert not ProducerCode.objects.exists()


def test_a_wrong_code_says_the_same_whether_the_phone_has_an_account_or_not(
    client, client_for, field_officer, producer, producer_business
):
    _response, code = make_code(client_for(field_officer), producer_business)
    known = recover(client, other_than(code))
    unknown = recover(client, code, phone="0813-0000-1111", ip="10.0.0.2")
    assert known.status_code == unknown.status_code == 200
    assert GENERIC in text(known)
    assert ERROR_BLOCK.search(text(known)).group(0) == ERROR_BLOCK.search(text(unknown)).group(0)
    producer.refresh_from_db()
    assert producer.check_password(PASSWORD)
    assert ProducerCode.objects.get().attempts == 1
    assert "_auth_user_id" not in client.session


def test_an_expired_recovery_code_is_refused(client, client_for, field_officer, producer_business):
    _response, code = make_code(client_for(field_officer), producer_business)
    ProducerCode.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert GENERIC in text(recover(client, code))


def test_a_recovery_code_locks_after_five_wrong_tries(
    client, client_for, field_officer, producer, producer_business, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "code_recovery_account": "50/d"}
    _response, code = make_code(client_for(field_officer), producer_business)
    for n in range(5):
        recover(client, other_than(code), ip=f"10.0.1.{n}")
    response = recover(client, code, ip="10.0.2.1")
    assert GENERIC in text(response)
    producer.refresh_from_db()
    assert producer.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="account.recovery_code_locked").count() == 1


def test_a_newer_recovery_code_cancels_the_earlier_one(
    client, client_for, field_officer, producer_business
):
    officer = client_for(field_officer)
    _response, first = make_code(officer, producer_business)
    _response, second = make_code(officer, producer_business)
    assert GENERIC in text(recover(client, first))
    assert recover(client, second).status_code == 302


def test_a_password_problem_is_shown_without_spending_the_code(
    client, client_for, field_officer, producer_business
):
    _response, code = make_code(client_for(field_officer), producer_business)
    response = recover(client, code, password="123")
    assert response.status_code == 200
    assert GENERIC not in text(response)
    assert ProducerCode.objects.get().attempts == 0
    assert recover(client, code).status_code == 302


def test_recovery_is_rate_limited_per_phone(
    client, client_for, field_officer, producer_business, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "code_recovery_account": "2/d"}
    _response, code = make_code(client_for(field_officer), producer_business)
    recover(client, other_than(code), ip="10.0.0.1")
    recover(client, other_than(code), phone="+62 812 9876 5001", ip="10.0.0.2")
    response = recover(client, code, ip="10.0.0.3")
    assert response.status_code == 429


def test_login_and_password_reset_pages_point_to_the_recovery_page(client):
    for name in ("accounts:login", "accounts:password_reset"):
        assert f'href="{RECOVER}"' in text(client.get(reverse(name)))
    page = client.get(RECOVER)
    assert page.status_code == 200
    assert "Tidak punya email?" in text(page)
