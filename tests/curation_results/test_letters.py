import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kurasi.audit.models import AuditEvent
from kurasi.curation.decisions import decide, file_appeal, issue_letters
from kurasi.curation.models_decisions import Appeal, Decision

from .conftest import detail_url, make_application, score

MY_RESULTS = reverse("curation:my_results")


@pytest.fixture
def letter(programme, product_groups, bands, curators, admin_user, producer):
    """Siti's Dodol, scored by two curators with advice, decided and its letter issued."""
    application = make_application(programme, product_groups, "Dodol Betawi", owner=producer)
    # Rasa 4 and 3: mean 3.5, read as level 4 ("Baik: enak dan khas").
    base = {c.key: 4 for c in programme.rubric_choices.first().rubric.criteria.all()}
    advice = {"kelengkapan-label": "Cantumkan nomor P-IRT.", "overall": "Ikuti pelatihan kemasan."}
    score(programme, application, curators[0], base, advice=advice)
    score(programme, application, curators[1], {**base, "rasa": 3})
    decide(actor=admin_user, programme=programme, application_ids=[application.pk])
    issue_letters(actor=admin_user, programme=programme)
    return Decision.objects.select_related("band").get(application=application)


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_issuing_letters_emails_the_producer(
    programme, product_groups, bands, curators, admin_user, django_capture_on_commit_callbacks
):
    application = make_application(programme, product_groups, "Kue Lapis")
    application.product.business.email = "usaha@contoh.test"
    application.product.business.save()
    score(programme, application, curators[0], 4)
    decide(actor=admin_user, programme=programme, application_ids=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_letters(actor=admin_user, programme=programme) == 1
    assert [m.to for m in mail.outbox] == [["usaha@contoh.test"]]
    assert MY_RESULTS in mail.outbox[0].body
    decision = Decision.objects.get()
    assert decision.letter_number.startswith("001/KURASI/")
    assert AuditEvent.objects.filter(action="decision.letter_issued").count() == 1
    assert issue_letters(actor=admin_user, programme=programme) == 0  # issued once


def test_producer_downloads_a_letter_with_product_outcome_and_code(
    client_for, producer, letter, curators
):
    page = client_for(producer).get(MY_RESULTS)
    assert page.status_code == 200
    assert letter.band.label in page.content.decode()
    response = client_for(producer).get(
        reverse("curation:my_letter", args=[letter.verification_code])
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response)
    assert "Dodol Betawi" in text
    assert letter.band.label in text
    assert letter.verification_code in text
    assert letter.letter_number in text
    assert "Baik: enak dan khas" in text  # the anchor of the level nearest the curators' mean
    assert "Cantumkan nomor P-IRT." in text
    assert "Ikuti pelatihan kemasan." in text
    for curator in curators:  # never a curator's name against scores
        assert curator.full_name not in text
    assert "3674015508950001" not in text


def test_another_producer_cannot_download_the_letter(client_for, other_producer, letter):
    url = reverse("curation:my_letter", args=[letter.verification_code])
    assert client_for(other_producer).get(url).status_code == 404
    assert "Dodol" not in client_for(other_producer).get(MY_RESULTS).content.decode()


def test_staff_letter_for_office_staff_only(client_for, request, programme, letter):
    url = reverse(
        "curation:staff_letter",
        args=[programme.organisation.slug, programme.slug, letter.application_id],
    )
    assert client_for(request.getfixturevalue("field_officer")).get(url).status_code == 200
    assert client_for(request.getfixturevalue("curator")).get(url).status_code == 403
    assert client_for(request.getfixturevalue("outsider")).get(url).status_code == 404


def test_unpublished_decision_stays_hidden_from_the_producer(
    client_for, producer, programme, product_groups, bands, curators, admin_user
):
    application = make_application(programme, product_groups, "Rengginang", owner=producer)
    score(programme, application, curators[0], 4)
    decide(actor=admin_user, programme=programme, application_ids=[application.pk])
    decision = Decision.objects.get()
    page = client_for(producer).get(MY_RESULTS).content.decode()
    assert decision.band.label not in page
    url = reverse("curation:my_letter", args=[decision.verification_code])
    assert client_for(producer).get(url).status_code == 404


def test_verification_page_confirms_the_letter_without_personal_data(client, letter):
    response = client.get(reverse("curation:verify_code", args=[letter.verification_code]))
    assert response.status_code == 200
    content = response.content.decode()
    business = letter.application.product.business
    assert "Dodol Betawi" in content
    assert business.name in content
    assert letter.band.label in content
    assert letter.application.programme.organisation.name in content
    for private in (business.nik, business.phone, business.address, business.owner_name):
        assert private not in content


def test_verification_form_accepts_a_code_typed_loosely(client, letter):
    typed = letter.verification_code.replace("-", " ").lower().replace("0", "o")
    response = client.get(reverse("curation:verify"), {"code": typed})
    assert response.status_code == 302
    assert response.url == reverse("curation:verify_code", args=[letter.verification_code])


def test_unknown_code_says_so_with_404(client, db):
    response = client.get(reverse("curation:verify_code", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert response.status_code == 404
    assert b"verify-unknown" in response.content
    assert client.get(reverse("curation:verify"), {"code": "123"}).status_code == 200


def test_appeal_within_the_window_and_answered_with_a_change(
    client_for, producer, admin_user, programme, bands, letter
):
    plan = programme.curation_plan
    plan.appeal_days = 14
    plan.save()
    client = client_for(producer)
    url = reverse("curation:file_appeal", args=[letter.verification_code])
    assert url in client.get(MY_RESULTS).content.decode()  # the window is open: the form shows
    client.post(url, {"text": "Rasa kami sudah diperbaiki sebelum hari kurasi."})
    appeal = Appeal.objects.get()
    assert appeal.filed_by == producer
    assert AuditEvent.objects.filter(action="appeal.filed").exists()
    client.post(url, {"text": "Sanggahan kedua."})
    assert Appeal.objects.count() == 1  # one waiting appeal at a time
    staff = client_for(admin_user)
    assert staff.get(detail_url(programme, letter.application)).status_code == 200
    answer = reverse(
        "curation:answer_appeal", args=[programme.organisation.slug, programme.slug, appeal.pk]
    )
    staff.post(
        answer,
        {
            f"appeal{appeal.pk}-response": "Diterima setelah uji rasa ulang.",
            f"appeal{appeal.pk}-band": bands["Lolos — siap pameran nasional"].pk,
        },
    )
    appeal.refresh_from_db()
    letter_before = letter.verification_code
    letter.refresh_from_db()
    assert appeal.status == "changed"
    assert letter.band == bands["Lolos — siap pameran nasional"]
    assert letter.verification_code != letter_before
    assert AuditEvent.objects.filter(action="decision.changed").exists()


def test_appeal_refused_when_the_window_closed_or_absent(client_for, producer, programme, letter):
    url = reverse("curation:file_appeal", args=[letter.verification_code])
    assert url not in client_for(producer).get(MY_RESULTS).content.decode()  # no window: no form
    client_for(producer).post(url, {"text": "Tidak setuju."})
    assert not Appeal.objects.exists()
    with pytest.raises(ValidationError):
        file_appeal(actor=producer, decision=letter, text="Tidak setuju.")  # appeal_days = 0
    plan = programme.curation_plan
    plan.appeal_days = 7
    plan.save()
    later = letter.letter_issued_at + dt.timedelta(days=8)
    with pytest.raises(ValidationError):
        file_appeal(actor=producer, decision=letter, text="Tidak setuju.", now=later)
    assert not Appeal.objects.exists()
    assert file_appeal(actor=producer, decision=letter, text="Tidak setuju.", now=timezone.now())


def test_staff_get_a_whatsapp_link_with_the_verification_address(
    client_for, admin_user, programme, letter
):
    business = letter.application.product.business
    business.phone = "+6281298765001"
    business.save()
    response = client_for(admin_user).get(detail_url(programme, letter.application))
    assert response.context["whatsapp"].startswith("https://wa.me/6281298765001?text=")
    assert letter.verification_code in response.context["whatsapp"]
