"""The dashboard keeps its figures in the cache: every change, however it is made, shows on the
next request (the fingerprint is read from the database each time)."""

import datetime as dt

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kurasi.registry.services import merge_businesses

from ..factories import CertificateFactory, certificate_type
from .conftest import add_entry
from .test_figures import FIGURES, chart

ALL_YEARS = FIGURES + "?year="
HALAL = "Sertifikat Halal"


def coverage_now(client, permit):
    return dict(chart(client.get(ALL_YEARS), "legality-coverage").rows)[permit][-1]


def test_office_figures_show_a_new_certificate_on_the_next_request(client_for, admin_user, entries):
    client = client_for(admin_user)
    assert coverage_now(client, HALAL) == "17% (2/12)"
    # As an import would: rows written straight to the table, no page involved.
    CertificateFactory(
        business=entries[7].product.business,
        type=certificate_type("halal"),
        issued_on=dt.date(2024, 2, 1),
    )
    assert coverage_now(client, HALAL) == "25% (3/12)"


def test_office_figures_show_a_deleted_certificate_on_the_next_request(
    client_for, admin_user, entries
):
    client = client_for(admin_user)
    assert coverage_now(client, HALAL) == "17% (2/12)"
    entries[0].product.business.certificates.filter(type__code="halal").delete()
    assert coverage_now(client, HALAL) == "8% (1/12)"
    entries[1].product.business.certificates.filter(type__code="halal").delete()
    assert coverage_now(client, HALAL) == "0% (0/12)"


def test_office_figures_show_a_merge_on_the_next_request(client_for, admin_user, entries):
    client = client_for(admin_user)
    assert chart(client.get(FIGURES), "businesses-district").rows == [
        ("Serpong", ["8"]),
        ("Pondok Aren", ["4"]),
    ]
    merge_businesses(
        actor=admin_user,
        keep=entries[0].product.business,
        duplicate=entries[8].product.business,
    )
    response = client.get(FIGURES)
    assert chart(response, "businesses-district").rows == [
        ("Serpong", ["8"]),
        ("Pondok Aren", ["3"]),
    ]
    nib = dict(chart(client.get(ALL_YEARS), "legality-coverage").rows)["NIB (Nomor Induk Berusaha)"]
    assert nib[-1] == "36% (4/11)"


def test_office_figures_show_a_product_moved_to_another_group_on_the_next_request(
    client_for, admin_user, entries, product_groups
):
    client = client_for(admin_user)
    assert chart(client.get(FIGURES), "registrations-group").rows == [
        ("Makanan", ["8"]),
        ("Tas", ["4"]),
    ]
    product = entries[0].product
    product.group = product_groups["tas"]
    product.save()
    assert chart(client.get(FIGURES), "registrations-group").rows == [
        ("Makanan", ["7"]),
        ("Tas", ["5"]),
    ]


def test_office_figures_show_a_changed_decision_on_the_next_request(
    client_for, admin_user, entries, bands
):
    client = client_for(admin_user)
    assert chart(client.get(FIGURES), "pass-rates").rows[-1] == ("Semua kelompok", ["58% (7/12)"])
    decision = entries[0].decision
    decision.band = bands["fail"]
    decision.decided_at = timezone.now()
    decision.save()
    assert chart(client.get(FIGURES), "pass-rates").rows[-1] == ("Semua kelompok", ["50% (6/12)"])


def test_office_figures_show_a_removed_application_on_the_next_request(
    client_for, admin_user, entries
):
    client = client_for(admin_user)
    steps = chart(client.get(FIGURES), "curation-progress").rows
    assert steps[0] == ("Terdaftar", ["12"])
    entries[11].decision.delete()
    entries[11].delete()
    steps = chart(client.get(FIGURES), "curation-progress").rows
    assert steps[0] == ("Terdaftar", ["11"])


def test_office_figures_in_english_are_kept_apart_from_indonesian(client_for, admin_user, entries):
    client = client_for(admin_user)
    assert chart(client.get(FIGURES), "pass-rates").rows[-1][0] == "Semua kelompok"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert chart(client.get(FIGURES), "pass-rates").rows[-1][0] == "All groups"


def test_office_figures_kept_read_the_same_queries_for_one_row_and_many(
    client_for, admin_user, open_programme, product_groups, bands
):
    client = client_for(admin_user)
    add_entry(open_programme, product_groups["tas"], name="Satu", band=bands["pass"], nib=True)
    client.get(FIGURES)  # computes and keeps the figures
    with CaptureQueriesContext(connection) as one:
        client.get(FIGURES)
    for i in range(6):
        add_entry(open_programme, product_groups["makanan"], name=f"Banyak {i}", band=bands["fail"])
    client.get(FIGURES)
    with CaptureQueriesContext(connection) as many:
        client.get(FIGURES)
    assert len(many) == len(one)
    # The kept figures are not recomputed: no count over the registry, only index probes.
    counts = [q["sql"] for q in many if "COUNT(" in q["sql"] and "registry_business" in q["sql"]]
    assert counts == []
