"""Open data up the chain: a province's public figures include the offices below it (said on
the page), with the usual suppression on the combined tables and on the rows by office."""

import csv
import io

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import PROVINCE, decided, office_below

PAGE = reverse("insights:open_data", args=[PROVINCE])
CSV = reverse("insights:open_data_csv", args=[PROVINCE])
JSON = reverse("insights:open_data_json", args=[PROVINCE])


def table(payload, key):
    found = next(t for t in payload["tables"] if t["key"] == key)
    return {row["label"]: row["values"] for row in found["rows"]}


def test_province_open_data_says_it_includes_the_offices_below(client, chain):
    response = client.get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Termasuk 2 kantor di bawahnya." in content
    assert "Disperindag Kota Tangerang" in content
    for private in ("Usaha disperindag", "Produk disperindag", "Pemilik", "3674015508950001"):
        assert private not in content
    for slug in ("disperindag-tangsel", "disperindag-kota-tangerang"):
        assert f"/o/{slug}/" not in content


def test_province_open_data_adds_up_the_offices_figures(client, chain):
    payload = client.get(JSON).json()
    assert payload["offices_below"] == 2
    # Both offices' "Makanan" are one row: 15 + 12.
    assert table(payload, "registrations_by_group") == {"Makanan": [27], "Total": [27]}
    assert table(payload, "passed") == {"Makanan": [27, 16], "Total": [27, 16]}
    # NIB held by 10 + 6 of the 27 businesses this year.
    legality = table(payload, "legality")
    assert legality["Usaha tercatat"][-1] == 27
    assert legality["NIB (Nomor Induk Berusaha)"][-1] == 16


def test_province_open_data_has_a_row_per_office(client, chain):
    payload = client.get(JSON).json()
    offices = next(t for t in payload["tables"] if t["key"] == "offices")
    assert offices["columns"][:6] == [
        "Kantor",
        "Produk terdaftar",
        "Dikurasi",
        "Lolos",
        "Usaha tercatat",
        "Memegang NIB (Nomor Induk Berusaha)",
    ]
    rows = table(payload, "offices")
    # The province's own row has nothing yet (0 is published: it points at no one).
    assert rows["Disperindag Provinsi Banten"][:5] == [0, 0, 0, 0, 0]
    assert rows["Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan"][:5] == [
        15,
        15,
        10,
        15,
        10,
    ]
    assert rows["Disperindag Kota Tangerang"][:5] == [12, 12, 6, 12, 6]
    assert rows["Semua kantor"][:5] == [27, 27, 16, 27, 16]


def test_province_open_data_hides_a_tiny_office_and_the_next_smallest(client, province, chain):
    lebak = office_below(
        province, name="Disperindag Kabupaten Lebak", slug="disperindag-lebak", region_code="36.02"
    )
    decided(lebak, passed=1, failed=1, nib=1)
    payload = client.get(JSON).json()
    rows = table(payload, "offices")
    assert rows["Disperindag Kabupaten Lebak"][:5] == [None] * 5
    assert rows["Disperindag Kota Tangerang"][:2] == [None, None]
    # Each office publishes its own 15 and 12: 29 would give Lebak's 2 away.
    assert rows["Semua kantor"][:2] == [None, None]


def test_combined_tables_never_give_back_what_an_office_hides_at_home(client, province, chain):
    """Tangsel publishes its 15 and Kota Tangerang its 12 on their own pages: a combined 29
    would give Lebak's 2 away by subtraction."""
    lebak = office_below(
        province, name="Disperindag Kabupaten Lebak", slug="disperindag-lebak", region_code="36.02"
    )
    decided(lebak, passed=1, failed=1)
    payload = client.get(JSON).json()
    assert table(payload, "registrations_by_group") == {"Makanan": [None], "Total": [None]}
    assert table(payload, "businesses_by_gender") == {"Perempuan": [None], "Total": [None]}
    assert table(payload, "passed") == {"Makanan": [None, None], "Total": [None, None]}
    # Lebak's own district is its own row, hidden as on its page.
    assert table(payload, "businesses_by_district")["Malingping"] == [None]
    # This year: 29 businesses recorded, 16 with a NIB; Lebak's 2 (both without) are hidden.
    legality = table(payload, "legality")
    assert legality["Usaha tercatat"][-1] is None
    assert legality["NIB (Nomor Induk Berusaha)"][-1] is None


def test_combined_tables_show_what_several_small_offices_add_up_to(client, province, chain):
    """2 + 3 hidden at home: the combined 32 shows no count from 1 to 4."""
    for slug, region, passed, failed in (("lebak", "36.02", 1, 1), ("pandeglang", "36.01", 2, 1)):
        office = office_below(
            province, name=f"Disperindag {slug}", slug=f"disperindag-{slug}", region_code=region
        )
        decided(office, passed=passed, failed=failed)
    payload = client.get(JSON).json()
    assert table(payload, "registrations_by_group") == {"Makanan": [32], "Total": [32]}
    # Passed: 1 + 2 hidden at home, 3: hidden here too.
    assert table(payload, "passed") == {"Makanan": [32, None], "Total": [32, None]}


def test_province_open_data_csv_has_the_rows_per_office(client, chain):
    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode())))
    values = {(r[0], r[1], r[2]): r[3] for r in rows[1:] if len(r) == 4}
    assert values[("offices", "Disperindag Kota Tangerang", "Produk terdaftar")] == "12"
    assert values[("offices", "Semua kantor", "Lolos")] == "16"
    assert '"offices_below": 2' in rows[-1][0]


def test_an_office_below_publishes_only_its_own_figures(client, chain):
    payload = client.get(reverse("insights:open_data_json", args=["disperindag-tangsel"])).json()
    assert payload["offices_below"] == 0
    assert "offices" not in [t["key"] for t in payload["tables"]]
    assert table(payload, "registrations_by_group") == {"Makanan": [15], "Total": [15]}
    content = client.get(reverse("insights:open_data", args=["disperindag-tangsel"])).content
    assert b"Disperindag Kota Tangerang" not in content
    assert b'id="offices-below-note"' not in content


def test_province_open_data_leaves_out_draft_programmes_below(client, province, tangsel):
    decided(tangsel, passed=6, failed=0, published=False)
    assert client.get(JSON).json()["tables"] == []


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as computed:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).status_code == 200
    return len(computed), len(kept)


def test_open_data_reads_the_same_queries_for_3_offices_below_and_30(client, province):
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
    few = [_queries(client, url) for url in (PAGE, JSON, CSV)]
    add_offices(30)
    many = [_queries(client, url) for url in (PAGE, JSON, CSV)]
    assert many == few
