"""The import pages: who may use them, dry run then confirmation, all or nothing, idempotent."""

from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.registry.models import Business, Certificate, Product

from ..factories import BusinessFactory, ProductFactory
from .conftest import CONFIRM_URL, IMPORT_URL, MESSY_ROWS, SLUG, row, write_csv, write_xlsx


def upload(client, path, **extra):
    with open(path, "rb") as handle:
        return client.post(IMPORT_URL, {"file": handle, **extra})


def confirm(client, response, **extra):
    return client.post(CONFIRM_URL, {"token": response.context["token"], **extra})


def database_state():
    return (
        list(Business.objects.order_by("pk").values()),
        list(Product.objects.order_by("pk").values()),
        list(Certificate.objects.order_by("pk").values_list("business", "type", "number")),
    )


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_import_page_for_office_staff(client_for, request, persona, media):
    response = client_for(request.getfixturevalue(persona)).get(IMPORT_URL)
    assert response.status_code == 200
    assert b'id="upload-form"' in response.content


def test_import_page_refused_to_curator(client_for, curator, media):
    assert client_for(curator).get(IMPORT_URL).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "producer"])
def test_import_page_hidden_from_another_office_and_producers(
    client_for, request, persona, organisation, media
):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT_URL).status_code == 404
    assert client.post(CONFIRM_URL, {"token": "0" * 32}).status_code == 404


def test_import_page_sends_anonymous_to_login(client, organisation):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_import_dry_run_writes_nothing_and_real_run_agrees(
    client_for, admin_user, product_groups, messy_xlsx, media
):
    existing = BusinessFactory(
        organisation=admin_user.memberships.get().organisation,
        name="KERIPIK SRI",  # the same name written differently: not a conflict
        owner_name="Sri",
        phone="+6281234567890",
        village_code="36.74.06.1003",
    )
    client = client_for(admin_user)
    before = database_state()

    dry = upload(client, messy_xlsx)

    assert dry.status_code == 200
    assert database_state() == before
    plan = dry.context["plan"]
    fates = [(r.number, r.fate) for r in plan.rows]
    assert fates == [(2, "update"), (3, "update"), (4, "new"), (5, "new")]
    assert plan.totals == {
        "businesses_new": 2,
        "businesses_changed": 1,
        "products_new": 4,
        "products_changed": 0,
        "certificates_new": 5,
    }
    assert b'id="confirm-import"' in dry.content

    done = confirm(client, dry)

    assert done.status_code == 302
    assert Business.objects.count() == 3
    existing.refresh_from_db()
    assert existing.name == "Keripik Bu Sri"  # filled cells update the matched business
    assert existing.products.count() == 2
    assert Product.objects.count() == 4
    assert Certificate.objects.count() == 5
    summary = AuditEvent.objects.get(action="registry.imported")
    assert summary.changes["businesses_new"] == [None, 2]
    assert AuditEvent.objects.filter(action="business.created").count() == 2
    changed = AuditEvent.objects.get(action="business.changed", object_id=str(existing.pk))
    assert changed.changes["nik"][1].startswith("3674")  # masked: region and serial only
    assert "*" in changed.changes["nik"][1]
    # The kept upload is deleted after the run; the run's result (jobs/) stays for its page.
    assert [path for path in media.rglob("*.*") if "jobs" not in path.parts] == []
    assert done.url == reverse("registry_io:job", args=[SLUG, dry.context["token"]])


def test_import_second_run_changes_nothing(
    client_for, admin_user, product_groups, messy_xlsx, media
):
    client = client_for(admin_user)
    confirm(client, upload(client, messy_xlsx))
    after_first = database_state()

    again = upload(client, messy_xlsx)
    assert {r.fate for r in again.context["plan"].rows} == {"unchanged"}
    confirm(client, again)

    assert database_state() == after_first


def test_import_with_an_error_row_imports_no_row(
    client_for, admin_user, product_groups, tmp_path, media
):
    bad = row(**{"Nama Usaha": "Rusak", "Nama Pemilik": "X", "No. HP": "0812-3456-789x"})
    path = write_xlsx(tmp_path / "bad.xlsx", [*MESSY_ROWS, bad])
    client = client_for(admin_user)

    dry = upload(client, path)
    assert dry.context["plan"].counts["error"] == 1
    assert b'id="confirm-import"' not in dry.content
    assert b'id="has-errors"' in dry.content
    # Even a forged confirmation writes nothing.
    refused = confirm(client, dry)

    assert refused.status_code == 400
    assert Business.objects.count() == 0


@pytest.fixture
def failing_product_insert(db):
    """A real database trigger that refuses one product name, as a constraint would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN "
                "IF NEW.name = 'BOOM' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; "
                "END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON registry_product "
                "FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON registry_product "
                "WHEN NEW.name = 'BOOM' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER refuse_boom"
            + (" ON registry_product" if connection.vendor == "postgresql" else "")
        )
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION refuse_boom()")


def test_import_failure_midway_leaves_the_database_unchanged(
    client_for, admin_user, product_groups, tmp_path, media, failing_product_insert
):
    """Businesses are written before products: a refused product rolls them back too."""
    ProductFactory(business__organisation=admin_user.memberships.get().organisation)
    boom = row(**{"Nama Usaha": "Usaha Boom", "Nama Pemilik": "B", "No. HP": "081299990000",
                  "Kategori": "tas", "Nama Produk": "BOOM"})  # fmt: skip
    path = write_xlsx(tmp_path / "boom.xlsx", [*MESSY_ROWS, boom])
    client = client_for(admin_user)
    before = database_state()
    events = AuditEvent.objects.count()

    dry = upload(client, path)
    assert dry.context["plan"].can_apply  # planning cannot see what the database will refuse
    response = confirm(client, dry)

    assert response.status_code == 302
    assert database_state() == before
    assert AuditEvent.objects.count() == events


def test_import_duplicate_by_similar_name_is_linked_unless_created_anyway(
    client_for, admin_user, product_groups, tmp_path, media
):
    organisation = admin_user.memberships.get().organisation
    existing = BusinessFactory(
        organisation=organisation, name="UD Keripik Bu Sri", village_code="36.74.06.1003",
        district_code="36.74.06", phone="+6281200001111", nib="",
    )  # fmt: skip
    similar = row(**{"Nama Usaha": "Keripik Bu Sri", "Nama Pemilik": "Sri",
                     "No. HP": "081377778888", "Kecamatan": "Pamulang",
                     "Kelurahan": "Pondok Benda", "Kategori": "makanan",
                     "Nama Produk": "Keripik Talas"})  # fmt: skip
    path = write_csv(tmp_path / "dup.csv", [similar])
    client = client_for(admin_user)

    dry = upload(client, path)
    (only,) = dry.context["plan"].rows
    assert (only.fate, only.duplicate_of) == ("duplicate", "UD Keripik Bu Sri")
    assert b'id="recheck-create"' in dry.content
    confirm(client, dry)
    assert Business.objects.count() == 1
    existing.refresh_from_db()
    assert existing.phone == "+6281200001111"  # a duplicate only fills empty fields
    assert existing.products.get().name == "Keripik Talas"

    other = row(**{"Nama Usaha": "Keripik Bu Sri", "Nama Pemilik": "Sri", "No. HP": "081355556666",
                   "Kecamatan": "Pamulang", "Kelurahan": "Pondok Benda", "Kategori": "makanan",
                   "Nama Produk": "Keripik Ubi"})  # fmt: skip
    dry = upload(client, write_csv(tmp_path / "dup2.csv", [other]))
    recheck = client.post(IMPORT_URL, {"token": dry.context["token"], "create_anyway": "on"})
    assert recheck.context["plan"].rows[0].fate == "new"
    confirm(client, recheck, create_anyway="on")
    assert Business.objects.count() == 2


def test_import_kept_file_is_tied_to_the_user(
    client_for, admin_user, field_officer, product_groups, messy_xlsx, media
):
    dry = upload(client_for(admin_user), messy_xlsx)
    response = confirm(client_for(field_officer), dry)
    assert response.status_code == 302
    assert Business.objects.count() == 0
    for bad in ("../../etc/passwd", "x" * 32, ""):
        client_for(admin_user).post(CONFIRM_URL, {"token": bad})
    assert Business.objects.count() == 0


def test_import_upload_refuses_a_binary_file(client_for, admin_user, tmp_path, media):
    path = Path(tmp_path / "foto.csv")
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    response = upload(client_for(admin_user), path)
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_import_large_file_shows_counts_and_a_limited_table(
    client_for, admin_user, product_groups, tmp_path, media
):
    rows = [
        row(**{"Nama Usaha": f"Usaha {n}", "Nama Pemilik": "P", "No. HP": f"0812{n:08d}",
               "Kategori": "tas", "Nama Produk": "Tas"})
        for n in range(600)
    ]  # fmt: skip
    rows[550][3] = "123"  # an error far down the file is shown first
    response = upload(client_for(admin_user), write_csv(tmp_path / "big.csv", rows))
    assert response.context["plan"].counts["new"] == 599
    shown = response.context["shown_rows"]
    assert len(shown) == 500
    assert shown[0].number == 552
    assert b'id="rows-limited"' in response.content
