import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import add_entry

PAGE = reverse("insights:open_data", args=["disperindag-tangsel"])
CSV = reverse("insights:open_data_csv", args=["disperindag-tangsel"])
JSON = reverse("insights:open_data_json", args=["disperindag-tangsel"])


def table(payload, key):
    found = next(t for t in payload["tables"] if t["key"] == key)
    return {row["label"]: row["values"] for row in found["rows"]}


def test_open_data_page_is_public_without_personal_data(client, entries):
    response = client.get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "CC BY 4.0" in content
    for private in ("3674015508950001", "Rahasia", "Pemilik Makanan", "+62812"):
        assert private not in content


def test_open_data_json_suppresses_small_cells_and_their_complement(client, entries):
    payload = client.get(JSON).json()
    assert payload["licence"] == "CC BY 4.0"
    assert payload["suppression"]["threshold"] == 5
    # 9 women, 3 men: the 3 is hidden, and so is the 9, or 12 − 9 would give it away.
    assert table(payload, "businesses_by_gender") == {
        "Perempuan": [None],
        "Laki-laki": [None],
        "Total": [12],
    }
    # 8 food and 4 bags: the 4 is hidden, and the 8 with it (12 − 8 = 4).
    assert table(payload, "registrations_by_group") == {
        "Makanan": [None],
        "Tas": [None],
        "Total": [12],
    }


def test_open_data_pass_counts_hidden_when_the_failures_are_few(client, entries):
    payload = client.get(JSON).json()
    # Makanan: 6 of 8 passed, so 2 failed: hidden. Tas: 1 of 4 passed, 4 decided: hidden, so
    # Makanan's 8 decided goes too (12 − 8 = 4).
    assert table(payload, "passed") == {
        "Makanan": [None, None],
        "Tas": [None, None],
        "Total": [12, 7],
    }


def test_open_data_csv_has_the_json_numbers(client, entries):
    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode())))
    assert rows[0] == ["table", "row", "column", "value"]
    values = {(r[0], r[1], r[2]): r[3] for r in rows[1:] if len(r) == 4}
    assert values[("businesses_by_gender", "Total", "Usaha")] == "12"
    assert values[("businesses_by_gender", "Laki-laki", "Usaha")] == ""
    assert values[("passed", "Total", "Diputuskan")] == "12"


def test_open_data_leaves_out_draft_programmes(client, organisation, product_groups):
    from ..factories import ProgrammeFactory

    draft = ProgrammeFactory(organisation=organisation, status="draft", year=2026)
    for i in range(6):
        add_entry(draft, product_groups["tas"], name=f"Draf {i}")
    assert client.get(JSON).json()["tables"] == []


def test_open_data_unknown_office_is_404(client, db):
    assert client.get(reverse("insights:open_data", args=["tidak-ada"])).status_code == 404


def test_open_data_query_count_does_not_grow(client, open_programme, product_groups, bands):
    add_entry(open_programme, product_groups["tas"], name="Satu", band=bands["pass"])
    with CaptureQueriesContext(connection) as one:
        client.get(JSON)
    for i in range(8):
        add_entry(
            open_programme,
            product_groups["makanan"],
            name=f"Lagi {i}",
            district=f"36.74.0{i % 7 + 1}",
            band=bands["fail"],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(JSON)
    assert len(many) == len(one)


def test_open_data_says_when_a_table_has_no_data_yet(client, open_programme, empty_cache):
    """A call without decisions yet: a sentence, not a table with headings and no rows."""
    content = client.get(PAGE).content.decode()
    assert 'id="empty-passed"' in content
    assert f"Belum ada data untuk tahun {open_programme.year}." in content
    decisions = content[content.index('id="table-passed"') :]
    assert "<table>" not in decisions[: decisions.index("</section>")]
