import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.lib.qr import qr_svg

from ..factories import ApplicationFactory, OrganisationFactory, ProgrammeFactory
from ..registry.helpers import ORG, count_queries

CALLS = reverse("programmes:call_list")


def call_url(programme, name="programmes:call_detail"):
    return reverse(name, args=[programme.organisation.slug, programme.slug])


@pytest.fixture
def closed_call(organisation, product_groups):
    return ProgrammeFactory(
        organisation=organisation,
        title="Kurasi Produk IKM 2025",
        slug="kurasi-2025",
        year=2025,
        status="closed",
        registration_opens_at=timezone.now() - dt.timedelta(days=400),
        registration_closes_at=timezone.now() - dt.timedelta(days=370),
    )


@pytest.fixture
def draft_call(organisation, product_groups):
    return ProgrammeFactory(
        organisation=organisation, title="Draf Kurasi 2027", slug="draf-2027", status="draft"
    )


def test_call_list_is_public_open_first_and_hides_drafts(
    client, open_programme, closed_call, draft_call
):
    response = client.get(CALLS)
    assert response.status_code == 200
    assert [call.slug for call in response.context["calls"]] == ["kurasi-2026", "kurasi-2025"]


def test_call_list_shows_calls_of_all_offices(client, open_programme, other_organisation):
    ProgrammeFactory(organisation=other_organisation, title="Kurasi Depok", slug="kurasi-depok")
    content = client.get(CALLS).content.decode()
    assert "Kurasi Depok" in content
    assert "Kurasi Produk IKM 2026" in content


def test_call_list_query_count_does_not_grow(client, open_programme):
    one = count_queries(client, CALLS)
    for _ in range(10):
        ProgrammeFactory(organisation=OrganisationFactory())
    assert count_queries(client, CALLS) == one


def test_call_page_is_public_with_dates_quota_and_register_button(client, open_programme):
    open_programme.quota = 55
    open_programme.curation_date = dt.date(2026, 9, 19)
    open_programme.save()
    ApplicationFactory(programme=open_programme, status="submitted")
    ApplicationFactory(programme=open_programme, status="draft")
    response = client.get(call_url(open_programme))
    assert response.status_code == 200
    assert response.context["places_left"] == 54
    content = response.content.decode()
    assert f'href="/register/{ORG}/kurasi-2026/"' in content
    assert "19 September 2026" in content
    assert "Makanan" in content


def test_call_page_names_the_area_once(client, open_programme):
    organisation = open_programme.organisation
    page = client.get(call_url(open_programme)).content.decode()
    assert organisation.name in page
    assert f"{organisation.name} · " not in page  # the name says the area already
    organisation.name = "Disperindag"
    organisation.save()
    page = client.get(call_url(open_programme)).content.decode()
    assert f"Disperindag · {organisation.region_name}" in page


def test_call_page_of_closed_call_has_no_register_button(client, closed_call):
    response = client.get(call_url(closed_call))
    assert response.status_code == 200
    assert 'id="register-button"' not in response.content.decode()


def test_call_page_full_quota_has_no_register_button(client, open_programme):
    open_programme.quota = 1
    open_programme.save()
    ApplicationFactory(programme=open_programme, status="submitted")
    response = client.get(call_url(open_programme))
    assert response.context["places_left"] == 0
    assert 'id="register-button"' not in response.content.decode()


def test_draft_call_is_404_to_the_public(client, draft_call):
    assert client.get(call_url(draft_call)).status_code == 404
    assert client.get(call_url(draft_call, "programmes:call_print")).status_code == 404


def test_call_of_another_office_slug_is_404(client, open_programme, other_organisation):
    url = reverse("programmes:call_detail", args=[other_organisation.slug, open_programme.slug])
    assert client.get(url).status_code == 404


def test_printable_announcement(client, open_programme):
    open_programme.contact = "0812-0000-1111 (Rina)"
    open_programme.save()
    response = client.get(call_url(open_programme, "programmes:call_print"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="announcement call-announcement"' in content
    assert "Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan" in content
    assert "Kota Tangerang Selatan" in content
    assert "0812-0000-1111 (Rina)" in content
    assert f"/register/{ORG}/kurasi-2026/" in content


def test_printable_announcement_has_a_qr_code_to_registration_on_the_site(
    client, open_programme, settings
):
    settings.SITE_URL = "https://kurasi.example.go.id"
    expected = "https://kurasi.example.go.id" + reverse(
        "registration:start", args=[ORG, open_programme.slug]
    )
    content = client.get(call_url(open_programme, "programmes:call_print")).content.decode()
    assert f'<span class="register-link">{expected}</span>' in content
    qr = content[content.index('id="register-qr"') :]
    assert str(qr_svg(expected)) in qr  # the same modules as a QR code made from the address
    assert "Pindai untuk mendaftar" in qr
