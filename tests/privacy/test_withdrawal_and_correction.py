from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.privacy.models import PrivacyRequest

from .conftest import NIK


def test_withdrawal_clears_consent_and_opens_a_request(client_for, producer, siti, organisation):
    business, _application = siti
    client_for(producer).post(
        reverse("privacy:withdraw_consent"), {"withdrawal-organisation": organisation.slug}
    )
    business.refresh_from_db()
    assert (business.consent_notice_version, business.consent_given_at) == ("", None)
    request = PrivacyRequest.objects.get()
    assert (request.kind, request.status) == ("withdrawal", "open")
    assert AuditEvent.objects.filter(action="business.consent_withdrawn").count() == 1


def test_second_open_withdrawal_is_refused_with_a_message(client_for, producer, siti, organisation):
    client = client_for(producer)
    url = reverse("privacy:withdraw_consent")
    client.post(url, {"withdrawal-organisation": organisation.slug})
    page = client.post(url, {"withdrawal-organisation": organisation.slug}, follow=True)
    assert PrivacyRequest.objects.count() == 1
    assert "open request" in page.content.decode() or "permintaan" in page.content.decode()


def test_admin_confirms_a_withdrawal(client_for, admin_user, producer, siti, organisation):
    client_for(producer).post(
        reverse("privacy:withdraw_consent"), {"withdrawal-organisation": organisation.slug}
    )
    request = PrivacyRequest.objects.get()
    url = reverse("privacy:request_answer", args=[organisation.slug, request.pk, "carry-out"])
    client_for(admin_user).post(url, {"answer": "Data tidak dipakai lagi."})
    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("done", admin_user)


def test_producer_corrects_the_account_with_masked_audit(client_for, producer, siti):
    response = client_for(producer).post(
        reverse("privacy:correct_account"),
        {"full_name": "Siti Rahmawati Putri", "phone": "0813-1111-2222", "email": ""},
    )
    assert response.status_code == 302
    producer.refresh_from_db()
    # The email stays: it changes only when confirmed from the new address (My account).
    assert (producer.full_name, producer.phone, producer.email) == (
        "Siti Rahmawati Putri",
        "+6281311112222",
        "siti.rahma@contoh.test",
    )
    event = AuditEvent.objects.get(action="account.corrected")
    assert event.changes["full_name"] == ["Siti Rahmawati", "Siti Rahmawati Putri"]
    assert event.changes["phone"] == ["0812****5001", "0813****2222"]


def test_account_correction_keeps_input_on_error(client_for, producer, other_producer, siti):
    response = client_for(producer).post(
        reverse("privacy:correct_account"),
        {"full_name": "Siti Baru", "phone": "0813-1111-2222"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Siti Baru"' in page
    assert other_producer.phone == "+6281311112222"  # the number typed is taken
    producer.refresh_from_db()
    assert producer.full_name == "Siti Rahmawati"


def test_account_correction_does_not_change_the_email(client_for, other_producer):
    """The email changes only through a link confirmed from the new address (My account)."""
    response = client_for(other_producer).post(
        reverse("privacy:correct_account"),
        {"full_name": "Budi Santoso", "phone": "0813-1111-2222", "email": "baru@contoh.test"},
    )
    assert response.status_code == 302
    other_producer.refresh_from_db()
    assert other_producer.email == "budi@contoh.test"
    page = client_for(other_producer).get(reverse("privacy:correct_account")).content.decode()
    assert 'name="email"' not in page
    assert reverse("accounts:account") in page


def test_producer_corrects_the_owner_nik_with_masked_audit(client_for, producer, siti):
    business, _application = siti
    url = reverse("privacy:correct_business", args=[business.pk])
    response = client_for(producer).post(
        url,
        {
            "owner_name": business.owner_name,
            "nik": "3674 0155 0895 0002",
            "phone": business.phone,
            "email": business.email,
            "address": "Jl. Baru 1",
        },
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.nik, business.address) == ("3674015508950002", "Jl. Baru 1")
    event = AuditEvent.objects.get(action="business.owner_corrected")
    assert event.changes["nik"] == ["3674********0001", "3674********0002"]
    assert sorted(event.changes) == ["address", "nik"]
    assert NIK not in str(event.changes)


def test_another_producer_cannot_correct_the_business(client_for, other_producer, siti):
    business, _application = siti
    url = reverse("privacy:correct_business", args=[business.pk])
    assert client_for(other_producer).get(url).status_code == 404
