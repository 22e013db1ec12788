"""The breach register and the request log as .xlsx/.csv: read back, refused to others."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.privacy.models import DataBreach
from kurasi.privacy.services import request_erasure


def rows_of_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def breach(organisation, admin_user):
    return DataBreach.objects.create(
        organisation=organisation,
        discovered_at=timezone.now(),
        description='=HYPERLINK("http://x") laptop petugas hilang',
        categories=["identity", "contact"],
        people_affected=12,
        recorded_by=admin_user,
    )


def test_breach_register_exports_as_xlsx_with_formulas_neutralised(
    client_for, admin_user, organisation, breach
):
    url = reverse("privacy:breach_export", args=[organisation.slug, "xlsx"])
    response = client_for(admin_user).get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[3] == "Apa yang terjadi"
    assert row[3] == '\'=HYPERLINK("http://x") laptop petugas hilang'
    assert row[5] == 12
    assert AuditEvent.objects.filter(action="list.exported").count() == 1


def test_request_log_exports_as_csv_without_personal_numbers(
    client_for, admin_user, organisation, producer, producer_business
):
    request_erasure(actor=producer, organisation=organisation, reason="Berhenti usaha.")
    url = reverse("privacy:request_export", args=[organisation.slug, "csv"])
    rows = rows_of_csv(client_for(admin_user).get(url))
    assert len(rows) == 2
    assert rows[1][1] == producer.full_name
    assert producer.phone[3:] not in ",".join(rows[1])


@pytest.mark.parametrize("name", ["privacy:breach_export", "privacy:request_export"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_privacy_exports_refused_to_others(
    client_for, request, organisation, name, persona, status
):
    user = request.getfixturevalue(persona)
    url = reverse(name, args=[organisation.slug, "csv"])
    assert client_for(user).get(url).status_code == status
