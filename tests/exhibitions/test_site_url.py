"""Exhibition invitations (email and WhatsApp text) link to the configured SITE_URL."""

from django.core import mail
from django.urls import reverse

from kurasi.exhibitions.invitations import invitation_text, send_invitations
from kurasi.exhibitions.models import Allocation

SITE = "https://kurasi.example.go.id"


def test_invitations_link_to_the_site(
    settings, client_for, admin_user, producer, exhibition, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    allocate = reverse("exhibitions:allocate", args=[exhibition.organisation.slug, exhibition.pk])
    assert client_for(admin_user).post(allocate).status_code == 302
    business = Allocation.objects.get(status="proposed").business
    business.email = "usaha@contoh.test"
    business.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_invitations(actor=admin_user, exhibition=exhibition) == 1
    expected = SITE + reverse("exhibitions:my_exhibitions")
    assert expected in mail.outbox[0].body
    assert expected in invitation_text(Allocation.objects.get(status="invited"))
