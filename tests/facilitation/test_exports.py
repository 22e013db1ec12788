"""Exports of the facilitation programme list and of a programme's participants."""

import pytest
from django.urls import reverse

from kurasi.facilitation.models import Participation, ParticipationStatus

from ..exports.helpers import export_queries, last_export, read_csv, read_xlsx
from .conftest import make_food_business


def list_url(organisation, fmt):
    return reverse("facilitation:programme_list_export", args=[organisation.slug, fmt])


def participants_url(programme, fmt):
    return reverse(
        "facilitation:participants_export", args=[programme.organisation.slug, programme.pk, fmt]
    )


def enrol(programme, business, status=ParticipationStatus.ENROLLED):
    return Participation.objects.create(programme=programme, business=business, status=status)


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_participants_export(client_for, request, persona, halal_programme, siti):
    siti.name = "+Dapur Siti"
    siti.save()
    enrol(halal_programme, siti)
    client = client_for(request.getfixturevalue(persona))
    rows = read_csv(client.get(participants_url(halal_programme, "csv")))
    assert [(row["Usaha"], row["Status"]) for row in rows] == [("'+Dapur Siti", "Terdaftar")]
    assert siti.phone not in str(rows)
    assert siti.nik not in str(rows)
    assert last_export().changes["rows"] == [None, 1]


def test_programme_list_export(client_for, admin_user, halal_programme, siti):
    enrol(halal_programme, siti, ParticipationStatus.DONE)
    rows = read_xlsx(client_for(admin_user).get(list_url(halal_programme.organisation, "xlsx")))
    assert len(rows) == 1
    assert (rows[0]["Peserta"], rows[0]["Selesai"]) == (1, 1)
    assert rows[0]["Program"] == "Fasilitasi Sertifikasi Halal 2026"


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_facilitation_exports_refused(client_for, request, persona, status, halal_programme):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(list_url(halal_programme.organisation, "csv")).status_code == status
    assert client.get(participants_url(halal_programme, "xlsx")).status_code == status


def test_participants_export_queries_do_not_grow(
    client_for, admin_user, halal_programme, siti, product_groups
):
    client = client_for(admin_user)
    enrol(halal_programme, siti)
    one = export_queries(client, participants_url(halal_programme, "xlsx"))
    for index in range(4):
        business = make_food_business(
            halal_programme.organisation, product_groups["makanan"], f"Usaha {index}"
        )
        enrol(halal_programme, business)
    assert export_queries(client, participants_url(halal_programme, "xlsx")) == one
