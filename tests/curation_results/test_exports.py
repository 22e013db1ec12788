"""Export of a programme's results with the page's filters, and of its curator assignments."""

import pytest
from django.urls import reverse

from ..exports.helpers import export_queries, info_lines, last_export, read_csv, read_xlsx
from .bulk import add_scored_applications
from .conftest import make_application, rubric_of, score


def export_url(programme, fmt, query=""):
    url = reverse(
        "curation:results_export", args=[programme.organisation.slug, programme.slug, fmt]
    )
    return f"{url}?{query}" if query else url


def assignments_url(programme, fmt):
    return reverse(
        "curation:assignments_export", args=[programme.organisation.slug, programme.pk, fmt]
    )


@pytest.fixture
def scored(programme, product_groups, bands, curators):
    good = make_application(programme, product_groups, "=Keripik Enak")
    weak = make_application(programme, product_groups, "Dodol", group="minuman-ringan")
    for curator in curators:
        score(programme, good, curator, 5)
    score(programme, weak, curators[0], 2)
    return good, weak


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_results_export_lists_every_row(client_for, request, persona, programme, scored):
    rows = read_csv(client_for(request.getfixturevalue(persona)).get(export_url(programme, "csv")))
    assert sorted(row["Produk"] for row in rows) == ["'=Keripik Enak", "Dodol"]
    assert "3674015508950001" not in str(rows)
    assert "Rahasia" not in str(rows)


def test_results_export_applies_the_group_filter(client_for, admin_user, programme, scored):
    group = scored[0].product.group
    response = client_for(admin_user).get(export_url(programme, "xlsx", f"group={group.pk}&page=1"))
    rows = read_xlsx(response)
    assert [row["Produk"] for row in rows] == ["'=Keripik Enak"]
    assert (rows[0]["Nilai akhir"], rows[0]["Rata-rata mentah"]) == (100, 100)
    assert info_lines(response)["Kelompok produk"] == group.name
    assert last_export().changes["filters"] == [None, {"group": str(group.pk)}]


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_results_export_refused(client_for, request, persona, status, programme, scored):
    response = client_for(request.getfixturevalue(persona)).get(export_url(programme, "csv"))
    assert response.status_code == status


def test_results_export_queries_do_not_grow(
    client_for, admin_user, programme, product_groups, bands, curators
):
    client = client_for(admin_user)
    rubric = rubric_of(programme)
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 1)
    one = export_queries(client, export_url(programme, "xlsx"))
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 20, seed=2)
    assert export_queries(client, export_url(programme, "xlsx")) == one


def test_assignments_export(client_for, admin_user, programme, scored, curators):
    rows = read_csv(client_for(admin_user).get(assignments_url(programme, "csv")))
    by_product = {row["Produk"]: row for row in rows}
    assert by_product["'=Keripik Enak"]["Jumlah kurator"] == "3"
    assert by_product["Dodol"]["Kurator"] == curators[0].full_name


@pytest.mark.parametrize(
    ("persona", "status"), [("field_officer", 403), ("curator", 403), ("outsider", 404)]
)
def test_assignments_export_refused(client_for, request, persona, status, programme):
    response = client_for(request.getfixturevalue(persona)).get(assignments_url(programme, "xlsx"))
    assert response.status_code == status


def test_assignments_export_queries_do_not_grow(
    client_for, admin_user, programme, product_groups, bands, curators
):
    client = client_for(admin_user)
    rubric = rubric_of(programme)
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 1)
    one = export_queries(client, assignments_url(programme, "xlsx"))
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 10, seed=2)
    assert export_queries(client, assignments_url(programme, "xlsx")) == one
