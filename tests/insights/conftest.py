"""A small office history to compute figures from: applications with businesses of both
genders, decisions in passing and failing bands, certificates, facilitation and an exhibition;
and a province's office with two offices below it, each with decided applications."""

import datetime as dt
import itertools

import pytest
from django.core.cache import cache
from django.utils import timezone

from kurasi.accounts.models import Organisation, Role
from kurasi.curation.models import Decision, OutcomeBand

from ..conftest import _member
from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    OrganisationFactory,
    ProductFactory,
    ProductGroupFactory,
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


# --- offices in a chain: a province's office and the offices below it ----------------------------

PROVINCE = "disperindag-banten"
PROGRAMME_NUMBERS = itertools.count(1)


def office_below(province, *, name, slug, region_code):
    return OrganisationFactory(name=name, slug=slug, region_code=region_code, parent=province)


def decided(office, *, passed, failed, nib=0, year=2026, published=True):
    """A programme of `office` with `passed` + `failed` decided food products; the first `nib`
    businesses hold a NIB."""
    group = ProductGroupFactory(organisation=office, code="makanan", name="Makanan", is_food=True)
    programme = ProgrammeFactory(
        organisation=office,
        slug=f"kurasi-{office.slug}-{year}-{next(PROGRAMME_NUMBERS)}",
        year=year,
        status="open" if published else "draft",
    )
    bands = {
        True: OutcomeBand.objects.create(
            programme=programme, label="Lolos", minimum_score=70, is_pass=True
        ),
        False: OutcomeBand.objects.create(
            programme=programme, label="Belum lolos", minimum_score=0, is_pass=False
        ),
    }
    made = []
    for i in range(passed + failed):
        made.append(
            add_entry(
                programme,
                group,
                name=f"{office.slug} {i}",
                district=f"{office.region_code}.01" if "." in office.region_code else "36.74.01",
                band=bands[i < passed],
                nib=i < nib,
            )
        )
    return made


@pytest.fixture
def province(db):
    return OrganisationFactory(
        name="Disperindag Provinsi Banten", slug=PROVINCE, region_code="36", kind="dinas_perindag"
    )


@pytest.fixture
def tangsel(organisation, province):
    """The personas' office (36.74), under the province."""
    Organisation.objects.filter(pk=organisation.pk).update(parent=province)
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def kota_tangerang(province):
    return office_below(
        province,
        name="Disperindag Kota Tangerang",
        slug="disperindag-kota-tangerang",
        region_code="36.71",
    )


@pytest.fixture
def chain(tangsel, kota_tangerang):
    """Tangsel: 15 decided, 10 passed, 10 with a NIB. Kota Tangerang: 12 decided, 6 passed,
    6 with a NIB."""
    return {
        "tangsel": decided(tangsel, passed=10, failed=5, nib=10),
        "kota_tangerang": decided(kota_tangerang, passed=6, failed=6, nib=6),
    }


@pytest.fixture
def province_admin(province):
    return _member(province, Role.ADMIN, full_name="Dewi Lestari", email="admin@banten.test")


@pytest.fixture
def province_field_officer(province):
    return _member(province, Role.FIELD_OFFICER, full_name="Yudi", email="petugas@banten.test")


@pytest.fixture
def province_curator(province):
    return _member(province, Role.CURATOR, full_name="Sari", email="kurator@banten.test")
