"""Money and decimals the reader's way on pages: Rp 75.000.000 and 20,50 in Bahasa Indonesia,
Rp 75,000,000 and 20.50 in English (kurasi/lib/numbers.py)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from kurasi.facilitation.models_programmes import FacilitationProgramme

from .factories import BusinessFactory

NBSP = "\N{NO-BREAK SPACE}"
ORG = "disperindag-tangsel"


def test_business_page_shows_rupiah_with_thousands_dots_in_indonesian(
    client_for, admin_user, organisation
):
    business = BusinessFactory(
        organisation=organisation, capital=Decimal("75000000"), yearly_sales=1_250_000_000
    )
    client = client_for(admin_user)
    url = reverse("registry:business_detail", args=[ORG, business.pk])

    html = client.get(url).content.decode()
    assert f"Rp{NBSP}75.000.000" in html
    assert f"Rp{NBSP}1.250.000.000" in html
    assert "75000000" not in html

    client.cookies["kurasi_language"] = "en"
    english = client.get(url).content.decode()
    assert f"Rp{NBSP}75,000,000" in english


def test_facilitation_programmes_show_the_cost_in_rupiah(client_for, admin_user, organisation):
    FacilitationProgramme.objects.create(
        organisation=organisation,
        title="Pelatihan pengemasan",
        kind="training",
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 4),
        cost_to_producer=Decimal("150000"),
    )
    url = reverse("facilitation:programme_list", args=[ORG])

    html = client_for(admin_user).get(url).content.decode()

    assert f"Rp{NBSP}150.000" in html
    assert "Rp150000" not in html


def test_list_counts_over_999_are_grouped_the_readers_way(client_for, admin_user, organisation):
    """Counts read 1.000 in Bahasa Indonesia and 1,000 in English; years and ids stay plain."""
    from kurasi.registry.models import Business

    Business.objects.bulk_create(BusinessFactory.build_batch(1250, organisation=organisation))
    client = client_for(admin_user)
    url = reverse("registry:business_list", args=[ORG])

    # The list counts up to 1,000 and then says "more than".
    html = client.get(url).content.decode()
    assert "Lebih dari 1.000 usaha" in html
    assert "1000 usaha" not in html

    client.cookies["kurasi_language"] = "en"
    assert "More than 1,000 businesses" in client.get(url).content.decode()
