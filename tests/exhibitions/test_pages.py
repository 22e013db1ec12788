import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.invitations import expire_due
from kurasi.exhibitions.models import Allocation, Exhibition
from kurasi.exhibitions.services import run_allocation

pytestmark = pytest.mark.django_db


def detail_url(e):
    return reverse("exhibitions:detail", args=[e.organisation.slug, e.pk])


def test_exhibition_pages_allowed_for_admin_and_field_officer(
    client_for, admin_user, field_officer, exhibition
):
    slug = exhibition.organisation.slug
    for user in (admin_user, field_officer):
        client = client_for(user)
        assert client.get(reverse("exhibitions:list", args=[slug])).status_code == 200
        assert client.get(detail_url(exhibition)).status_code == 200
    assert client_for(admin_user).get(reverse("exhibitions:create", args=[slug])).status_code == 200


def test_exhibition_pages_refused_for_curator_outsider_and_field_officer_writes(
    client_for, curator, outsider, field_officer, exhibition
):
    slug = exhibition.organisation.slug
    assert client_for(curator).get(detail_url(exhibition)).status_code == 403
    assert client_for(outsider).get(detail_url(exhibition)).status_code == 404
    allocate = reverse("exhibitions:allocate", args=[slug, exhibition.pk])
    assert client_for(field_officer).post(allocate).status_code == 403
    assert client_for(curator).post(allocate).status_code == 403


def test_allocate_places_best_and_waitlists_next(client_for, admin_user, exhibition):
    url = reverse("exhibitions:allocate", args=[exhibition.organisation.slug, exhibition.pk])
    assert client_for(admin_user).post(url).status_code == 302
    statuses = dict(Allocation.objects.values_list("application__product__name", "status"))
    assert statuses == {"Tas Siti": "proposed", "Tas Budi": "waitlisted"}
    exhibition.refresh_from_db()
    assert exhibition.last_objective == 92


def test_decline_invites_next_on_waiting_list(
    client_for, admin_user, producer, other_producer, exhibition
):
    slug = exhibition.organisation.slug
    client = client_for(admin_user)
    client.post(reverse("exhibitions:allocate", args=[slug, exhibition.pk]))
    client.post(reverse("exhibitions:invite", args=[slug, exhibition.pk]))
    mine = Allocation.objects.get(business__owner=producer)
    assert mine.status == "invited"
    # Another producer cannot answer it.
    answer = reverse("exhibitions:my_respond", args=[mine.pk])
    assert client_for(other_producer).post(answer, {"answer": "decline"}).status_code == 404
    assert client_for(producer).get(reverse("exhibitions:my_exhibitions")).status_code == 200
    decline = reverse("exhibitions:my_decline", args=[mine.pk])
    client_for(producer).post(decline, {"confirm_decline": "on"})
    assert Allocation.objects.get(pk=mine.pk).status == "declined"
    assert Allocation.objects.get(business__owner=other_producer).status == "invited"


def test_answer_without_a_choice_keeps_the_invitation_and_says_why(
    client_for, admin_user, producer, exhibition
):
    slug = exhibition.organisation.slug
    client = client_for(admin_user)
    client.post(reverse("exhibitions:allocate", args=[slug, exhibition.pk]))
    client.post(reverse("exhibitions:invite", args=[slug, exhibition.pk]))
    mine = Allocation.objects.get(business__owner=producer)
    response = client_for(producer).post(
        reverse("exhibitions:my_respond", args=[mine.pk]), {"answer": ""}, follow=True
    )
    assert response.status_code == 200
    assert "Pilih apakah Anda menerima atau menolak" in response.content.decode()
    assert Allocation.objects.get(pk=mine.pk).status == "invited"


def test_confirm_after_deadline_is_refused_and_expiry_refills(
    client_for, admin_user, producer, other_producer, exhibition
):
    run_allocation(actor=admin_user, exhibition=exhibition)
    from kurasi.exhibitions.invitations import send_invitations

    send_invitations(actor=admin_user, exhibition=exhibition)
    mine = Allocation.objects.get(business__owner=producer)
    page = client_for(producer).get(reverse("exhibitions:my_exhibitions")).content.decode()
    assert f'id="confirm-{mine.pk}"' in page
    Allocation.objects.filter(pk=mine.pk).update(deadline=mine.deadline - dt.timedelta(days=30))
    page = client_for(producer).get(reverse("exhibitions:my_exhibitions")).content.decode()
    assert f'id="confirm-{mine.pk}"' not in page  # no button that would only be refused
    client_for(producer).post(
        reverse("exhibitions:my_respond", args=[mine.pk]), {"answer": "confirm"}
    )
    assert Allocation.objects.get(pk=mine.pk).status == "invited"
    call_command("expire_invitations")
    assert Allocation.objects.get(pk=mine.pk).status == "expired"
    assert Allocation.objects.get(business__owner=other_producer).status == "invited"
    assert expire_due() == (0, 0)


def test_override_needs_reason_and_is_audited(client_for, admin_user, other_producer, exhibition):
    run_allocation(actor=admin_user, exhibition=exhibition)
    budi = Allocation.objects.get(business__owner=other_producer)
    url = reverse(
        "exhibitions:override", args=[exhibition.organisation.slug, exhibition.pk, budi.pk]
    )
    client = client_for(admin_user)
    client.post(url, {"include": "1", "reason": ""})
    assert Allocation.objects.get(pk=budi.pk).status == "waitlisted"
    client.post(url, {"include": "1", "reason": "Produk unggulan daerah"})
    assert Allocation.objects.get(pk=budi.pk).status == "proposed"
    assert AuditEvent.objects.filter(action="exhibition.override", reason__contains="unggulan")


def test_infeasible_settings_are_explained_not_raised(
    client_for, admin_user, exhibition, product_groups
):
    exhibition.group_quotas.create(group=product_groups["makanan"], minimum=3)
    client = client_for(admin_user)
    client.post(reverse("exhibitions:allocate", args=[exhibition.organisation.slug, exhibition.pk]))
    page = client.get(detail_url(exhibition))
    assert b'id="allocation-problems"' in page.content
    # Named, not numbered: "<exhibition>: at least 3 places for Makanan …"
    assert f"{exhibition.name}: paling sedikit 3 tempat untuk Makanan" in page.content.decode()
    assert not Allocation.objects.exists()


def test_exhibitor_exports_read_back_without_nik(client_for, admin_user, producer, exhibition):
    run_allocation(actor=admin_user, exhibition=exhibition)
    from kurasi.exhibitions.invitations import send_invitations

    send_invitations(actor=admin_user, exhibition=exhibition)
    slug = exhibition.organisation.slug
    client = client_for(admin_user)
    xlsx = client.get(reverse("exhibitions:exhibitors_xlsx", args=[slug, exhibition.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Usaha Tas Siti" in values
    assert producer.phone not in " ".join(str(v) for v in values)  # no consent recorded
    pdf = client.get(reverse("exhibitions:exhibitors_pdf", args=[slug, exhibition.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Usaha Tas Siti" in text
    taken = AuditEvent.objects.filter(action="exhibition.exhibitors_exported", actor=admin_user)
    assert sorted(e.changes["format"][1] for e in taken) == ["pdf", "xlsx"]
    mine = Allocation.objects.get(business__owner=producer)
    letter = client_for(producer).get(reverse("exhibitions:my_letter", args=[mine.pk]))
    assert "Trade Expo" in PdfReader(io.BytesIO(letter.content)).pages[0].extract_text()


def test_exhibition_list_query_count_constant(client_for, admin_user, exhibition):
    url = reverse("exhibitions:list", args=[exhibition.organisation.slug])
    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(3):
        Exhibition.objects.create(
            organisation=exhibition.organisation,
            programme=exhibition.programme,
            name=f"Pameran {i}",
            level="regional",
            starts_on=dt.date(2017, 11, 1),
            ends_on=dt.date(2017, 11, 2),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(one) == len(many)
