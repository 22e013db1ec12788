"""A small office history to compute figures from: applications with businesses of both
genders, decisions in passing and failing bands, certificates, facilitation and an exhibition."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from kurasi.curation.models import Decision, OutcomeBand

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    ProductFactory,
    ProgrammeFactory,
    certificate_type,
)


@pytest.fixture
def bands(open_programme):
    return {
        "pass": OutcomeBand.objects.create(
            programme=open_programme, label="Lolos", minimum_score=70, is_pass=True
        ),
        "fail": OutcomeBand.objects.create(
            programme=open_programme, label="Belum lolos", minimum_score=0, is_pass=False
        ),
    }


def add_entry(
    programme,
    group,
    *,
    name,
    gender="F",
    district="36.74.01",
    band=None,
    nib=False,
    halal_issued=None,
    submitted=None,
):
    """One business with one product entered (verified) into the programme."""
    business = BusinessFactory(
        organisation=programme.organisation,
        name=f"Usaha {name}",
        owner_name=f"Pemilik {name}",
        owner_gender=gender,
        district_code=district,
        village_code=f"{district}.1001",
        scale="micro",
        nik="3674015508950001",
        address="Jl. Rahasia No. 7",
    )
    if nib:
        CertificateFactory(business=business, type=certificate_type("nib"))
    if halal_issued:
        CertificateFactory(
            business=business, type=certificate_type("halal"), number="ID1", issued_on=halal_issued
        )
    product = ProductFactory(business=business, group=group, name=f"Produk {name}")
    application = ApplicationFactory(
        programme=programme,
        product=product,
        status="verified",
        submitted_at=submitted or timezone.now(),
    )
    if band is not None:
        Decision.objects.create(application=application, band=band, decided_at=timezone.now())
    return application


@pytest.fixture
def entries(open_programme, product_groups, bands):
    """Twelve applications: 8 food (6 passed), 4 bags (1 passed); 9 women, 3 men."""
    made = []
    for i in range(8):
        made.append(
            add_entry(
                open_programme,
                product_groups["makanan"],
                name=f"Makanan {i}",
                gender="F" if i < 6 else "M",
                band=bands["pass"] if i < 6 else bands["fail"],
                nib=i < 4,
                halal_issued=dt.date(2020, 5, 1) if i < 2 else None,
            )
        )
    for i in range(4):
        made.append(
            add_entry(
                open_programme,
                product_groups["tas"],
                name=f"Tas {i}",
                gender="F" if i < 3 else "M",
                district="36.74.03",
                band=bands["pass"] if i == 0 else bands["fail"],
            )
        )
    return made


@pytest.fixture
def old_programme(organisation, product_groups):
    now = timezone.now()
    return ProgrammeFactory(
        organisation=organisation,
        title="Kurasi Produk IKM 2017",
        slug="kurasi-2017",
        year=2017,
        status="finished",
        registration_opens_at=now - dt.timedelta(days=3000),
        registration_closes_at=now - dt.timedelta(days=2990),
    )


@pytest.fixture(autouse=True)
def empty_cache(db):
    """The figures are kept in the cache under a fingerprint of ids and change times, which a
    rolled-back test database can repeat from one test to the next."""
    cache.clear()
    yield
    cache.clear()
