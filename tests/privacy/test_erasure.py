import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.privacy.models import PrivacyRequest
from kurasi.privacy.services import request_erasure

from ..curation_results.conftest import results_url
from .conftest import ADDRESS, EMAIL, NIK, PHONE

PERSONAL = ["Siti Rahmawati", NIK, PHONE, "0812-9876-5001", EMAIL, ADDRESS, "siti.rahma.dodol"]


def queue_url(organisation):
    return reverse("privacy:request_queue", args=[organisation.slug])


def answer_url(organisation, privacy_request, action):
    return reverse("privacy:request_answer", args=[organisation.slug, privacy_request.pk, action])


def every_text_value():
    """Every text cell of every table, read with plain SQL (not through our models)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            description = connection.introspection.get_table_description(cursor, table)
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (names from introspection)
            for row in cursor.fetchall():
                for column, value in zip(description, row, strict=True):
                    if isinstance(value, str):
                        yield table, column.name, value


def numbers(html):
    """The figures on a page (counts, scores), in order."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.findall(r">\s*([\d.,]+)\s*<", html)


BULAN = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
BULAN = BULAN.split()


def test_producer_asks_for_erasure_and_sees_the_deadline(client_for, producer, siti, organisation):
    response = client_for(producer).post(
        reverse("privacy:request_erasure"),
        {"erasure-organisation": organisation.slug, "erasure-reason": "Tutup usaha"},
        follow=True,
    )
    page = response.content.decode()
    request = PrivacyRequest.objects.get()
    # The date and time as Indonesian writes them: 9 Desember 2026, 19.54.
    local = timezone.localtime(request.deadline)
    month = BULAN[local.month - 1]
    deadline = f"{local.day} {month} {local.year}, {local:%H.%M}"
    assert f"Dinas menjawab paling lambat {deadline}." in page
    assert (request.kind, request.status, request.reason) == ("erasure", "open", "Tutup usaha")
    assert (request.deadline - request.received_at).total_seconds() == 72 * 3600
    assert AuditEvent.objects.filter(action="privacy.erasure_requested").count() == 1


def test_erasure_request_refused_for_an_office_without_the_producers_data(
    client_for, producer, siti, other_organisation
):
    client_for(producer).post(
        reverse("privacy:request_erasure"), {"erasure-organisation": other_organisation.slug}
    )
    assert PrivacyRequest.objects.count() == 0


def test_queue_sorted_by_deadline_with_overdue_highlighted(
    client_for, admin_user, organisation, producer, siti
):
    late = request_erasure(actor=producer, organisation=organisation, reason="")
    PrivacyRequest.objects.filter(pk=late.pk).update(
        deadline=late.deadline.replace(year=2020), received_at=late.received_at.replace(year=2020)
    )
    page = client_for(admin_user).get(queue_url(organisation)).content.decode()
    assert f'class="request-row overdue" data-request="{late.pk}"' in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_queue_refused_to_others(client_for, request, organisation, persona, status):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(queue_url(organisation)).status_code == status


def test_review_says_what_is_kept_and_warns_of_a_running_programme(
    client_for, admin_user, organisation, producer, siti
):
    privacy_request = request_erasure(actor=producer, organisation=organisation, reason="")
    url = reverse("privacy:request_review", args=[organisation.slug, privacy_request.pk])
    page = client_for(admin_user).get(url).content.decode()
    assert 'id="running-warning"' in page
    assert "Kurasi Produk IKM 2026" in page


def test_admin_refuses_with_a_reason(client_for, admin_user, organisation, producer, siti):
    privacy_request = request_erasure(actor=producer, organisation=organisation, reason="")
    client = client_for(admin_user)
    client.post(answer_url(organisation, privacy_request, "refuse"), {"answer": ""})
    privacy_request.refresh_from_db()
    assert privacy_request.status == "open"  # a refusal needs its reason
    client.post(
        answer_url(organisation, privacy_request, "refuse"),
        {"answer": "Program 2026 masih berjalan."},
    )
    privacy_request.refresh_from_db()
    assert (privacy_request.status, privacy_request.answer) == (
        "refused",
        "Program 2026 masih berjalan.",
    )
    event = AuditEvent.objects.get(action="privacy.erasure_refused")
    assert event.reason == "Program 2026 masih berjalan."
    my_page = client_for(producer).get(reverse("privacy:my_data")).content.decode()
    assert "Program 2026 masih berjalan." in my_page


def test_another_office_cannot_answer(client_for, outsider, organisation, producer, siti):
    privacy_request = request_erasure(actor=producer, organisation=organisation, reason="")
    response = client_for(outsider).post(
        answer_url(organisation, privacy_request, "carry-out"), {"answer": ""}
    )
    assert response.status_code == 404
    privacy_request.refresh_from_db()
    assert privacy_request.status == "open"


def test_erasure_keeps_totals_and_leaves_no_personal_value_anywhere(
    client_for,
    admin_user,
    organisation,
    producer,
    siti,
    programme,
    media_root,
    django_capture_on_commit_callbacks,
):
    business, application = siti
    admin = client_for(admin_user)
    dashboard_url = reverse("insights:organisation_dashboard", args=[organisation.slug])
    before = (
        numbers(admin.get(dashboard_url).content.decode()),
        numbers(admin.get(results_url(programme)).content.decode()),
    )
    assert before[0]
    assert before[1]
    files = [path for path in media_root.rglob("*") if path.is_file()]
    assert len(files) == 2
    privacy_request = request_erasure(actor=producer, organisation=organisation, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(answer_url(organisation, privacy_request, "carry-out"), {"answer": "Selesai."})
    privacy_request.refresh_from_db()
    assert privacy_request.status == "done"
    after = (
        numbers(admin.get(dashboard_url).content.decode()),
        numbers(admin.get(results_url(programme)).content.decode()),
    )
    assert after == before
    assert [path for path in media_root.rglob("*") if path.is_file()] == []
    leftovers = [
        (table, column, value)
        for table, column, value in every_text_value()
        if any(personal.lower() in value.lower() for personal in PERSONAL)
    ]
    assert leftovers == []
    producer.refresh_from_db()
    assert not producer.is_active
    assert not producer.has_usable_password()
    business.refresh_from_db()
    assert (business.district_code, business.owner_gender) == ("36.74.01", "F")
    application.refresh_from_db()
    assert application.decision.band_id is not None
    assert AuditEvent.objects.filter(action="privacy.erasure_done").count() == 1
    assert AuditEvent.objects.filter(action="privacy.erasure_requested").count() == 1
