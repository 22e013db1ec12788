"""The office's gap lists: rules at their boundary dates through the page, filters, exports,
roles, and a constant number of queries."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.facilitation.views import PAGE_SIZE

from ..factories import CertificateFactory, certificate_type
from .conftest import HALAL_DAY, gaps_url, make_food_business


def listed(response):
    return {row.business.name for row in response.context["rows"]}


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (HALAL_DAY - dt.timedelta(days=1), False),
        (HALAL_DAY, True),
        (HALAL_DAY + dt.timedelta(days=1), True),
    ],
)
def test_halal_list_mandatory_only_from_17_october_2026(client_for, admin_user, siti, day, shown):
    response = client_for(admin_user).get(
        gaps_url(siti.organisation, list="halal", on=day.isoformat(), mandatory="on")
    )
    assert response.status_code == 200
    assert ("Dapur Siti" in listed(response)) is shown


def test_halal_list_in_2017_shows_the_recommended_gap(client_for, admin_user, siti):
    response = client_for(admin_user).get(
        gaps_url(siti.organisation, list="halal", on="2017-10-09")
    )
    assert "Dapur Siti" in listed(response)
    assert response.context["rows"][0].rule_record.code == "halal-pangan-sukarela"


@pytest.mark.parametrize(("day", "code"), [("2018-07-08", "izin-usaha-umk"), ("2018-07-09", "nib")])
def test_nib_list_judges_iumk_before_oss(
    client_for, admin_user, siti, organisation, product_groups, day, code
):
    make_food_business(organisation, product_groups["makanan"], "Tanpa Izin")
    response = client_for(admin_user).get(gaps_url(organisation, list="nib", on=day))
    rows = response.context["rows"]
    assert [(r.business.name, r.rule_record.code) for r in rows] == [("Tanpa Izin", code)]


def test_pirt_list_drops_a_business_once_it_holds_pirt(client_for, admin_user, siti):
    url = gaps_url(siti.organisation, list="pirt", on="2025-01-01")
    assert "Dapur Siti" in listed(client_for(admin_user).get(url))
    CertificateFactory(
        business=siti,
        product=siti.products.get(),
        type=certificate_type("spp-irt"),
        number="206367401012322",
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2029, 1, 1),
    )
    assert "Dapur Siti" not in listed(client_for(admin_user).get(url))


def test_gap_list_filters_by_district_and_group(
    client_for, admin_user, siti, organisation, product_groups
):
    make_food_business(
        organisation, product_groups["minuman-ringan"], "Jahe Pamulang", district_code="36.74.05"
    )
    client = client_for(admin_user)
    assert listed(client.get(gaps_url(organisation, list="pirt", on="2025-01-01"))) == {
        "Dapur Siti",
        "Jahe Pamulang",
    }
    assert listed(
        client.get(gaps_url(organisation, list="pirt", on="2025-01-01", district="36.74.05"))
    ) == {"Jahe Pamulang"}
    group = product_groups["makanan"].pk
    assert listed(
        client.get(gaps_url(organisation, list="pirt", on="2025-01-01", group=group))
    ) == {"Dapur Siti"}


def test_gap_list_counts_each_list(client_for, admin_user, siti, complete_bag_maker):
    response = client_for(admin_user).get(gaps_url(siti.organisation, on="2025-01-01"))
    counts = {c["code"]: c["producers"] for c in response.context["counts"]}
    assert counts == {"halal": 1, "sni": 0, "nib": 0, "pirt": 1}


def test_sni_list_shows_mandatory_and_voluntary_targets(
    client_for, admin_user, siti, organisation, product_groups
):
    from kurasi.facilitation.models import ProductLegalProfile

    make_food_business(organisation, product_groups["tas"], "Tas Baru")
    ProductLegalProfile.objects.create(product=siti.products.get(), sni_category="biscuits")
    client = client_for(admin_user)
    assert listed(client.get(gaps_url(organisation, list="sni", on="2025-01-01"))) == {
        "Dapur Siti",
        "Tas Baru",
    }
    assert listed(
        client.get(gaps_url(organisation, list="sni", on="2025-01-01", mandatory="on"))
    ) == {"Dapur Siti"}


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_gap_list_allowed_for_office_staff(client_for, request, siti, persona):
    response = client_for(request.getfixturevalue(persona)).get(gaps_url(siti.organisation))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_gap_list_refused(client_for, request, siti, persona, status):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(gaps_url(siti.organisation)).status_code == status
    export = reverse("facilitation:gap_export", args=[siti.organisation.slug, "csv"])
    assert client_for(user).get(export).status_code == status


def test_gap_list_anonymous_goes_to_login(client, siti):
    assert client.get(gaps_url(siti.organisation)).status_code == 302


def test_gap_export_csv_has_no_personal_data_and_neutralises_formulas(client_for, admin_user, siti):
    siti.name = '=HYPERLINK("http://x")'
    siti.save()
    url = (
        reverse("facilitation:gap_export", args=[siti.organisation.slug, "csv"])
        + "?list=halal&on=2025-01-01"
    )
    response = client_for(admin_user).get(url)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0].startswith("'=")
    assert siti.nik not in text
    assert siti.phone not in text
    assert rows[1][4] == "Keripik Balado"


def test_gap_export_xlsx(client_for, field_officer, siti):
    url = (
        reverse("facilitation:gap_export", args=[siti.organisation.slug, "xlsx"])
        + "?list=pirt&on=2025-01-01"
    )
    response = client_for(field_officer).get(url)
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [[c.value for c in row] for row in workbook.active.iter_rows()]
    assert len(values) == 2
    assert values[1][0] == "Dapur Siti"


def test_gap_export_unknown_format_404(client_for, admin_user, siti):
    url = reverse("facilitation:gap_export", args=[siti.organisation.slug, "pdf"])
    assert client_for(admin_user).get(url).status_code == 404


def test_gap_list_runs_constant_queries(client_for, admin_user, siti, organisation, product_groups):
    client = client_for(admin_user)
    url = gaps_url(organisation, list="pirt", on="2025-01-01")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(30):
        business = make_food_business(organisation, product_groups["makanan"], f"Usaha {index}")
        CertificateFactory(business=business, type=certificate_type("nib"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 31
    assert len(many) == len(one)


def test_a_long_gap_list_is_shown_a_page_at_a_time(
    client_for, admin_user, organisation, product_groups, rules
):
    for index in range(PAGE_SIZE + 3):
        make_food_business(organisation, product_groups["makanan"], f"Usaha {index:02d}")
    client = client_for(admin_user)
    first = client.get(gaps_url(organisation, list="halal"))
    second = client.get(gaps_url(organisation, list="halal", page=2))
    assert first.context["counts"][0]["rows"] == PAGE_SIZE + 3  # the count covers every row
    assert len(first.context["rows"]) == PAGE_SIZE
    assert len(second.context["rows"]) == 3
    assert 'rel="next"' in first.content.decode()
    assert "Halaman 2 dari 2" in second.content.decode()
