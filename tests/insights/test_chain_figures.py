"""Figures up the chain on the office figures page: a province's office reads the figures of the
offices below it, combined and office by office, with small counts hidden; each office's own
records stay its own."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.accounts.models import Role

from ..conftest import _member
from .conftest import PROVINCE, decided, office_below

FIGURES = reverse("insights:office_figures", args=[PROVINCE])
DASHBOARD = reverse("insights:organisation_dashboard", args=[PROVINCE])


def offices(response):
    chain = response.context["chain"]
    return {row.name: row for row in [chain["own"], *chain["below"]]}, chain["total"]


def test_province_figures_include_both_offices_below(client_for, province_admin, chain):
    response = client_for(province_admin).get(FIGURES)
    assert response.status_code == 200
    rows, total = offices(response)
    tangsel = rows["Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan"]
    assert (tangsel.region, tangsel.registered, tangsel.curated, tangsel.pass_rate) == (
        "Kota Tangerang Selatan",
        "15",
        "15",
        "67% (10/15)",
    )
    kota = rows["Disperindag Kota Tangerang"]
    assert (kota.registered, kota.pass_rate) == ("12", "50% (6/12)")
    assert (total.registered, total.curated, total.pass_rate) == ("27", "27", "59% (16/27)")
    # Legality coverage by permit type, NIB first: 10 of 15 and 6 of 12.
    permits = response.context["chain"]["permits"]
    assert permits[0] == "NIB (Nomor Induk Berusaha)"
    assert tangsel.coverage[0] == "67% (10/15)"
    assert kota.coverage[0] == "50% (6/12)"
    assert total.coverage[0] == "59% (16/27)"
    content = response.content.decode()
    assert "Kantor di bawah" in content
    assert 'id="offices-below-table"' in content


def test_province_sees_counts_never_the_offices_records(client_for, province_admin, chain):
    content = client_for(province_admin).get(FIGURES).content.decode()
    for private in ("Usaha disperindag", "Produk disperindag", "Pemilik", "3674015508950001"):
        assert private not in content
    # No link into another office's pages.
    for slug in ("disperindag-tangsel", "disperindag-kota-tangerang"):
        assert f"/o/{slug}/" not in content


def test_province_figures_allowed_to_field_officer(client_for, province_field_officer, chain):
    _rows, total = offices(client_for(province_field_officer).get(FIGURES))
    assert total.registered == "27"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("province_curator", 403), ("admin_user", 404), ("outsider", 404), ("producer", 404)],
)
def test_province_figures_refused(client_for, request, chain, persona, status):
    """Curators as on any office's figures; the admin of an office below is no member of the
    province's office; another office and a producer learn nothing."""
    response = client_for(request.getfixturevalue(persona)).get(FIGURES)
    assert response.status_code == status


def test_an_office_below_sees_nothing_of_the_other_offices(client_for, admin_user, chain):
    response = client_for(admin_user).get(
        reverse("insights:office_figures", args=["disperindag-tangsel"])
    )
    assert response.status_code == 200
    assert response.context["chain"] is None
    content = response.content.decode()
    assert "Disperindag Kota Tangerang" not in content
    assert "Provinsi Banten" not in content
    assert 'id="offices-below' not in content
    dashboard = client_for(admin_user).get(
        reverse("insights:organisation_dashboard", args=["disperindag-tangsel"])
    )
    assert 'id="offices-below-link"' not in dashboard.content.decode()


def test_province_dashboard_links_the_offices_below(client_for, province_admin, chain):
    content = client_for(province_admin).get(DASHBOARD).content.decode()
    assert f'href="{FIGURES}#offices-below"' in content


def test_a_tiny_office_below_is_hidden_and_so_is_the_next_smallest(
    client_for, province_admin, province, chain
):
    lebak = office_below(
        province, name="Disperindag Kabupaten Lebak", slug="disperindag-lebak", region_code="36.02"
    )
    decided(lebak, passed=1, failed=1, nib=1)
    rows, total = offices(client_for(province_admin).get(FIGURES))
    tiny = rows["Disperindag Kabupaten Lebak"]
    assert (tiny.registered, tiny.curated, tiny.pass_rate, tiny.coverage[0]) == ("—", "—", "—", "—")
    # Only one count hidden would be worked out from the total: the next smallest goes too.
    kota = rows["Disperindag Kota Tangerang"]
    assert (kota.registered, kota.curated) == ("—", "—")
    assert rows["Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan"].registered == "15"
    # Each office publishes its own 15 and 12 (its open data): 29 would give Lebak's 2 away.
    assert (total.registered, total.curated, total.pass_rate) == ("—", "—", "—")


def test_the_province_total_is_hidden_when_the_offices_below_add_up_to_a_small_count(
    client_for, province_admin, province, tangsel
):
    """The province's own 20 are its own; the 3 of the single office below would be the total
    less them."""
    decided(province, passed=10, failed=10)
    decided(tangsel, passed=2, failed=1)
    rows, total = offices(client_for(province_admin).get(FIGURES))
    assert rows["Disperindag Provinsi Banten"].registered == "20"
    assert rows["Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan"].registered == "—"
    assert (total.registered, total.curated, total.pass_rate) == ("—", "—", "—")


def test_the_offices_below_follow_the_year_chosen(client_for, province_admin, chain, tangsel):
    decided(tangsel, passed=5, failed=5, year=2025)
    client = client_for(province_admin)
    rows, total = offices(client.get(FIGURES + "?year=2025"))
    assert rows["Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan"].registered == "10"
    assert rows["Disperindag Kota Tangerang"].registered == "0"
    rows, total = offices(client.get(FIGURES + "?year="))
    assert total.registered == "37"


def test_offices_at_any_depth_are_counted(client_for, province, chain, kota_tangerang):
    """The ministry reads the province and the offices below the province."""
    ministry = office_below(None, name="Kementerian Perdagangan", slug="kemendag", region_code="36")
    ministry.kind = "ministry"
    ministry.save()
    province.parent = ministry
    province.save()

    admin = _member(ministry, Role.ADMIN, full_name="Pak Menteri", email="admin@kemendag.test")
    response = client_for(admin).get(reverse("insights:office_figures", args=["kemendag"]))
    rows, total = offices(response)
    assert set(rows) == {
        "Kementerian Perdagangan",
        "Disperindag Provinsi Banten",
        "Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
        "Disperindag Kota Tangerang",
    }
    assert total.registered == "27"


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as computed:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).status_code == 200
    return len(computed), len(kept)


def test_the_same_queries_for_3_offices_below_and_30(client_for, province_admin, province):
    client = client_for(province_admin)
    made = 0

    def add_offices(upto):
        nonlocal made
        while made < upto:
            office = office_below(
                province, name=f"Kantor {made:02d}", slug=f"kantor-{made}", region_code="36.74"
            )
            decided(office, passed=made % 3 + 1, failed=1, nib=1)
            made += 1

    add_offices(3)
    few = _queries(client, FIGURES)
    add_offices(30)
    many = _queries(client, FIGURES)
    assert many == few


def test_a_change_in_an_office_below_shows_on_the_next_request(
    client_for, province_admin, kota_tangerang, chain
):
    client = client_for(province_admin)
    _rows, total = offices(client.get(FIGURES))
    assert total.registered == "27"
    decided(kota_tangerang, passed=3, failed=2, year=2026)
    rows, total = offices(client.get(FIGURES))
    assert rows["Disperindag Kota Tangerang"].registered == "17"
    assert total.registered == "32"
    # A deletion moves no change time: the office's deletion stamp tells.
    chain["tangsel"][0].delete()
    rows, total = offices(client.get(FIGURES))
    assert rows["Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan"].registered == "14"
    assert total.registered == "31"


def test_an_office_put_under_the_province_shows_on_the_next_request(
    client_for, province_admin, province, chain, other_organisation
):
    decided(other_organisation, passed=5, failed=5)
    client = client_for(province_admin)
    assert "Disperindag Kota Depok" not in offices(client.get(FIGURES))[0]
    other_organisation.parent = province
    other_organisation.save()
    rows, total = offices(client.get(FIGURES))
    assert rows["Disperindag Kota Depok"].registered == "10"
    assert total.registered == "37"


def test_draft_programmes_below_stay_their_offices_own(client_for, province_admin, tangsel, chain):
    decided(tangsel, passed=6, failed=0, year=2027, published=False)
    response = client_for(province_admin).get(FIGURES + "?year=")
    assert 2027 not in [value for value, _label in response.context["form"].fields["year"].choices]
    assert offices(response)[1].registered == "27"
