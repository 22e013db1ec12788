import io
import json
import zipfile

import pytest
from django.urls import reverse

from kurasi.audit.models import AuditEvent

from .conftest import ADDRESS, NIK

MY_DATA = reverse("privacy:my_data")
DOWNLOAD = reverse("privacy:my_data_download")


def unzip(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_my_data_page_linked_from_the_producer_dashboard(client_for, producer, siti):
    page = client_for(producer).get(reverse("insights:dashboard")).content.decode()
    assert MY_DATA in page
    assert client_for(producer).get(MY_DATA).status_code == 200


def test_my_data_page_refused_to_staff_and_anonymous(client, client_for, admin_user):
    assert client_for(admin_user).get(MY_DATA).status_code == 403
    assert client.get(MY_DATA).status_code == 302


def test_download_holds_data_json_and_every_file(client_for, producer, siti):
    _business, application = siti
    response = client_for(producer).get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = unzip(response)
    data = json.loads(archive.read("data.json"))
    assert data["account"]["full_name"] == "Siti Rahmawati"
    [held] = data["businesses"]
    assert (held["nik"], held["address"]) == (NIK, ADDRESS)
    assert held["products"][0]["photos"] == ["files/business-1/product-1/photo-1.jpg"]
    assert held["certificates"][0]["document"] == "files/business-1/certificate-1.pdf"
    [entered] = data["applications_and_decisions"]
    assert entered["decision"]["verification_code"] == application.decision.verification_code
    assert [c["privacy_notice_version"] for c in data["consents"]] == ["2026-11"]
    names = set(archive.namelist())
    letter = f"letters/result-{application.decision.verification_code}.pdf"
    assert {
        "data.json",
        "files/business-1/product-1/photo-1.jpg",
        "files/business-1/certificate-1.pdf",
        letter,
    } <= names
    assert archive.read("files/business-1/certificate-1.pdf") == b"%PDF-1.4 nib document"
    assert archive.read(letter).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="privacy.data_downloaded").count() == 1


def test_download_holds_nothing_of_another_producer(client_for, other_producer, siti):
    archive = unzip(client_for(other_producer).get(DOWNLOAD))
    data = json.loads(archive.read("data.json"))
    assert data["businesses"] == []
    assert archive.namelist() == ["data.json"]
    assert NIK not in archive.read("data.json").decode()


def package_url(organisation, business):
    return reverse("privacy:producer_package", args=[organisation.slug, business.pk])


def test_admin_makes_the_package_for_a_producer_of_the_office(
    client_for, admin_user, organisation, siti
):
    business, _application = siti
    response = client_for(admin_user).get(package_url(organisation, business))
    assert response.status_code == 200
    data = json.loads(unzip(response).read("data.json"))
    assert data["businesses"][0]["nik"] == NIK
    event = AuditEvent.objects.get(action="privacy.data_package_made")
    assert (event.actor, event.object_id) == (admin_user, str(business.pk))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_package_refused_to_others(client_for, request, organisation, siti, persona, status):
    business, _application = siti
    user = request.getfixturevalue(persona)
    assert client_for(user).get(package_url(organisation, business)).status_code == status
