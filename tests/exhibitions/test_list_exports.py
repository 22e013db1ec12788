"""Exports of the exhibition list and of an exhibition's allocation."""

import pytest
from django.urls import reverse

from kurasi.exhibitions.services import run_allocation

from ..exports.helpers import export_queries, last_export, read_csv, read_xlsx


def list_url(organisation, fmt):
    return reverse("exhibitions:list_export", args=[organisation.slug, fmt])


def allocation_url(show, fmt):
    return reverse("exhibitions:allocation_export", args=[show.organisation.slug, show.pk, fmt])


def test_exhibition_list_export(client_for, field_officer, exhibition):
    rows = read_xlsx(client_for(field_officer).get(list_url(exhibition.organisation, "xlsx")))
    assert [(r["Pameran"], r["Stan"]) for r in rows] == [("Trade Expo Indonesia 2017", 1)]
    assert rows[0]["Hari pertama"].date().isoformat() == "2017-10-11"


def test_allocation_export_rows_and_audit(client_for, admin_user, exhibition):
    run_allocation(actor=admin_user, exhibition=exhibition)
    rows = read_csv(client_for(admin_user).get(allocation_url(exhibition, "csv")))
    assert [row["Produk"] for row in rows] == ["Tas Siti", "Tas Budi"]
    assert last_export().changes["list"] == [None, f"allocations-{exhibition.pk}"]
    assert last_export().object_id == str(exhibition.pk)


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_exhibition_exports_refused(client_for, request, persona, status, exhibition):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(list_url(exhibition.organisation, "csv")).status_code == status
    assert client.get(allocation_url(exhibition, "xlsx")).status_code == status


def test_allocation_export_queries_do_not_grow(client_for, admin_user, exhibition):
    client = client_for(admin_user)
    url = allocation_url(exhibition, "xlsx")
    none = export_queries(client, url)
    run_allocation(actor=admin_user, exhibition=exhibition)
    assert export_queries(client, url) == none
