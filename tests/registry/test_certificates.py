import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.registry.models import Certificate

from ..factories import BusinessFactory, CertificateFactory, certificate_type
from .helpers import ORG, jpeg_upload, pdf_upload


@pytest.fixture
def business(organisation):
    return BusinessFactory(organisation=organisation, name="Roti Gambang Bu Siti")


def add_url(business):
    return reverse("registry:certificate_add", args=[ORG, business.pk])


def form_data(**overrides):
    data = {
        "type": certificate_type("spp-irt").pk,
        "product": "",
        "number": "P-IRT No. 2063674010123-22",
        "issuer": "DPMPTSP Kota Tangerang Selatan",
        "issued_on": "2024-01-15",
        "expires_on": "2029-01-15",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_certificate_add_with_pdf_document(client_for, request, persona, business):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(add_url(business)).status_code == 200
    response = client.post(add_url(business), form_data(document_file=pdf_upload()))
    assert response.status_code == 302
    certificate = Certificate.objects.get(business=business)
    assert certificate.number == "PIRTNO206367401012322"
    assert certificate.document.name.endswith(".pdf")
    assert certificate.token not in ("", None)
    assert AuditEvent.objects.for_object(certificate).filter(action="certificate.created").exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_certificate_add_refused(client_for, request, persona, status, business):
    response = client_for(request.getfixturevalue(persona)).post(add_url(business), form_data())
    assert response.status_code == status
    assert not Certificate.objects.exists()


def test_certificate_number_validated_by_type_keeps_typing(client_for, admin_user, business):
    response = client_for(admin_user).post(
        add_url(business), form_data(number="12-34", issuer="Dinas Kesehatan Tangsel")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "number" in form.errors
    assert "2063674010123-22" in form.errors["number"][0]  # the type's example is shown
    content = response.content.decode()
    assert 'value="12-34"' in content
    assert 'value="Dinas Kesehatan Tangsel"' in content
    assert not Certificate.objects.exists()


def test_certificate_document_checked_by_content(client_for, admin_user, business):
    fake = SimpleUploadedFile("izin.pdf", b"this is not a pdf at all", "application/pdf")
    response = client_for(admin_user).post(add_url(business), form_data(document_file=fake))
    assert response.status_code == 200
    assert "document_file" in response.context["form"].errors
    assert not Certificate.objects.exists()


def test_certificate_photo_document_is_reencoded(client_for, admin_user, business):
    response = client_for(admin_user).post(
        add_url(business), form_data(document_file=jpeg_upload(with_gps=True))
    )
    assert response.status_code == 302
    assert Certificate.objects.get().document.name.endswith(".jpg")


def test_certificate_edit_and_new_number_needs_verifying_again(client_for, admin_user, business):
    from django.utils import timezone

    certificate = CertificateFactory(business=business, verified_at=timezone.now())
    url = reverse("registry:certificate_edit", args=[ORG, certificate.pk])
    client = client_for(admin_user)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        form_data(type=certificate.type.pk, number="9120009999999", issued_on="", expires_on=""),
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.number == "9120009999999"
    assert certificate.verified_at is None


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_certificate_verify(client_for, request, persona, business):
    certificate = CertificateFactory(business=business)
    user = request.getfixturevalue(persona)
    url = reverse("registry:certificate_verify", args=[ORG, certificate.pk])
    assert client_for(user).get(url).status_code == 405
    assert client_for(user).post(url).status_code == 302
    certificate.refresh_from_db()
    assert certificate.verified_by == user
    assert AuditEvent.objects.for_object(certificate).filter(action="certificate.verified").exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_certificate_verify_refused(client_for, request, persona, status, business):
    certificate = CertificateFactory(business=business)
    url = reverse("registry:certificate_verify", args=[ORG, certificate.pk])
    assert client_for(request.getfixturevalue(persona)).post(url).status_code == status
    certificate.refresh_from_db()
    assert certificate.verified_at is None
