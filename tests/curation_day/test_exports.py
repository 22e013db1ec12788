"""Export of a session's schedule with check-in and scoring state."""

import pytest
from django.urls import reverse

from kurasi.curation.services_day import check_in, schedule_automatically

from ..exports.helpers import export_queries, last_export, read_csv, read_xlsx
from .conftest import SLUG, verified


def export_url(session, fmt):
    return reverse("curation:schedule_export", args=[SLUG, session.programme_id, session.pk, fmt])


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_schedule_export_shows_check_in(client_for, request, persona, session, applications):
    user = request.getfixturevalue(persona)
    schedule_automatically(actor=user, session=session)
    check_in(actor=user, application=applications[2])
    rows = read_csv(client_for(user).get(export_url(session, "csv")))
    assert sorted(row["Produk"] for row in rows) == ["Kue Lapis", "Roti Gambang", "Tas Pandan"]
    arrived = [row for row in rows if row["Tiba pada"]]
    assert [row["Produk"] for row in arrived] == ["Tas Pandan"]
    assert "567001" not in str(rows)
    assert last_export().object_id == str(session.pk)


def test_schedule_export_xlsx_has_times(client_for, admin_user, session, applications):
    schedule_automatically(actor=admin_user, session=session)
    rows = read_xlsx(client_for(admin_user).get(export_url(session, "xlsx")))
    assert len(rows) == 3
    assert rows[0]["Waktu"].date() == session.date


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_schedule_export_refused(client_for, request, persona, status, session):
    response = client_for(request.getfixturevalue(persona)).get(export_url(session, "csv"))
    assert response.status_code == status


def test_schedule_export_queries_do_not_grow(
    client_for, admin_user, session, applications, open_programme, product_groups
):
    client = client_for(admin_user)
    schedule_automatically(actor=admin_user, session=session)
    one = export_queries(client, export_url(session, "xlsx"))
    business = applications[0].product.business
    for index in range(4):
        verified(open_programme, business, product_groups["makanan"], f"Kue {index}")
    schedule_automatically(actor=admin_user, session=session)
    assert export_queries(client, export_url(session, "xlsx")) == one
