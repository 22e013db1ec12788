import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    ProductFactory,
    certificate_type,
)
from ..html_refs import dangling_descriptions, described_by
from .helpers import ORG, count_queries


def detail_url(business):
    return reverse("registry:business_detail", args=[ORG, business.pk])


@pytest.fixture
def business(organisation, product_groups):
    business = BusinessFactory(
        organisation=organisation,
        name="Keripik Bu Ani",
        owner_name="Ani Suryani",
        nik="3674015508950001",
        phone="+6281234567890",
        nib="9120001234567",
        district_code="36.74.04",
        village_code="36.74.04.1003",
    )
    ProductFactory(business=business, group=product_groups["makanan"], name="Keripik Singkong")
    return business


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_business_page_allowed_to_registry_staff(client_for, request, persona, business):
    response = client_for(request.getfixturevalue(persona)).get(detail_url(business))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Keripik Singkong" in content
    assert "Ciputat" in content  # the district's name, from its code


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_business_page_refused(client_for, request, persona, status, business):
    assert client_for(request.getfixturevalue(persona)).get(detail_url(business)).status_code == (
        status
    )


def test_business_page_anonymous_is_sent_to_login(client, business):
    assert client.get(detail_url(business)).status_code == 302


def test_business_page_shows_full_nik_to_admin_and_whatsapp_link(client_for, admin_user, business):
    content = client_for(admin_user).get(detail_url(business)).content.decode()
    assert '<dd id="nik">3674015508950001</dd>' in content
    assert "https://wa.me/6281234567890?text=" in content
    assert "0812-3456-7890" in content


def test_business_page_never_puts_nik_in_a_link(client_for, admin_user, business):
    content = client_for(admin_user).get(detail_url(business)).content.decode()
    for attribute in ('href="', 'action="', 'src="'):
        for chunk in content.split(attribute)[1:]:
            assert business.nik not in chunk.split('"')[0]


def test_business_page_certificate_status_badges(client_for, admin_user, business):
    today = timezone.localdate()
    CertificateFactory(
        business=business,
        type=certificate_type("spp-irt"),
        number="206367401012322",
        expires_on=today + dt.timedelta(days=400),
        verified_at=timezone.now(),
    )
    CertificateFactory(
        business=business,
        type=certificate_type("halal"),
        number="ID31110000123450121",
        expires_on=today + dt.timedelta(days=30),
    )
    CertificateFactory(
        business=business,
        type=certificate_type("merek"),
        number="IDM000123456",
        expires_on=today - dt.timedelta(days=1),
    )
    content = client_for(admin_user).get(detail_url(business)).content.decode()
    assert content.count('data-status="valid"') == 1
    assert content.count('data-status="expiring"') == 1
    assert content.count('data-status="expired"') == 1
    assert content.count('data-status="unverified"') == 2


def test_business_page_shows_applications_duplicates_and_history(
    client_for, admin_user, business, open_programme, organisation
):
    ApplicationFactory(
        programme=open_programme, product=business.products.get(), status="submitted"
    )
    BusinessFactory(organisation=organisation, name="Keripik Ani (lama)", phone=business.phone)
    client = client_for(admin_user)
    client.post(
        reverse("registry:business_edit", args=[ORG, business.pk]),
        _business_form_data(business, name="Keripik Bu Ani Jaya"),
    )
    response = client.get(detail_url(business))
    content = response.content.decode()
    assert "Kurasi Produk IKM 2026" in content
    assert [m.business.name for m in response.context["duplicates"]] == ["Keripik Ani (lama)"]
    assert "Data usaha diubah" in content  # the action's label, not its code


def test_business_page_query_count_does_not_grow(client_for, admin_user, business, product_groups):
    client = client_for(admin_user)
    few = count_queries(client, detail_url(business))
    for number in range(10):
        product = ProductFactory(business=business, group=product_groups["tas"])
        CertificateFactory(business=business, product=product, number=f"91200000000{number:02d}")
    assert count_queries(client, detail_url(business)) == few


def _business_form_data(business, **overrides):
    data = {
        "name": business.name,
        "owner_name": business.owner_name,
        "owner_gender": "F",
        "nik": business.nik,
        "phone": "0812-3456-7890",
        "phone_is_whatsapp": "on",
        "email": "",
        "address": "Jl. Merpati 3",
        "village_code": business.village_code,
        "postal_code": "",
        "nib": business.nib,
        "npwp": "",
        "kbli_codes": "10794",
        "capital": "",
        "yearly_sales": "",
        "year_founded": "",
        "workers": "",
        "marketplace_links": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_business_edit_saves_through_the_service(client_for, request, persona, business):
    url = reverse("registry:business_edit", args=[ORG, business.pk])
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url).status_code == 200
    response = client.post(url, _business_form_data(business, name="Keripik Bu Ani Jaya"))
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.name == "Keripik Bu Ani Jaya"
    assert business.kbli_codes == ["10794"]
    assert AuditEvent.objects.for_object(business).filter(action="business.changed").exists()


def test_business_edit_bad_input_keeps_typing(client_for, admin_user, business):
    url = reverse("registry:business_edit", args=[ORG, business.pk])
    response = client_for(admin_user).post(
        url, _business_form_data(business, name="Nama Baru", phone="12345")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Nama Baru"' in content
    assert ("phone", "id_phone_error") in described_by(content)[0]
    assert dangling_descriptions(content) == []
    business.refresh_from_db()
    assert business.name == "Keripik Bu Ani"


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_business_edit_refused(client_for, request, persona, status, business):
    url = reverse("registry:business_edit", args=[ORG, business.pk])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_merged_record_redirects_to_the_kept_one(client_for, admin_user, business, organisation):
    old = BusinessFactory(organisation=organisation, merged_into=business)
    response = client_for(admin_user).get(detail_url(old))
    assert response.status_code == 302
    assert response.url == detail_url(business)


def test_merged_record_of_another_office_stays_404(client_for, outsider, business, organisation):
    old = BusinessFactory(organisation=organisation, merged_into=business)
    assert client_for(outsider).get(detail_url(old)).status_code == 404
