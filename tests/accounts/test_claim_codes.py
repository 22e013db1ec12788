"""A producer without email claims the business the office registered: with the office's one-time
code while logged in with the business's phone, or through a field officer who checked her
identity card. Everything goes through the pages: the staff business page, the producer's claim
page, the sign-up page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.accounts.models import ProducerCode, Role
from kurasi.audit.models import AuditEvent
from kurasi.registry.models import Business

from ..factories import PASSWORD, BusinessFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SITI_PHONE = "+6281298765001"  # the `producer` persona's login
CLAIM = reverse("accounts:claim")
CODE = re.compile(r'id="claim-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


@pytest.fixture
def business(organisation):
    """Registered by the office on Siti's behalf: her phone, no account linked."""
    return BusinessFactory(
        organisation=organisation,
        name="Keripik Bu Siti",
        owner_name="Siti Rahmawati",
        phone=SITI_PHONE,
        owner=None,
    )


def staff_url(name, business):
    return reverse(name, args=[business.organisation.slug, business.pk])


def give_claim_code(client, business):
    """The staff member presses "Give the producer a claim code"; returns (response, code)."""
    response = client.post(staff_url("registry:owner_claim_code", business))
    match = CODE.search(response.content.decode())
    return response, match.group(1) if match else None


def claim(client, code, **more):
    return client.post(CLAIM, {"code": code, **more})


def owner_of(business):
    return Business.objects.get(pk=business.pk).owner


def text(response):
    return response.content.decode()


def no_event_mentions(code):
    """The code is in no audit value, label or reason (with or without its hyphen)."""
    bare = code.replace("-", "")
    for event in AuditEvent.objects.all():
        stored = f"{event.changes} {event.reason} {event.object_label} {event.actor_label}"
        assert code not in stored
        assert bare not in stored


def test_field_officer_gives_a_code_shown_once_and_the_producer_claims_her_business(
    client_for, field_officer, producer, business
):
    officer = client_for(field_officer)
    page = officer.get(business.get_absolute_url())
    assert "Beri pelaku usaha kode klaim" in text(page)  # "Give the producer a claim code"
    response, code = give_claim_code(officer, business)
    assert response.status_code == 200
    assert code is not None
    assert "no-store" in response["Cache-Control"]
    content = text(response)
    # The printable letter: the business, the phone to sign up with, the code, a QR code.
    assert 'id="claim-letter"' in content
    assert "Keripik Bu Siti" in content
    assert "0812-9876-5001" in content
    assert content.count(code) >= 2  # shown to the officer, printed on the letter
    assert "<svg" in content
    # WhatsApp to the business's phone, the message in Bahasa Indonesia with the code.
    whatsapp = re.search(r'href="(https://wa\.me/6281298765001\?text=[^"]+)"', content).group(1)
    assert code in whatsapp
    assert "Klaim%20usaha%20saya" in whatsapp
    stored = ProducerCode.objects.get(business=business)
    assert code.replace("-", "") not in stored.digest
    # The code is not shown again.
    assert code not in text(officer.get(business.get_absolute_url()))

    siti = client_for(producer)
    assert siti.get(CLAIM).status_code == 200
    # However she types it: lower case, a space instead of the hyphen.
    done = claim(siti, code.lower().replace("-", " "))
    assert done.status_code == 302
    assert done.url == reverse("insights:dashboard")
    assert owner_of(business) == producer
    dashboard = text(siti.get(done.url))
    assert "Keripik Bu Siti sekarang tertaut ke akun Anda." in dashboard
    event = AuditEvent.objects.get(action="business.claimed")
    assert event.actor == producer
    assert event.changes["owner"] == [None, producer.pk]
    assert event.changes["claim_code_made_by"] == [None, "Agus Setiawan"]
    assert AuditEvent.objects.filter(
        action="business.claim_code_issued", actor=field_officer
    ).exists()
    no_event_mentions(code)
    # Her business is now hers: the office's page says so.
    assert "Tertaut ke akun Siti Rahmawati" in text(officer.get(business.get_absolute_url()))


def test_office_admin_may_give_a_claim_code(client_for, admin_user, business):
    _response, code = give_claim_code(client_for(admin_user), business)
    assert code is not None


def test_curator_other_office_and_producers_cannot_make_codes_or_link(
    client_for, curator, outsider, producer, business
):
    for name in (
        "registry:owner_claim_code",
        "registry:owner_link",
        "registry:owner_recovery_code",
    ):
        url = staff_url(name, business)
        assert client_for(curator).post(url, {"identity_checked": "on"}).status_code == 403
        assert client_for(outsider).post(url, {"identity_checked": "on"}).status_code == 404
        assert client_for(producer).post(url, {"identity_checked": "on"}).status_code == 404
    assert not ProducerCode.objects.exists()
    assert owner_of(business) is None


def test_a_wrong_code_is_refused_and_links_nothing(client_for, field_officer, producer, business):
    _response, code = give_claim_code(client_for(field_officer), business)
    wrong = "ABCD-EFGH" if code != "ABCD-EFGH" else "HGFE-DCBA"
    response = claim(client_for(producer), wrong)
    assert response.status_code == 200
    assert "Kode ini tidak cocok dengan usaha yang terdaftar dengan nomor HP Anda." in text(
        response
    )
    assert owner_of(business) is None
    assert ProducerCode.objects.get(business=business).attempts == 1


def test_a_code_of_the_wrong_shape_is_explained(client_for, producer, business):
    response = claim(client_for(producer), "12345")
    assert "Kode terdiri dari 8 huruf dan angka" in text(response)
    assert owner_of(business) is None


def test_the_right_code_from_an_account_with_another_phone_is_refused(
    client_for, field_officer, other_producer, business
):
    _response, code = give_claim_code(client_for(field_officer), business)
    response = claim(client_for(other_producer), code)
    assert response.status_code == 200
    assert "tidak cocok" in text(response)
    assert owner_of(business) is None
    assert "Keripik Bu Siti" not in text(response)  # nothing about the business is revealed


def test_an_expired_code_is_refused(client_for, field_officer, producer, business):
    _response, code = give_claim_code(client_for(field_officer), business)
    ProducerCode.objects.filter(business=business).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = claim(client_for(producer), code)
    assert "Kode ini sudah kedaluwarsa." in text(response)
    assert owner_of(business) is None


def test_a_code_locks_after_five_wrong_tries(client_for, field_officer, producer, business):
    _response, code = give_claim_code(client_for(field_officer), business)
    siti = client_for(producer)
    wrong = "ABCD-EFGH" if code != "ABCD-EFGH" else "HGFE-DCBA"
    for _ in range(5):
        assert "tidak cocok" in text(claim(siti, wrong))
    response = claim(siti, code)
    assert "terlalu sering salah" in text(response)
    assert owner_of(business) is None
    assert AuditEvent.objects.filter(action="business.claim_code_locked").count() == 1
    # The office sees that the code no longer works.
    page = text(client_for(field_officer).get(business.get_absolute_url()))
    assert "tidak berlaku lagi" in page


def test_a_used_code_does_not_work_again(client_for, field_officer, producer, business):
    _response, code = give_claim_code(client_for(field_officer), business)
    siti = client_for(producer)
    assert claim(siti, code).status_code == 302
    assert claim(siti, code).status_code == 302  # a double tap: still hers, nothing changes
    Business.objects.filter(pk=business.pk).update(owner=None)  # as if unlinked since
    response = claim(siti, code)
    assert "Kode ini sudah dipakai." in text(response)
    assert owner_of(business) is None


def test_a_newer_code_cancels_the_earlier_one(client_for, field_officer, producer, business):
    officer = client_for(field_officer)
    _response, first = give_claim_code(officer, business)
    _response, second = give_claim_code(officer, business)
    siti = client_for(producer)
    assert "diganti dengan kode yang lebih baru" in text(claim(siti, first))
    assert claim(siti, second).status_code == 302
    assert owner_of(business) == producer


def test_a_business_already_owned_cannot_be_claimed(client_for, field_officer, producer, business):
    _response, code = give_claim_code(client_for(field_officer), business)
    someone = UserFactory(full_name="Orang Lain", email=None, phone="+6281300000009")
    Business.objects.filter(pk=business.pk).update(owner=someone)
    response = claim(client_for(producer), code)
    assert "sudah tertaut ke sebuah akun" in text(response)
    assert owner_of(business) == someone
    # And no new code is made for it.
    refused = client_for(field_officer).post(staff_url("registry:owner_claim_code", business))
    assert refused.status_code == 302
    assert ProducerCode.objects.filter(business=business).count() == 1


def test_signing_up_with_the_business_phone_links_nothing_and_points_to_the_claim(
    client, organisation
):
    business = BusinessFactory(
        organisation=organisation, name="Batik Ibu Ani", phone="+6281377778888", owner=None
    )
    response = client.post(
        reverse("registration:sign_up"),
        {
            "full_name": "Ani Wulandari",
            "phone": "0813-7777-8888",
            "password1": "kopi-susu-gula-aren-17",
            "password2": "kopi-susu-gula-aren-17",
            "consent": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == CLAIM
    content = text(response)
    assert "Dinas telah mendaftarkan sebuah usaha dengan nomor HP ini." in content
    assert "Batik Ibu Ani" not in content
    assert owner_of(business) is None


def test_signing_up_with_another_phone_goes_on_as_before(client, business):
    response = client.post(
        reverse("registration:sign_up"),
        {
            "full_name": "Dewi",
            "phone": "0813-1111-2222",
            "password1": "kopi-susu-gula-aren-17",
            "password2": "kopi-susu-gula-aren-17",
            "consent": "on",
        },
    )
    assert response.url == reverse("registration:status")


def test_the_producer_dashboard_points_to_the_claim(client_for, producer, business):
    content = text(client_for(producer).get(reverse("insights:dashboard")))
    assert 'id="claim-notice"' in content
    assert "Keripik Bu Siti" not in content


def test_the_claim_page_is_for_producers_only(client, client_for, field_officer, producer):
    assert client.get(CLAIM).status_code == 302  # to the login page
    assert client_for(field_officer).get(CLAIM).status_code == 403
    assert client_for(producer).get(CLAIM).status_code == 200


def test_claims_are_rate_limited_per_account(
    client_for, producer, field_officer, business, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "code_claim": "2/d"}
    _response, code = give_claim_code(client_for(field_officer), business)
    siti = client_for(producer)
    wrong = "ABCD-EFGH" if code != "ABCD-EFGH" else "HGFE-DCBA"
    claim(siti, wrong)
    claim(siti, wrong)
    assert claim(siti, code).status_code == 429
    assert owner_of(business) is None


# Linking after an identity check, without a code


def link(client, business, checked=True):
    data = {"identity_checked": "on"} if checked else {}
    return client.post(staff_url("registry:owner_link", business), data, follow=True)


def test_officer_links_the_account_with_the_phone_after_checking_identity(
    client_for, field_officer, producer, business
):
    officer = client_for(field_officer)
    page = text(officer.get(business.get_absolute_url()))
    assert "Siti Rahmawati" in page  # the account with the business's phone, to check against
    response = link(officer, business)
    assert "Usaha ini sekarang tertaut ke akun Siti Rahmawati." in text(response)
    assert owner_of(business) == producer
    event = AuditEvent.objects.get(action="business.owner_linked")
    assert event.actor == field_officer
    assert event.changes == {"owner": [None, producer.pk], "identity_checked": [None, True]}


def test_linking_needs_the_identity_check(client_for, field_officer, producer, business):
    response = link(client_for(field_officer), business, checked=False)
    assert "Centang bahwa Anda sudah memeriksa KTP" in text(response)
    assert owner_of(business) is None


def test_linking_needs_an_account_with_the_business_phone(
    client_for, field_officer, other_producer, organisation
):
    business = BusinessFactory(organisation=organisation, phone="+6281355556666", owner=None)
    response = link(client_for(field_officer), business)
    assert "Belum ada akun dengan nomor HP usaha ini." in text(response)
    assert owner_of(business) is None


def test_a_staff_account_is_never_linked(client_for, field_officer, organisation):
    staff = MembershipFactory(
        organisation=organisation,
        role=Role.CURATOR,
        user=UserFactory(full_name="Kurator Ber-HP", phone="+6281344445555"),
    ).user
    business = BusinessFactory(organisation=organisation, phone=staff.phone, owner=None)
    response = link(client_for(field_officer), business)
    assert "milik akun petugas" in text(response)
    assert owner_of(business) is None


def test_a_business_with_an_owner_is_not_linked_again(
    client_for, field_officer, producer_business, other_producer
):
    response = link(client_for(field_officer), producer_business)
    assert "sudah tertaut ke akun pelaku usaha" in text(response)
    assert owner_of(producer_business).pk == producer_business.owner_id


def test_the_code_is_refused_once_an_officer_linked_the_business(
    client_for, field_officer, producer, business
):
    officer = client_for(field_officer)
    _response, code = give_claim_code(officer, business)
    link(officer, business)
    assert not ProducerCode.objects.live().exists()
    assert claim(client_for(producer), code).status_code == 302  # already hers: nothing to do


def test_the_producer_logs_in_with_her_phone_after_claiming(
    client, client_for, field_officer, producer, business
):
    _response, code = give_claim_code(client_for(field_officer), business)
    client.post(reverse("accounts:login"), {"username": "0812-9876-5001", "password": PASSWORD})
    assert claim(client, code).status_code == 302
    assert owner_of(business) == producer
