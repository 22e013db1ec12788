"""Identity conflicts in the import: shared phones, NIKs and NIBs are shown, never merged
silently; the person chooses the same business or a new one. And the similar-name check."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.registry.duplicates import names_are_similar
from kurasi.registry.models import Business

from ..factories import BusinessFactory
from .conftest import CONFIRM_URL, IMPORT_URL, row, write_xlsx

NIK_1, NIK_2 = "3674015508950001", "3674015508950002"


def upload(client, path, **extra):
    with open(path, "rb") as handle:
        return client.post(IMPORT_URL, {"file": handle, **extra})


def confirm(client, response, **extra):
    return client.post(CONFIRM_URL, {"token": response.context["token"], **extra})


def producer(name, owner, phone, nik="", nib="", product="Keripik"):
    return row(**{"Nama Usaha": name, "Nama Pemilik": owner, "No. HP": phone, "NIK": nik,
                  "NIB": nib, "Kategori": "makanan", "Nama Produk": product})  # fmt: skip


@pytest.fixture
def stored(admin_user, product_groups):
    return BusinessFactory(
        organisation=admin_user.memberships.get().organisation,
        name="Keripik Bu Sri",
        owner_name="Sri Wahyuni",
        phone="+6281234567890",
        nik=NIK_1,
        nib="9120001234567",
    )


def test_shared_phone_with_another_nik_is_a_conflict_with_both_sides(
    client_for, admin_user, stored, tmp_path, media
):
    path = write_xlsx(
        tmp_path / "a.xlsx", [producer("Sambal Ibu Ani", "Ani", "0812-3456-7890", NIK_2)]
    )
    client = client_for(admin_user)

    dry = upload(client, path)

    (only,) = dry.context["plan"].rows
    assert only.fate == "conflict"
    assert only.conflict.matched_on == ("phone",)
    assert set(only.conflict.differs) == {"nik", "name", "owner_name"}
    assert only.conflict.choice == "new"  # a shared phone alone: a different business
    content = dry.content.decode()
    assert 'data-conflict="2"' in content
    assert "3674********0002" in content
    assert "3674********0001" in content
    assert NIK_1 not in content
    assert NIK_2 not in content
    assert "Keripik Bu Sri" in content
    assert "Sambal Ibu Ani" in content
    assert 'name="conflict-2" value="new" form="confirm-form" checked' in content
    assert 'id="confirm-import"' in content


def test_shared_phone_choice_different_business_creates_a_second_one(
    client_for, admin_user, stored, tmp_path, media
):
    path = write_xlsx(
        tmp_path / "a.xlsx", [producer("Sambal Ibu Ani", "Ani", "0812-3456-7890", NIK_2)]
    )
    client = client_for(admin_user)

    confirm(client, upload(client, path), **{"conflict-2": "new"})

    assert Business.objects.count() == 2
    stored.refresh_from_db()
    assert (stored.name, stored.nik) == ("Keripik Bu Sri", NIK_1)  # untouched
    ani = Business.objects.get(name="Sambal Ibu Ani")
    assert (ani.phone, ani.nik) == ("+6281234567890", NIK_2)


def test_shared_phone_choice_same_business_updates_it(
    client_for, admin_user, stored, tmp_path, media
):
    path = write_xlsx(
        tmp_path / "a.xlsx", [producer("Sambal Ibu Ani", "Ani", "0812-3456-7890", NIK_2)]
    )
    client = client_for(admin_user)

    response = confirm(client, upload(client, path), **{"conflict-2": "same"})

    assert response.status_code == 302
    stored.refresh_from_db()
    assert Business.objects.count() == 1
    assert (stored.name, stored.owner_name, stored.nik) == ("Sambal Ibu Ani", "Ani", NIK_2)
    assert stored.products.get().name == "Keripik"


def test_same_nik_with_another_name_needs_a_choice(client_for, admin_user, stored, tmp_path, media):
    path = write_xlsx(
        tmp_path / "a.xlsx", [producer("Batik Tulis Mega", "Sri Wahyuni", "0813 1111 2222", NIK_1)]
    )
    client = client_for(admin_user)

    dry = upload(client, path)

    (only,) = dry.context["plan"].rows
    assert (only.fate, only.conflict.matched_on, only.conflict.differs) == (
        "conflict",
        ("nik",),
        ("name",),
    )
    assert only.conflict.choice == ""  # no default: a person must decide
    assert dry.context["plan"].unresolved == 1
    assert b'id="confirm-import"' not in dry.content
    assert b'name="conflict-2" value="same" form="confirm-form" checked' not in dry.content
    # Confirming without a choice writes nothing.
    assert confirm(client, dry).status_code == 400
    assert Business.objects.count() == 1
    assert not stored.products.exists()

    recheck = client.post(IMPORT_URL, {"token": dry.context["token"], "conflict-2": "same"})
    assert b'id="confirm-import"' in recheck.content
    confirm(client, recheck, **{"conflict-2": "same"})
    stored.refresh_from_db()
    assert (stored.name, stored.phone) == ("Batik Tulis Mega", "+6281311112222")
    assert Business.objects.count() == 1


def test_same_nib_with_another_owner_is_a_conflict(client_for, admin_user, stored, tmp_path, media):
    path = write_xlsx(
        tmp_path / "a.xlsx", [producer("Keripik Bu Sri", "Bambang", "", nib="9120001234567")]
    )
    dry = upload(client_for(admin_user), path)
    (only,) = dry.context["plan"].rows
    assert (only.fate, only.conflict.differs) == ("conflict", ("owner_name",))


def test_the_same_business_written_differently_is_no_conflict(
    client_for, admin_user, stored, tmp_path, media
):
    """Capitals, an honorific, a short owner's name: the same business, updated silently."""
    path = write_xlsx(
        tmp_path / "a.xlsx", [producer("KERIPIK SRI", "Sri", "0812-3456-7890", NIK_1)]
    )
    client = client_for(admin_user)
    dry = upload(client, path)
    assert [r.fate for r in dry.context["plan"].rows] == ["update"]
    confirm(client, dry)
    assert Business.objects.count() == 1
    assert stored.products.count() == 1


def test_conflicts_within_the_file(client_for, admin_user, product_groups, tmp_path, media):
    rows = [
        producer("Keripik Bu Sri", "Sri", "0812 5555 0000", NIK_1, product="Keripik Pisang"),
        producer("Keripik Bu Sri", "Sri", "0812 5555 0000", NIK_1, product="Keripik Talas"),
        producer("Dodol Mak Ijah", "Ijah", "0812 5555 0000", NIK_2, product="Dodol"),
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    client = client_for(admin_user)

    dry = upload(client, path)

    fates = [(r.number, r.fate) for r in dry.context["plan"].rows]
    assert fates == [(2, "new"), (3, "new"), (4, "conflict")]
    conflict = dry.context["plan"].rows[2].conflict
    assert (conflict.other_row, conflict.choice) == (2, "new")
    assert "Row 2" in dry.content.decode() or "Baris 2" in dry.content.decode()

    confirm(client, dry)  # the default: a different business
    assert sorted(Business.objects.values_list("name", flat=True)) == [
        "Dodol Mak Ijah",
        "Keripik Bu Sri",
    ]


def test_within_the_file_choice_same_business_merges(
    client_for, admin_user, product_groups, tmp_path, media
):
    rows = [
        producer("Keripik Bu Sri", "Sri", "0812 5555 0000", NIK_1, product="Keripik Pisang"),
        producer("Dodol Mak Ijah", "Ijah", "0812 5555 0000", NIK_2, product="Dodol"),
    ]
    client = client_for(admin_user)
    confirm(client, upload(client, write_xlsx(tmp_path / "a.xlsx", rows)), **{"conflict-3": "same"})
    (business,) = Business.objects.all()
    assert sorted(business.products.values_list("name", flat=True)) == ["Dodol", "Keripik Pisang"]
    assert business.nik == NIK_2  # chosen as the same: the later row's cells update it


def test_dry_run_page_with_conflicts_runs_a_constant_number_of_queries(
    client_for, admin_user, stored, tmp_path, media
):
    client = client_for(admin_user)

    def queries(count):
        rows = [
            producer(f"Usaha Lain {n}", f"Pemilik {n}", "0812-3456-7890", product=f"P{n}")
            for n in range(count)
        ]
        path = write_xlsx(tmp_path / f"q{count}.xlsx", rows)
        with CaptureQueriesContext(connection) as captured:
            response = upload(client, path)
        assert response.context["plan"].counts["conflict"] == count
        return [q["sql"] for q in captured]

    queries(1)  # the first request of the session does its own extra work
    one, six = queries(1), queries(6)
    assert len(one) == len(six), "\n".join(six)


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Keripik Bu Sari", "Sari", False),  # a one-word name inside a longer one
        ("Sari", "Sari Jaya", False),
        ("Keripik Sari", "Keripik Sari Rasa", False),
        ("Batik Sari", "Batik Sari Jaya", True),  # "Jaya" is a filler word
        ("UD Keripik Bu Sri", "Keripik Sri", True),  # legal form and honorific ignored
        ("Kripik Bu Sri", "Keripik Bu Sri", True),  # a typo
        ("Sri Keripik", "Keripik Sri", True),  # word order
        ("Batik Sari", "Batik Ayu", False),
    ],
)
def test_similar_names_weigh_distinctive_words(a, b, similar):
    assert names_are_similar(a, b) is similar
    assert names_are_similar(b, a) is similar


def test_import_sari_is_not_a_duplicate_of_keripik_bu_sari(
    client_for, admin_user, product_groups, tmp_path, media
):
    organisation = admin_user.memberships.get().organisation
    BusinessFactory(organisation=organisation, name="Sari", village_code="36.74.06.1003",
                    district_code="36.74.06", phone="+6281200001111")  # fmt: skip
    cells = {"Nama Usaha": "Keripik Bu Sari", "Nama Pemilik": "Sari", "No. HP": "081377778888",
             "Kecamatan": "Pamulang", "Kelurahan": "Pondok Benda", "Kategori": "makanan",
             "Nama Produk": "Keripik"}  # fmt: skip
    client = client_for(admin_user)
    dry = upload(client, write_xlsx(tmp_path / "a.xlsx", [row(**cells)]))
    assert [r.fate for r in dry.context["plan"].rows] == ["new"]
    confirm(client, dry)
    assert Business.objects.count() == 2
