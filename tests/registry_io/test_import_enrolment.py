"""The import's "Program" column: the rows' products are entered into the call named, under the
call's rules, with the consent basis chosen on the dry run; refusals in the import's result; and
the result page's way to enter the imported businesses into a call."""

import pytest
from django.conf import settings
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.programmes.models import Application, ApplicationStatus
from kurasi.registry.importing.mapping import field_for_header
from kurasi.registry.models import Business

from ..factories import ProgrammeFactory
from .conftest import CONFIRM_URL, HEADERS, IMPORT_URL, SLUG, row, write_csv

PROGRAM = [*HEADERS, "Program"]


def program_row(programme, **cells):
    return [*row(**cells), programme]


def bakery(name, phone, group="makanan", product=None):
    return {
        "Nama Usaha": name,
        "Nama Pemilik": f"Pemilik {name}",
        "No. HP": phone,
        "Kecamatan": "Pamulang",
        "Kelurahan": "Pondok Benda",
        "Kategori": group,
        "Nama Produk": product or f"Roti {name}",
    }


@pytest.fixture
def call(admin_user, product_groups):
    organisation = admin_user.memberships.get().organisation
    return ProgrammeFactory(
        organisation=organisation,
        title="Kurasi Produk IKM 2026",
        slug="kurasi-2026",
        product_groups=[product_groups["makanan"]],
    )


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def dry_run(client, path):
    with open(path, "rb") as handle:
        return client.post(IMPORT_URL, {"file": handle})


def confirm(client, dry, **extra):
    return client.post(CONFIRM_URL, {"token": dry.context["token"], **extra})


@pytest.mark.parametrize("header", ["Program", "Programme", "Nama Program", "Program Kurasi"])
def test_programme_column_is_recognised(header):
    assert field_for_header(header) == "programme"


def test_rows_naming_a_call_are_entered_with_the_consent_basis_chosen(
    client_for, admin_user, call, tmp_path, media
):
    rows = [
        program_row("Kurasi Produk IKM 2026", **bakery("Roti Ani", "0812-1111-0001")),
        program_row("kurasi-2026", **bakery("Roti Budi", "0812-1111-0002")),  # by short name
        program_row("Kurasi Produk IKM 2026", **bakery("Batik Citra", "0812-1111-0003", "busana")),
        program_row("", **bakery("Roti Dodi", "0812-1111-0004")),  # no call named
    ]
    path = write_csv(tmp_path / "ikm.csv", rows, headers=PROGRAM)
    client = english(client_for(admin_user))
    dry = dry_run(client, path)
    assert dry.status_code == 200
    content = dry.content.decode()
    assert 'id="enrolment-choice"' in content
    assert "3 rows name <strong>Kurasi Produk IKM 2026</strong>" in content
    assert not Application.objects.exists()

    done = confirm(client, dry, consent_basis="paper", consent_note="Formulir, map B-12")

    assert done.status_code == 302
    entered = Application.objects.filter(programme=call)
    assert sorted(a.product.business.name for a in entered) == ["Roti Ani", "Roti Budi"]
    assert {a.status for a in entered} == {ApplicationStatus.SUBMITTED}
    assert {a.registered_by for a in entered} == {admin_user}
    ani = Business.objects.get(name="Roti Ani")
    assert ani.consent_notice_version == settings.KURASI_PRIVACY_NOTICE_VERSION
    assert ani.consent_recorded_by == admin_user
    run = AuditEvent.objects.get(action="programme.bulk_enrolled")
    assert run.changes["source"] == [None, "import"]
    assert run.reason == "Formulir, map B-12"
    # Batik Citra was imported but refused by the call; Roti Dodi named no call.
    assert Business.objects.filter(name__in=["Batik Citra", "Roti Dodi"]).count() == 2
    page = client.get(done.url).content.decode()
    assert "2 products entered into the call." in page
    assert "This call does not accept the product group Busana." in page


def test_without_a_consent_basis_new_businesses_are_refused_and_the_import_stands(
    client_for, admin_user, call, tmp_path, media
):
    path = write_csv(
        tmp_path / "ikm.csv",
        [program_row("kurasi-2026", **bakery("Roti Ani", "0812-1111-0001"))],
        headers=PROGRAM,
    )
    client = english(client_for(admin_user))
    done = confirm(client, dry_run(client, path))
    assert done.status_code == 302
    assert Business.objects.filter(name="Roti Ani").exists()
    assert not Application.objects.exists()
    page = client.get(done.url).content.decode()
    assert "No consent recorded (1)" in page


def test_a_basis_without_where_the_evidence_is_kept_imports_nothing(
    client_for, admin_user, call, tmp_path, media
):
    path = write_csv(
        tmp_path / "ikm.csv",
        [program_row("kurasi-2026", **bakery("Roti Ani", "0812-1111-0001"))],
        headers=PROGRAM,
    )
    client = client_for(admin_user)
    dry = dry_run(client, path)
    response = confirm(client, dry, consent_basis="in_person")
    assert response.status_code == 400
    assert not Business.objects.exists()
    assert 'value="in_person" checked' in response.content.decode()


def test_an_unknown_call_is_an_error_of_its_row(client_for, admin_user, call, tmp_path, media):
    path = write_csv(
        tmp_path / "ikm.csv",
        [program_row("Kurasi 1999", **bakery("Roti Ani", "0812-1111-0001"))],
        headers=PROGRAM,
    )
    plan = dry_run(english(client_for(admin_user)), path).context["plan"]
    assert [message for _column, message in plan.rows[0].errors] == [
        "No call of the office has this title or short name."
    ]


def test_a_call_of_another_office_is_unknown(
    client_for, admin_user, call, other_organisation, tmp_path, media
):
    ProgrammeFactory(organisation=other_organisation, title="Kurasi Depok", slug="kurasi-depok")
    path = write_csv(
        tmp_path / "ikm.csv",
        [program_row("kurasi-depok", **bakery("Roti Ani", "0812-1111-0001"))],
        headers=PROGRAM,
    )
    plan = dry_run(client_for(admin_user), path).context["plan"]
    assert plan.rows[0].errors


def test_import_result_leads_to_entering_the_imported_businesses(
    client_for, field_officer, call, tmp_path, media
):
    rows = [row(**bakery(f"Roti {n}", f"0812-1111-00{n:02d}")) for n in range(3)]
    path = write_csv(tmp_path / "ikm.csv", rows)
    client = client_for(field_officer)
    done = confirm(client, dry_run(client, path))
    page = client.get(done.url)
    token = done.url.rstrip("/").rsplit("/", 1)[1]
    enrol_url = reverse("programmes:enrol", args=[SLUG])
    content = page.content.decode()
    assert f'action="{enrol_url}"' in content
    assert f'value="{token}"' in content
    preview = client.post(enrol_url, {"source": "import", "run": token})
    assert preview.status_code == 200
    assert preview.context["selection"].count == 3
    plan = preview.context["plan"]  # the one open call, previewed at once
    assert {e.reason for e in plan.entries} == {"consent"}
    fields = {
        "source": "import",
        "run": token,
        "programme": call.pk,
        "consent_basis": "paper",
        "consent_note": "Formulir sosialisasi 2026",
    }
    plan = client.post(enrol_url, fields).context["plan"]
    confirmed = client.post(
        reverse("programmes:enrol_confirm", args=[SLUG]),
        {**fields, "fingerprint": plan.fingerprint},
    )
    assert confirmed.status_code == 302
    assert Application.objects.filter(programme=call).count() == 3
    assert AuditEvent.objects.get(action="programme.bulk_enrolled").changes["source"] == [
        None,
        "import",
    ]


def test_another_offices_import_run_names_nothing(
    client_for, field_officer, outsider, call, tmp_path, media
):
    path = write_csv(tmp_path / "ikm.csv", [row(**bakery("Roti Ani", "0812-1111-0001"))])
    client = client_for(field_officer)
    done = confirm(client, dry_run(client, path))
    token = done.url.rstrip("/").rsplit("/", 1)[1]
    theirs = reverse("programmes:enrol", args=["disperindag-depok"])
    response = client_for(outsider).post(theirs, {"source": "import", "run": token})
    assert response.status_code == 302  # nothing chosen in their office
    assert not Application.objects.exists()


def test_export_leaves_the_programme_column_out_and_the_template_has_it(
    client_for, admin_user, call
):
    client = client_for(admin_user)
    template = b"".join(client.get(reverse("registry_io:template", args=[SLUG, "csv"])))
    assert "Program" in template.decode("utf-8-sig").splitlines()[0].split(",")
    export = b"".join(client.get(reverse("registry_io:export", args=[SLUG, "csv"])))
    assert "Program" not in export.decode("utf-8-sig").splitlines()[0].split(",")
