"""Letters, their QR codes, result emails and WhatsApp texts point at the configured SITE_URL,
read when they are made (not when Kurasi started)."""

from urllib.parse import quote

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kurasi.curation.decisions import decide, issue_letters
from kurasi.curation.letters import letter_context, qr_svg
from kurasi.curation.models_decisions import Decision

from .conftest import detail_url, make_application, score
from .test_letters import pdf_text

SITE = "https://kurasi.example.go.id"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def letter(programme, product_groups, bands, curators, admin_user, producer):
    """Siti's Dodol, scored, decided and its letter issued."""
    application = make_application(programme, product_groups, "Dodol Betawi", owner=producer)
    score(programme, application, curators[0], 4)
    decide(actor=admin_user, programme=programme, application_ids=[application.pk])
    issue_letters(actor=admin_user, programme=programme)
    return Decision.objects.get(application=application)


def test_the_letter_prints_the_verification_address_on_the_site(client_for, producer, letter):
    expected = SITE + reverse("curation:verify_code", args=[letter.verification_code])
    response = client_for(producer).get(
        reverse("curation:my_letter", args=[letter.verification_code])
    )
    assert response.status_code == 200
    text = pdf_text(response)
    # The PDF text may break the long address over a line: compare without whitespace.
    assert expected in "".join(text.split())
    assert "127.0.0.1" not in text


def test_the_letter_s_qr_code_encodes_the_verification_address_on_the_site(letter):
    expected = SITE + reverse("curation:verify_code", args=[letter.verification_code])
    context = letter_context(letter)
    assert context["verification_url"] == expected
    with translation.override("id"):
        html = render_to_string("curation/letters/letter.html", context)
    assert str(qr_svg(expected)) in html  # the same modules as a QR code made from the address


def test_the_result_email_links_to_the_site(
    programme, product_groups, bands, curators, admin_user, django_capture_on_commit_callbacks
):
    application = make_application(programme, product_groups, "Kue Lapis")
    application.product.business.email = "usaha@contoh.test"
    application.product.business.save()
    score(programme, application, curators[0], 4)
    decide(actor=admin_user, programme=programme, application_ids=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        issue_letters(actor=admin_user, programme=programme)
    assert SITE + reverse("curation:my_results") in mail.outbox[0].body


def test_the_whatsapp_text_carries_the_verification_address_on_the_site(
    client_for, admin_user, programme, letter
):
    business = letter.application.product.business
    business.phone = "+6281298765001"
    business.save()
    response = client_for(admin_user).get(detail_url(programme, letter.application))
    expected = SITE + reverse("curation:verify_code", args=[letter.verification_code])
    assert quote(expected) in response.context["whatsapp"]
