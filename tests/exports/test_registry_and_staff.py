"""Exports of the product list (remembered search and filters) and of the office's staff."""

import pytest
from django.urls import reverse

from kurasi.audit.models import AuditEvent

from ..factories import BusinessFactory, MembershipFactory, ProductFactory, UserFactory
from .helpers import export_queries, info_lines, last_export, read_csv, read_xlsx


def products_url(organisation, fmt, query=""):
    url = reverse("registry:product_export", args=[organisation.slug, fmt])
    return f"{url}?{query}" if query else url


@pytest.fixture
def products(organisation, product_groups):
    sri = BusinessFactory(organisation=organisation, name="Usaha Sri", phone="+6281234567890")
    ProductFactory(
        business=sri, group=product_groups["makanan"], name="-Keripik Pedas", price=15000
    )
    ProductFactory(business=sri, group=product_groups["tas"], name="Tas Pandan", price=80000)
    return sri


def test_product_export_applies_the_remembered_search(client_for, field_officer, products):
    client = client_for(field_officer)
    page = client.post(reverse("registry:product_list", args=[products.organisation.slug]),
                       {"q": "Keripik", "sort": "name"})  # fmt: skip
    token = page["Location"].split("search=")[1]
    rows = read_csv(client.get(products_url(products.organisation, "csv", f"search={token}")))
    assert [row["Produk"] for row in rows] == ["'-Keripik Pedas"]
    assert rows[0]["Harga"] == "15000"
    assert "081234567890" not in str(rows)
    assert "+6281234567890" not in str(rows)
    assert last_export().changes["filters"] == [None, {"q": "applied", "sort": "name"}]


def test_product_export_xlsx_group_filter_and_money(client_for, admin_user, products):
    group = products.products.get(name="Tas Pandan").group
    response = client_for(admin_user).get(
        products_url(products.organisation, "xlsx", f"group={group.pk}")
    )
    rows = read_xlsx(response)
    assert [(row["Produk"], row["Harga"]) for row in rows] == [("Tas Pandan", 80000)]
    assert info_lines(response)["Kelompok produk"] == "Tas"


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_product_export_refused(client_for, request, persona, status, products):
    url = products_url(products.organisation, "xlsx")
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_product_export_queries_do_not_grow(client_for, admin_user, products, product_groups):
    client = client_for(admin_user)
    url = products_url(products.organisation, "csv")
    one = export_queries(client, url)
    for index in range(5):
        business = BusinessFactory(organisation=products.organisation)
        ProductFactory(business=business, group=product_groups["busana"], name=f"Baju {index}")
    assert export_queries(client, url) == one


def test_product_list_links_to_export_without_page(client_for, admin_user, products):
    url = reverse("registry:product_list", args=[products.organisation.slug])
    page = client_for(admin_user).get(url + "?district=36.74.01&page=1")
    assert products_url(products.organisation, "xlsx", "district=36.74.01").encode() in page.content


def members_url(organisation, fmt):
    return reverse("insights:members_export", args=[organisation.slug, fmt])


def test_staff_export_for_admin(client_for, admin_user, field_officer, curator, organisation):
    rows = read_csv(client_for(admin_user).get(members_url(organisation, "csv")))
    assert sorted(row["Nama"] for row in rows) == [
        "Agus Setiawan",
        "Bambang Hermawan",
        "Rina Kartika",
    ]
    assert last_export().changes["rows"] == [None, 3]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_staff_export_refused(client_for, request, persona, status, organisation):
    url = members_url(organisation, "xlsx")
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_staff_export_neutralises_names(client_for, admin_user, organisation):
    MembershipFactory(
        organisation=organisation, role="curator", user=UserFactory(full_name="@kurator")
    )
    rows = read_xlsx(client_for(admin_user).get(members_url(organisation, "xlsx")))
    assert "'@kurator" in [row["Nama"] for row in rows]


def test_staff_export_queries_do_not_grow(client_for, admin_user, organisation):
    client = client_for(admin_user)
    one = export_queries(client, members_url(organisation, "xlsx"))
    for _ in range(4):
        MembershipFactory(organisation=organisation, role="curator", user=UserFactory())
    assert export_queries(client, members_url(organisation, "xlsx")) == one


def test_registry_export_has_info_sheet_and_counts_rows(client_for, admin_user, products):
    url = reverse("registry_io:export", args=[products.organisation.slug, "xlsx"])
    response = client_for(admin_user).get(url + "?district=36.74.01")
    sheet = read_xlsx(response)
    assert len(sheet) == 2
    info = info_lines(response)
    assert info["Kecamatan"] == "Serpong"
    assert info["Baris"] == "2"
    event = AuditEvent.objects.get(action="registry.exported")
    assert event.changes["rows"] == [None, 2]


def test_gap_export_is_audited(client_for, admin_user, organisation):
    url = reverse("facilitation:gap_export", args=[organisation.slug, "csv"]) + "?list=nib"
    read_csv(client_for(admin_user).get(url))
    assert last_export().changes["list"] == [None, "gaps-nib"]
