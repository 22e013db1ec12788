import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import add_entry

FIGURES = reverse("insights:office_figures", args=["disperindag-tangsel"])


def chart(response, key):
    charts = [
        *response.context["registration_charts"],
        *response.context["curation_charts"],
        response.context["coverage_chart"],
    ]
    return next(c for c in charts if c.key == key)


def test_office_figures_for_admin_show_each_chart_with_its_table(client_for, admin_user, entries):
    response = client_for(admin_user).get(FIGURES)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('role="img"') == 9
    assert content.count("<details") == 9
    assert "Pendaftaran menurut kelompok produk" in content


def test_office_figures_allowed_to_field_officer(client_for, field_officer, entries):
    assert client_for(field_officer).get(FIGURES).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_office_figures_refused(client_for, request, organisation, persona, status):
    response = client_for(request.getfixturevalue(persona)).get(FIGURES)
    assert response.status_code == status


def test_office_figures_count_registrations_by_group_and_gender(client_for, admin_user, entries):
    response = client_for(admin_user).get(FIGURES)
    assert chart(response, "registrations-group").rows == [("Makanan", ["8"]), ("Tas", ["4"])]
    assert chart(response, "businesses-gender").rows == [
        ("Perempuan", ["9"]),
        ("Laki-laki", ["3"]),
    ]
    assert chart(response, "businesses-district").rows == [
        ("Serpong", ["8"]),
        ("Pondok Aren", ["4"]),
    ]


def test_office_figures_pass_rates_per_group_and_overall(client_for, admin_user, entries):
    response = client_for(admin_user).get(FIGURES)
    assert chart(response, "pass-rates").rows == [
        ("Makanan", ["75% (6/8)"]),
        ("Tas", ["25% (1/4)"]),
        ("Semua kelompok", ["58% (7/12)"]),
    ]
    assert chart(response, "curation-progress").rows == [
        ("Terdaftar", ["12"]),
        ("Dinilai", ["0"]),
        ("Diputuskan", ["12"]),
    ]


def test_office_figures_legality_coverage_counts_typed_nib_and_issue_dates(
    client_for, admin_user, entries, organisation
):
    entries[5].product.business.nib = "9120000000099"
    entries[5].product.business.save(update_fields=["nib"])
    response = client_for(admin_user).get(FIGURES + "?year=")
    rows = dict(chart(response, "legality-coverage").rows)
    this_year = rows["NIB (Nomor Induk Berusaha)"][-1]
    assert this_year == "42% (5/12)"
    # Halal issued in 2020 counts for 2 of the 12 in the current year.
    assert rows["Sertifikat Halal"][-1] == "17% (2/12)"


def test_legality_coverage_starts_with_the_first_year_a_business_was_recorded(
    client_for, admin_user, entries
):
    from kurasi.registry.models import Business

    first = entries[0].product.business
    recorded = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
    Business.objects.filter(pk=first.pk).update(created_at=recorded)
    response = client_for(admin_user).get(FIGURES + "?year=")
    coverage = chart(response, "legality-coverage")
    this_year = dt.date.today().year
    assert [str(c) for c in coverage.columns] == [str(y) for y in range(2024, this_year + 1)]
    assert dict(coverage.rows)["NIB (Nomor Induk Berusaha)"][0].endswith("/1)")


def test_office_figures_filter_by_year_leaves_out_other_programmes(
    client_for, admin_user, entries, old_programme, product_groups
):
    add_entry(old_programme, product_groups["tas"], name="Lama")
    response = client_for(admin_user).get(FIGURES + "?year=2017")
    assert chart(response, "registrations-group").rows == [("Tas", ["1"])]
    response = client_for(admin_user).get(FIGURES + "?year=")
    assert chart(response, "registrations-group").rows == [("Makanan", ["8"]), ("Tas", ["5"])]


def test_office_figures_filter_by_programme(
    client_for, admin_user, entries, old_programme, product_groups
):
    add_entry(old_programme, product_groups["tas"], name="Lama")
    response = client_for(admin_user).get(FIGURES + f"?programme={old_programme.pk}")
    assert chart(response, "registrations-group").rows == [("Tas", ["1"])]


def test_office_figures_first_visit_shows_latest_year(
    client_for, admin_user, entries, old_programme, product_groups
):
    add_entry(old_programme, product_groups["tas"], name="Lama")
    response = client_for(admin_user).get(FIGURES)
    assert response.context["scope"].year == 2026


def test_office_figures_query_count_does_not_grow(
    client_for, admin_user, open_programme, product_groups, bands
):
    client = client_for(admin_user)
    add_entry(open_programme, product_groups["tas"], name="Satu", band=bands["pass"], nib=True)
    with CaptureQueriesContext(connection) as one:
        client.get(FIGURES)
    for i in range(6):
        add_entry(
            open_programme,
            product_groups["makanan" if i % 2 else "tas"],
            name=f"Banyak {i}",
            district=f"36.74.0{i + 1}",
            band=bands["fail" if i % 2 else "pass"],
            halal_issued=dt.date(2024, 1, 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(FIGURES)
    assert len(many) == len(one)
