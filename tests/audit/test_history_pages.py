"""Changes people make through the pages are recorded with their values before and after, and
office admins (only they) read them per record and in the office's audit log."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kurasi.audit.models import AuditEvent
from kurasi.audit.services import record_event
from tests.factories import (
    BusinessFactory,
    CertificateFactory,
    ProductFactory,
    ProgrammeFactory,
    UserFactory,
)

ORG = "disperindag-tangsel"
LOG = reverse("audit:log", args=[ORG])


@pytest.fixture
def business(organisation, product_groups):
    business = BusinessFactory(
        organisation=organisation,
        name="Keripik Bu Ani",
        owner_name="Ani Suryani",
        nik="3674015508950001",
        phone="+6281234567890",
        nib="9120001234567",
        district_code="36.74.04",
        village_code="36.74.04.1003",
    )
    ProductFactory(business=business, group=product_groups["makanan"], name="Keripik Singkong")
    return business


def _business_form(business, **overrides):
    data = {
        "name": business.name,
        "owner_name": business.owner_name,
        "owner_gender": "F",
        "nik": business.nik,
        "phone": "0812-3456-7890",
        "phone_is_whatsapp": "on",
        "address": "",
        "village_code": business.village_code,
        "nib": business.nib,
        "kbli_codes": "",
    }
    return data | overrides


def test_business_edit_records_before_and_after_with_nik_and_phone_masked(
    client_for, admin_user, business
):
    url = reverse("registry:business_edit", args=[ORG, business.pk])
    response = client_for(admin_user).post(
        url,
        _business_form(
            business, owner_name="Ani Suryani Putri", phone="0813-1111-2222", nik="3674015508950002"
        ),
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="business.changed")
    assert event.actor == admin_user
    assert (event.object_type, event.object_id) == ("registry.business", str(business.pk))
    assert event.organisation == business.organisation
    assert event.changes["owner_name"] == ["Ani Suryani", "Ani Suryani Putri"]
    assert event.changes["phone"] == ["•••7890", "•••2222"]
    assert event.changes["nik"] == ["3674********0001", "3674********0002"]


def test_certificate_edit_records_the_number_before_and_after(client_for, admin_user, business):
    certificate = CertificateFactory(business=business, number="9120001234567")
    url = reverse("registry:certificate_edit", args=[ORG, certificate.pk])
    response = client_for(admin_user).post(
        url, {"type": certificate.type.pk, "number": "9120001234568", "issuer": "OSS"}
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="certificate.changed")
    assert event.changes["number"] == ["9120001234567", "9120001234568"]
    assert event.changes["issuer"] == ["", "OSS"]


def test_business_page_history_shows_labels_and_changes_to_admins(client_for, admin_user, business):
    client = client_for(admin_user)
    client.post(
        reverse("registry:business_edit", args=[ORG, business.pk]),
        _business_form(business, owner_name="Ani Suryani Putri"),
    )

    content = client.get(business.get_absolute_url()).content.decode()

    assert "Data usaha diubah" in content
    assert "Ani Suryani Putri" in content
    assert "business.changed" not in content


def test_business_page_history_hidden_from_field_officers(client_for, field_officer, business):
    response = client_for(field_officer).get(business.get_absolute_url())

    assert response.status_code == 200
    assert response.context["history"] is None


def test_staff_account_change_in_django_admin_is_recorded_and_shown(client_for, curator):
    client = client_for(UserFactory(full_name="Operator Platform", is_superuser=True))
    response = client.post(
        reverse("admin:accounts_user_change", args=[curator.pk]),
        {
            "email": curator.email,
            "full_name": "Bambang H.",
            "phone": "0812-5555-6666",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.changed")
    assert event.changes["full_name"] == ["Bambang Hermawan", "Bambang H."]
    assert event.changes["phone"][1] == "•••6666"
    assert event.organisation == curator.memberships.get().organisation
    history = client.get(reverse("admin:accounts_user_history", args=[curator.pk]))
    assert "Akun diubah" in history.content.decode()
    assert "Bambang H." in history.content.decode()


def test_audit_log_allowed_to_office_admin(client_for, admin_user):
    assert client_for(admin_user).get(LOG).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_audit_log_and_export_refused(client_for, request, persona, status):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(LOG).status_code == status
    assert client.get(reverse("audit:export", args=[ORG, "csv"])).status_code == status


def _events(organisation, actor, count, action="business.changed"):
    for number in range(count):
        record_event(
            actor=actor,
            action=action,
            obj=organisation,
            organisation=organisation,
            changes={"name": [f"Lama {number}", f"Baru {number}"]},
        )


def test_audit_log_filters_by_action_and_object(client_for, admin_user, organisation, business):
    _events(organisation, admin_user, 2)
    _events(organisation, admin_user, 1, action="product.changed")
    client = client_for(admin_user)

    by_action = client.get(LOG, {"action": "product.changed"}).context["page"]
    by_object = client.get(
        LOG, {"object_type": "accounts.organisation", "object_id": str(organisation.pk)}
    ).context["page"]

    assert [e.action for e in by_action.object_list] == ["product.changed"]
    assert by_object.paginator.count == 3


def test_audit_log_shows_only_its_own_office(client_for, admin_user, outsider, other_organisation):
    _events(other_organisation, outsider, 2)

    assert client_for(admin_user).get(LOG).context["page"].paginator.count == 0


def test_audit_log_query_count_does_not_grow(client_for, admin_user, organisation):
    client = client_for(admin_user)
    _events(organisation, admin_user, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(LOG)
    _events(organisation, admin_user, 40)
    with CaptureQueriesContext(connection) as many:
        client.get(LOG)

    assert len(many) == len(few)


def test_audit_export_csv_neutralises_formulas_and_is_audited(client_for, admin_user, organisation):
    record_event(
        actor=admin_user,
        action="business.changed",
        obj=organisation,
        organisation=organisation,
        changes={"name": ['=HYPERLINK("x")', "Toko Baru"]},
    )

    response = client_for(admin_user).get(reverse("audit:export", args=[ORG, "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    changed = [row for row in rows if row[3] == "business.changed"]
    assert changed[0][8:10] == ['\'=HYPERLINK("x")', "Toko Baru"]
    assert AuditEvent.objects.filter(action="audit.exported", actor=admin_user).count() == 1


def test_audit_export_xlsx_has_a_row_per_change(client_for, admin_user, organisation):
    _events(organisation, admin_user, 3)

    response = client_for(admin_user).get(
        reverse("audit:export", args=[ORG, "xlsx"]), {"action": "business.changed"}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))

    assert len(values) == 4  # header + 3 events
    assert sorted(row[9] for row in values[1:]) == ["Baru 0", "Baru 1", "Baru 2"]


def test_audit_log_names_related_records_and_shows_local_times(
    client_for, admin_user, organisation, business, product_groups
):
    """A changed product group reads as the groups' names, not their ids; a changed closing time
    reads in the office's zone (Asia/Jakarta), not as a stored UTC string."""
    product = business.products.get()
    record_event(
        actor=admin_user,
        action="product.changed",
        obj=product,
        organisation=organisation,
        changes={"group": [product_groups["makanan"].pk, product_groups["minuman-ringan"].pk]},
    )
    record_event(
        actor=admin_user,
        action="programme.changed",
        obj=ProgrammeFactory(organisation=organisation),
        organisation=organisation,
        changes={"registration_closes_at": ["2026-09-19 03:00:00+00:00", None]},
    )
    record_event(
        actor=admin_user,
        action="product.changed",
        obj=product,
        organisation=organisation,
        changes={"group": [999999, product_groups["makanan"].pk]},
    )
    content = client_for(admin_user).get(LOG).content.decode()

    assert "<dt>kelompok produk</dt>" in content
    assert str(product_groups["makanan"]) in content
    assert str(product_groups["minuman-ringan"]) in content
    assert "#999999" in content  # a record since deleted keeps its number
    # 03:00 UTC is 10.00 in Jakarta (Indonesian writes the time with a dot).
    assert "10.00" in content
    assert "2026-09-19T03:00" not in content


def test_audit_log_query_count_with_related_records_does_not_grow(
    client_for, admin_user, organisation, business, product_groups
):
    product = business.products.get()

    def changed_groups(count):
        for _ in range(count):
            record_event(
                actor=admin_user,
                action="product.changed",
                obj=product,
                organisation=organisation,
                changes={"group": [product_groups["makanan"].pk, product_groups["tas"].pk]},
            )

    client = client_for(admin_user)
    changed_groups(1)
    with CaptureQueriesContext(connection) as few:
        client.get(LOG)
    changed_groups(30)
    with CaptureQueriesContext(connection) as many:
        client.get(LOG)

    assert len(many) == len(few)


def test_audit_log_reads_keys_regions_lists_and_numbers_as_people_do(
    client_for, admin_user, organisation, business
):
    """A key no model field carries reads in Indonesian, a village as its name, a queryset an
    older version stored as its repr as the names inside, a price with thousands dots."""
    product = business.products.get()
    record_event(
        actor=admin_user,
        action="business.consent_recorded",
        obj=business,
        organisation=organisation,
        changes={
            "privacy_notice_version": [None, "2025-01"],
            "village_code": ["36.74.04.1003", None],
            "eligible_bands": [None, "<QuerySet [<OutcomeBand: Lolos>, <OutcomeBand: Dibina>]>"],
        },
    )
    record_event(
        actor=admin_user,
        action="product.changed",
        obj=product,
        organisation=organisation,
        changes={"price": [None, 75000000]},
    )
    content = client_for(admin_user).get(LOG).content.decode()

    assert "<dt>versi pemberitahuan privasi</dt>" in content
    assert "privacy notice version" not in content
    assert "36.74.04.1003" not in content
    assert business.village_name in content
    assert "QuerySet" not in content
    assert "Lolos, Dibina" in content
    assert "75.000.000" in content
    # The date range's end is "until" here, not the letters' salutation.
    assert "Sampai tanggal" in content
    assert "Kepada Yth." not in content


def test_a_long_record_history_folds_all_but_the_latest_five_changes(
    client_for, admin_user, business
):
    client = client_for(admin_user)
    url = reverse("registry:business_edit", args=[ORG, business.pk])
    for number in range(1, 10):
        client.post(url, _business_form(business, owner_name=f"Ani Suryani {number}"))

    content = client.get(business.get_absolute_url()).content.decode()

    shown, older = content.split('<details class="history-older">')
    older = older[: older.index("</details>")]
    assert "4 perubahan sebelumnya" in older
    assert older.count("<li>") == 4
    assert shown.count('<li><p class="history-head">') == 5
    assert "Ani Suryani 9" in shown  # the latest change stays in view
    assert '→ <span class="history-after">Ani Suryani 1</span>' in older


def test_the_audit_log_pages_rather_than_folds(client_for, admin_user, business):
    client = client_for(admin_user)
    url = reverse("registry:business_edit", args=[ORG, business.pk])
    for number in range(1, 10):
        client.post(url, _business_form(business, owner_name=f"Ani Suryani {number}"))

    assert "history-older" not in client.get(LOG).content.decode()
