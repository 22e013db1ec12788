import io

import pytest
from django.urls import reverse
from pypdf import PdfReader


def report_url(programme):
    return reverse("insights:programme_report", args=[programme.organisation.slug, programme.slug])


def pdf_text(response):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_programme_report_pdf_holds_figures_passed_producers_and_no_personal_data(
    client_for, admin_user, entries, open_programme
):
    response = client_for(admin_user).get(report_url(open_programme))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "PEMERINTAH KOTA TANGERANG SELATAN" in text
    assert "Usaha Makanan 0" in text
    assert "Produk Makanan 5" in text
    assert "Usaha Tas 3" not in text  # did not pass
    assert "75% (6/8)" in text
    assert "3674015508950001" not in text
    assert "Rahasia" not in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_programme_report_refused(client_for, request, open_programme, persona, status):
    response = client_for(request.getfixturevalue(persona)).get(report_url(open_programme))
    assert response.status_code == status
