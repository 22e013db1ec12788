"""A micro food business (Siti's) without halal or P-IRT, a bag maker with everything, and the
shipped legality rules (re-created when a transactional test flushed them)."""

import datetime as dt

import pytest
from django.urls import reverse

from kurasi.facilitation.models import FacilitationKind, FacilitationProgramme, LegalityRule
from kurasi.facilitation.shipped import ensure_shipped_rules
from kurasi.registry.models import CertificateType
from kurasi.registry.shipped import ensure_shipped_certificate_types

from ..factories import BusinessFactory, CertificateFactory, ProductFactory, certificate_type

HALAL_DAY = dt.date(2026, 10, 17)  # halal mandatory for micro and small firms' food


@pytest.fixture
def rules(db):
    ensure_shipped_certificate_types(CertificateType)
    ensure_shipped_rules(LegalityRule, CertificateType)
    return LegalityRule.objects.filter(organisation=None)


@pytest.fixture
def siti(rules, organisation, product_groups, producer):
    """Micro food business with NIB, no halal, no P-IRT."""
    business = BusinessFactory(
        organisation=organisation,
        owner=producer,
        name="Dapur Siti",
        capital=50_000_000,
        yearly_sales=200_000_000,
        nik="3674015508950001",
        district_code="36.74.01",
        nib="9120001234567",
    )
    ProductFactory(
        business=business,
        group=product_groups["makanan"],
        name="Keripik Balado",
        shelf_life_days=120,
    )
    return business


@pytest.fixture
def complete_bag_maker(rules, organisation, product_groups):
    business = BusinessFactory(
        organisation=organisation, name="Tas Lengkap", capital=50_000_000, district_code="36.74.02"
    )
    product = ProductFactory(business=business, group=product_groups["tas"], name="Tas Anyaman")
    for code in ("nib", "merek", "sni", "halal"):
        CertificateFactory(
            business=business,
            product=None if code in ("nib", "merek") else product,
            type=certificate_type(code),
            number=f"X{code}1",
            issued_on=dt.date(2016, 1, 1),
        )
    return business


def make_food_business(organisation, group, name, **fields):
    business = BusinessFactory(organisation=organisation, name=name, capital=50_000_000, **fields)
    ProductFactory(business=business, group=group, name=f"Produk {name}", shelf_life_days=90)
    return business


@pytest.fixture
def halal_programme(rules, organisation):
    return FacilitationProgramme.objects.create(
        organisation=organisation,
        title="Fasilitasi Sertifikasi Halal 2026",
        kind=FacilitationKind.CERTIFICATION,
        target_type=certificate_type("halal"),
        quota=10,
        starts_on=HALAL_DAY,
        ends_on=dt.date(2026, 12, 31),
        provider="BPJPH",
    )


def gaps_url(organisation, **params):
    from urllib.parse import urlencode

    return reverse("facilitation:gap_lists", args=[organisation.slug]) + (
        "?" + urlencode(params) if params else ""
    )


@pytest.fixture
def scored_2017(siti, organisation, product_groups, admin_user, curator):
    """Siti's product scored in a 2017 programme: packaging design weak (2), with advice."""
    from kurasi.accounts.models import Role
    from kurasi.curation.models import ProgrammeRubric
    from kurasi.curation.services import copy_preset

    from ..curation_results.conftest import score
    from ..factories import ApplicationFactory, MembershipFactory, ProgrammeFactory

    programme = ProgrammeFactory(
        organisation=organisation,
        title="Kurasi Produk IKM 2017",
        slug="kurasi-2017",
        year=2017,
        status="closed",
        curation_date=dt.date(2017, 9, 19),
    )
    rubric = copy_preset(actor=admin_user, organisation=organisation, preset_code="food")
    ProgrammeRubric.objects.create(
        programme=programme, product_group=product_groups["makanan"], rubric=rubric
    )
    application = ApplicationFactory(
        programme=programme, product=siti.products.get(), status="verified"
    )
    second = MembershipFactory(organisation=organisation, role=Role.CURATOR).user
    values = {c.key: 4 for c in rubric.criteria.all()}
    values["desain-kemasan"] = 2
    advice = {"desain-kemasan": "Perjelas merek pada kemasan depan."}
    score(programme, application, curator, values, advice=advice)
    score(programme, application, second, values)
    return application
