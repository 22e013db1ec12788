"""Exports of the programme list and of a programme's applications."""

import pytest
from django.urls import reverse

from kurasi.programmes.models import ApplicationStatus

from ..factories import ApplicationFactory, ProgrammeFactory
from .helpers import export_queries, info_lines, last_export, read_csv, read_xlsx


def applications_url(programme, fmt, query=""):
    url = reverse(
        "programmes:application_export", args=[programme.organisation.slug, programme.slug, fmt]
    )
    return f"{url}?{query}" if query else url


@pytest.fixture
def entries(open_programme, product_groups):
    def entry(name, group, status):
        return ApplicationFactory(
            programme=open_programme,
            product__name=name,
            product__group=product_groups[group],
            status=status,
        )

    return [
        entry("=SUM(A1)", "makanan", ApplicationStatus.SUBMITTED),
        entry("Tas Anyaman", "tas", ApplicationStatus.VERIFIED),
        entry("Draft", "tas", ApplicationStatus.DRAFT),
    ]


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_application_export_csv_follows_the_filters(client_for, request, persona, entries):
    programme = entries[0].programme
    client = client_for(request.getfixturevalue(persona))
    rows = read_csv(client.get(applications_url(programme, "csv", "status=verified")))
    assert [row["Produk"] for row in rows] == ["Tas Anyaman"]
    event = last_export()
    assert event.changes["list"] == [None, f"applications-{programme.slug}"]
    assert event.changes["rows"] == [None, 1]
    assert event.changes["filters"] == [None, {"status": "verified"}]


def test_application_export_xlsx_neutralises_and_hides_search(client_for, admin_user, entries):
    programme = entries[0].programme
    response = client_for(admin_user).get(applications_url(programme, "xlsx", "q=SUM"))
    rows = read_xlsx(response)
    assert [row["Produk"] for row in rows] == ["'=SUM(A1)"]
    info = info_lines(response)
    assert info["Cari"] == "diterapkan (tidak ditampilkan)"
    assert info["Diekspor oleh"] == "Rina Kartika"
    assert "SUM" not in str(last_export().changes)


def test_application_export_without_filters_skips_drafts(client_for, admin_user, entries):
    rows = read_xlsx(client_for(admin_user).get(applications_url(entries[0].programme, "xlsx")))
    assert sorted(row["Produk"] for row in rows) == ["'=SUM(A1)", "Tas Anyaman"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("curator", 403), ("outsider", 404), ("producer", 404), ("other_producer", 404)],
)
def test_application_export_refused(client_for, request, persona, status, entries):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(applications_url(entries[0].programme, "csv")).status_code == status
    assert not last_export_exists()


def last_export_exists():
    from kurasi.audit.models import AuditEvent

    return AuditEvent.objects.filter(action="list.exported").exists()


def test_application_export_unknown_format_404(client_for, admin_user, entries):
    response = client_for(admin_user).get(applications_url(entries[0].programme, "pdf"))
    assert response.status_code == 404


def test_application_export_queries_do_not_grow(client_for, admin_user, open_programme):
    client = client_for(admin_user)
    ApplicationFactory(programme=open_programme, status=ApplicationStatus.SUBMITTED)
    url = applications_url(open_programme, "xlsx")
    one = export_queries(client, url)
    ApplicationFactory.create_batch(5, programme=open_programme, status=ApplicationStatus.SUBMITTED)
    assert export_queries(client, url) == one


def test_programme_list_export(client_for, field_officer, organisation, open_programme):
    ProgrammeFactory(organisation=organisation, title="+Kurasi Lama", year=2017)
    url = reverse("programmes:programme_export", args=[organisation.slug, "csv"])
    rows = read_csv(client_for(field_officer).get(url))
    assert sorted(row["Program"] for row in rows) == ["'+Kurasi Lama", "Kurasi Produk IKM 2026"]


@pytest.mark.parametrize(("persona", "status"), [("curator", 403), ("outsider", 404)])
def test_programme_list_export_refused(client_for, request, persona, status, organisation):
    url = reverse("programmes:programme_export", args=[organisation.slug, "xlsx"])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_programme_list_export_queries_do_not_grow(client_for, admin_user, organisation):
    client = client_for(admin_user)
    url = reverse("programmes:programme_export", args=[organisation.slug, "xlsx"])
    ProgrammeFactory(organisation=organisation)
    one = export_queries(client, url)
    ProgrammeFactory.create_batch(4, organisation=organisation)
    assert export_queries(client, url) == one


def test_programme_page_links_to_its_export(client_for, admin_user, entries):
    programme = entries[0].programme
    url = reverse("programmes:programme_detail", args=[programme.organisation.slug, programme.slug])
    page = client_for(admin_user).get(url + "?status=verified&page=1")
    assert applications_url(programme, "csv", "status=verified").encode() in page.content
