"""The invitation a producer receives writes dates and the cost the Indonesian way."""

from decimal import Decimal

from django.core import mail
from django.urls import reverse


def test_invitation_message_writes_dates_and_rupiah_the_indonesian_way(
    client_for, admin_user, siti, halal_programme, django_capture_on_commit_callbacks
):
    halal_programme.cost_to_producer = Decimal("150000")
    halal_programme.save(update_fields=["cost_to_producer"])
    siti.email = "siti@contoh.test"
    siti.save()
    url = reverse(
        "facilitation:participants_add",
        args=[halal_programme.organisation.slug, halal_programme.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin_user).post(url, {"business": [siti.pk], "action": "invite"})

    body = mail.outbox[0].body
    assert "Rp\N{NO-BREAK SPACE}150.000" in body
    assert "31 Desember 2026" in body
    assert "31/12/2026" not in body
