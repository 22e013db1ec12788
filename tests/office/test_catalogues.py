"""The office's catalogues on Kurasi's own pages: product groups, permit and certificate types,
region name aliases. Office admins only; another office's rows are 404 by their id."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.registry.models import CertificateType, ProductGroup, RegionAlias

from ..factories import BusinessFactory, ProductFactory, ProductGroupFactory, certificate_type

ORG = "disperindag-tangsel"


def url(name, *args):
    return reverse(f"registry:{name}", args=[ORG, *args])


@pytest.fixture
def office_type(organisation):
    return CertificateType.objects.create(
        organisation=organisation,
        code="izin-reklame",
        name="Izin reklame",
        number_pattern="IR[0-9]{6}",
        number_example="IR-123456",
    )


@pytest.fixture
def alias(organisation):
    return RegionAlias.objects.create(organisation=organisation, alias="Sarua", code="36.74.02")


@pytest.fixture
def foreign_rows(other_organisation):
    """Rows of another office, which the first office's admin must never reach."""
    return {
        "product_group": ProductGroupFactory(organisation=other_organisation, code="batik"),
        "certificate_type": CertificateType.objects.create(
            organisation=other_organisation, code="izin-depok", name="Izin Depok"
        ),
        "region_alias": RegionAlias.objects.create(
            organisation=other_organisation, alias="Beji Lama", code="32.76.05"
        ),
    }


LISTS = ["product_groups", "certificate_types", "region_aliases"]
ADDS = ["product_group_add", "certificate_type_add", "region_alias_add"]


@pytest.mark.parametrize("name", LISTS + ADDS)
@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_user", 200), ("field_officer", 403), ("curator", 403), ("outsider", 404)],
)
def test_catalogue_pages_are_for_office_admins(request, client_for, name, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(name)).status_code == status


@pytest.mark.parametrize("name", LISTS)
def test_catalogue_pages_are_unknown_to_producers(client_for, producer, name):
    assert client_for(producer).get(url(name)).status_code == 404


@pytest.mark.parametrize("kind", ["product_group", "certificate_type", "region_alias"])
def test_another_offices_rows_are_not_found(client_for, admin_user, foreign_rows, kind):
    client = client_for(admin_user)
    row = foreign_rows[kind]
    assert client.get(url(f"{kind}_edit", row.pk)).status_code == 404
    assert client.post(url(f"{kind}_edit", row.pk), {"name": "Diambil"}).status_code == 404
    assert client.post(url(f"{kind}_delete", row.pk)).status_code == 404
    assert type(row).objects.filter(pk=row.pk).exists()
    assert not AuditEvent.objects.exists()


def test_admin_adds_and_edits_a_product_group(client_for, admin_user, organisation):
    client = client_for(admin_user)
    data = {"name": "Kerajinan", "code": "kerajinan", "kbli_codes": "32902, 16299", "position": 3}
    assert client.post(url("product_group_add"), data).status_code == 302
    group = ProductGroup.objects.get(organisation=organisation, code="kerajinan")
    assert group.kbli_codes == ["32902", "16299"]
    assert AuditEvent.objects.get(action="product_group.created").organisation == organisation
    client.post(url("product_group_edit", group.pk), {**data, "name": "Kriya"})
    event = AuditEvent.objects.get(action="product_group.changed")
    assert event.changes == {"name": ["Kerajinan", "Kriya"]}
    client.post(url("product_group_edit", group.pk), {**data, "name": "Kriya"})
    assert AuditEvent.objects.filter(action="product_group.changed").count() == 1


def test_product_group_errors_keep_the_typing(client_for, admin_user, product_groups):
    data = {"name": "Makanan olahan", "code": "makanan", "kbli_codes": "1079", "position": 0}
    response = client_for(admin_user).post(url("product_group_add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Makanan olahan"' in html
    assert "sudah memakai kode makanan" in html
    assert "lima digit" in html


def test_a_product_group_in_use_is_not_removed(
    client_for, admin_user, organisation, product_groups
):
    business = BusinessFactory(organisation=organisation)
    ProductFactory(business=business, group=product_groups["tas"])
    response = client_for(admin_user).post(
        url("product_group_delete", product_groups["tas"].pk), follow=True
    )
    assert "sedang dipakai" in response.content.decode()
    assert ProductGroup.objects.filter(pk=product_groups["tas"].pk).exists()
    assert not AuditEvent.objects.exists()


def test_an_unused_product_group_is_removed_and_audited(client_for, admin_user, product_groups):
    group = product_groups["aksesori"]
    client_for(admin_user).post(url("product_group_delete", group.pk))
    assert not ProductGroup.objects.filter(pk=group.pk).exists()
    event = AuditEvent.objects.get(action="product_group.deleted")
    assert event.changes["name"] == ["Aksesori", None]


def test_shipped_types_are_listed_read_only(client_for, admin_user, office_type):
    shipped = certificate_type("halal")
    client = client_for(admin_user)
    html = client.get(url("certificate_types")).content.decode()
    assert shipped.name in html
    assert office_type.name in html
    assert url("certificate_type_edit", office_type.pk) in html
    assert url("certificate_type_edit", shipped.pk) not in html
    assert client.get(url("certificate_type_edit", shipped.pk)).status_code == 404
    assert client.post(url("certificate_type_delete", shipped.pk)).status_code == 404


def test_type_number_format_must_compile_and_match_its_example(client_for, admin_user):
    client = client_for(admin_user)
    data = {"name": "Izin edar PKRT", "code": "pkrt", "position": 0}
    html = client.post(
        url("certificate_type_add"), {**data, "number_pattern": "[0-9{5", "number_example": "1"}
    ).content.decode()
    assert "bukan ekspresi reguler yang sah" in html
    html = client.post(
        url("certificate_type_add"),
        {**data, "number_pattern": "PKRT[0-9]{5}", "number_example": "PKRT 12-34"},
    ).content.decode()
    assert "tidak cocok dengan format nomor" in html
    assert 'value="PKRT 12-34"' in html
    response = client.post(
        url("certificate_type_add"),
        {**data, "number_pattern": "PKRT[0-9]{5}", "number_example": "pkrt 123.45"},
    )
    assert response.status_code == 302
    assert CertificateType.objects.get(code="pkrt").number_is_valid("PKRT12345")
    assert AuditEvent.objects.filter(action="certificate_type.created").count() == 1


def test_type_code_of_a_shipped_type_is_refused(client_for, admin_user):
    certificate_type("halal")
    html = (
        client_for(admin_user)
        .post(url("certificate_type_add"), {"name": "Halal daerah", "code": "halal", "position": 0})
        .content.decode()
    )
    assert "sudah dipakai jenis lain" in html


def test_a_type_in_use_is_not_removed(client_for, admin_user, organisation, office_type):
    from ..factories import CertificateFactory

    CertificateFactory(business=BusinessFactory(organisation=organisation), type=office_type)
    client_for(admin_user).post(url("certificate_type_delete", office_type.pk))
    assert CertificateType.objects.filter(pk=office_type.pk).exists()
    client = client_for(admin_user)
    office_type.certificates.all().delete()
    client.post(url("certificate_type_delete", office_type.pk))
    assert not CertificateType.objects.filter(pk=office_type.pk).exists()
    assert AuditEvent.objects.filter(action="certificate_type.deleted").count() == 1


def test_alias_code_must_be_a_district_or_village_of_the_office(client_for, admin_user):
    client = client_for(admin_user)
    for code, message in [
        ("99.99", "bukan kode wilayah Kemendagri"),
        ("32.76.05", "bukan kecamatan atau kelurahan/desa"),  # Depok, not Tangerang Selatan
        ("36.74", "bukan kecamatan atau kelurahan/desa"),  # the city itself
    ]:
        html = client.post(url("region_alias_add"), {"alias": "Sarua", "code": code})
        assert message in html.content.decode(), code
    assert not RegionAlias.objects.exists()
    response = client.post(url("region_alias_add"), {"alias": "Kec. Pd Aren", "code": "36.74.03"})
    assert response.status_code == 302
    assert RegionAlias.objects.get().alias == "pondok aren"
    assert AuditEvent.objects.filter(action="region_alias.created").count() == 1


def test_alias_is_unique_in_the_office_and_removable(client_for, admin_user, alias):
    client = client_for(admin_user)
    html = client.post(url("region_alias_add"), {"alias": "SARUA", "code": "36.74.02"})
    assert "sudah memiliki nama lain" in html.content.decode()
    client.post(url("region_alias_delete", alias.pk))
    assert not RegionAlias.objects.exists()
    assert AuditEvent.objects.filter(action="region_alias.deleted").count() == 1


def _count(client, name):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(name)).status_code == 200
    return len(queries)


def test_catalogue_lists_run_a_constant_number_of_queries(client_for, admin_user, organisation):
    client = client_for(admin_user)
    ProductGroupFactory(organisation=organisation, code="satu")
    CertificateType.objects.create(organisation=organisation, code="t1", name="T1")
    RegionAlias.objects.create(organisation=organisation, alias="a1", code="36.74.01")
    one = {name: _count(client, name) for name in LISTS}
    for n in range(2, 6):
        ProductGroupFactory(organisation=organisation, code=f"g{n}")
        CertificateType.objects.create(organisation=organisation, code=f"t{n}", name=f"T{n}")
        RegionAlias.objects.create(organisation=organisation, alias=f"a{n}", code="36.74.01")
    assert {name: _count(client, name) for name in LISTS} == one
