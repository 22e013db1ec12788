"""A chain of offices for calls for nominations (issue 20).

Disperindag Provinsi Banten (36) organises Banten Trade Expo and asks the two offices below it —
Tangsel (36.74, the root conftest's `organisation` with its admin, field officer and curator) and
Kota Tangerang (36.71) — for nominees. Each office below has a decided programme whose
applications pass and fail (food and non-food; one food product with a valid halal certificate,
one without). The root `outsider` (Disperindag Kota Depok, 32.76) is an office of another
province: never asked, refused everything.

Fixtures: `province`, `province_admin`, `province_officer`, `province_curator`, `banten_expo`
(the organiser's exhibition with booth types), `tangsel` and `tangerang` (an `OfficeBelow` each),
`call` (a NominationCall, open, deadline in 14 days, halal asked for food), `call_tangsel` and
`call_tangerang` (its CallOffice rows).
"""

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from kurasi.accounts.models import Role
from kurasi.curation.decisions import create_default_bands
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.models import BoothType, Exhibition
from kurasi.nominations.models import CallOffice, CallStatus, NominationCall

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

# Applications of each office below, by key: (product, group code, band key or None, halal held)
# band keys: "national" and "regional" pass, "coaching" and "none" do not; "absent" did not come;
# "old" passed three years ago (outside the call's two years); None: not decided yet.
APPLICATIONS = {
    "bag": ("Tas Anyaman Pandan", "tas", "national", False),
    "food_halal": ("Keripik Tempe", "makanan", "regional", True),
    "food_no_halal": ("Sambal Roa", "makanan", "national", False),
    "failed": ("Dompet Kain Perca", "tas", "none", False),
    "coaching": ("Kue Kering Nastar", "makanan", "coaching", True),
    "absent": ("Tas Rajut", "tas", "absent", False),
    "old": ("Tas Batik", "tas", "old", False),
    "undecided": ("Bros Manik", "tas", None, False),
}


@dataclasses.dataclass
class OfficeBelow:
    office: object
    admin: object
    officer: object
    curator: object
    programme: object
    groups: dict
    applications: dict  # key of APPLICATIONS → Application
    halal: object  # the valid halal certificate of the "food_halal" product

    def app(self, key):
        return self.applications[key]


@pytest.fixture
def province(db):
    return OrganisationFactory(
        name="Disperindag Provinsi Banten", slug="disperindag-banten", region_code="36"
    )


@pytest.fixture
def province_admin(province):
    return _member(province, Role.ADMIN, full_name="Hendra Wijaya", email="admin@banten.test")


@pytest.fixture
def province_officer(province):
    return _member(
        province, Role.FIELD_OFFICER, full_name="Yuni Astuti", email="petugas@banten.test"
    )


@pytest.fixture
def province_curator(province):
    return _member(province, Role.CURATOR, full_name="Dedi Kurnia", email="kurator@banten.test")


@pytest.fixture
def province_groups(province):
    specs = [
        ("tas", "Tas", False),
        ("busana", "Busana", False),
        ("makanan", "Makanan", True),
        ("minuman-ringan", "Minuman ringan", True),
    ]
    return {
        code: ProductGroupFactory(organisation=province, code=code, name=name, is_food=food)
        for code, name, food in specs
    }


@pytest.fixture
def banten_expo(province, province_groups, province_admin):
    """The province's own exhibition (its programme is its own too), a month from now."""
    programme = ProgrammeFactory(
        organisation=province, title="Kurasi Provinsi Banten", slug="kurasi-banten"
    )
    create_default_bands(actor=province_admin, programme=programme)
    first_day = timezone.localdate() + dt.timedelta(days=30)
    show = Exhibition.objects.create(
        organisation=province,
        programme=programme,
        name="Banten Trade Expo",
        level="regional",
        venue="ICE BSD City",
        starts_on=first_day,
        ends_on=first_day + dt.timedelta(days=4),
        confirm_days=5,
    )
    BoothType.objects.create(exhibition=show, label="Standar", count=8, size="3 × 3 m")
    BoothType.objects.create(exhibition=show, label="Kuliner", count=4, power=True)
    return show


def _decided_office(office, admin, officer, curator, groups, first_day, owner=None):
    """A decided programme of `office` with the APPLICATIONS above."""
    programme = ProgrammeFactory(
        organisation=office, title=f"Kurasi {office.name}", slug=f"kurasi-{office.slug}"
    )
    bands = {b.target: b for b in create_default_bands(actor=admin, programme=programme)}
    district = f"{office.region_code}.01"
    recently = timezone.now() - dt.timedelta(days=30)
    applications, halal = {}, None
    for key, (name, group_code, band_key, halal_held) in APPLICATIONS.items():
        business = BusinessFactory(
            organisation=office,
            name=f"Usaha {name}",
            owner=owner if key == "food_halal" else None,
            district_code=district,
            village_code=f"{district}.1001",
        )
        product = ProductFactory(business=business, group=groups[group_code], name=name)
        application = ApplicationFactory(programme=programme, product=product, status="verified")
        applications[key] = application
        if band_key == "absent":
            Decision.objects.create(application=application, absent=True, decided_at=recently)
        elif band_key == "old":
            Decision.objects.create(
                application=application,
                band=bands["national"],
                score_snapshot={"mean": 85},
                decided_at=timezone.now() - dt.timedelta(days=3 * 365),
            )
        elif band_key is not None:
            Decision.objects.create(
                application=application,
                band=bands[band_key],
                score_snapshot={"mean": {"national": 88, "regional": 72}.get(band_key, 40)},
                decided_at=recently,
            )
        if halal_held:
            cert = CertificateFactory(
                business=business,
                product=product,
                type=certificate_type("halal"),
                issued_on=first_day - dt.timedelta(days=400),
                expires_on=first_day + dt.timedelta(days=365),
            )
            halal = halal or cert
    return OfficeBelow(
        office=office,
        admin=admin,
        officer=officer,
        curator=curator,
        programme=programme,
        groups=groups,
        applications=applications,
        halal=halal,
    )


@pytest.fixture
def tangsel(
    organisation, province, product_groups, admin_user, field_officer, curator, producer,
    banten_expo,
):  # fmt: skip
    """Tangsel (the root personas' office) under the province; Siti owns its halal food."""
    organisation.parent = province
    organisation.save(update_fields=["parent"])
    return _decided_office(
        organisation,
        admin_user,
        field_officer,
        curator,
        product_groups,
        banten_expo.starts_on,
        owner=producer,
    )


@pytest.fixture
def tangerang(province, banten_expo):
    """Kota Tangerang under the province. Its groups map to the province's by code (tas), by name
    (kuliner → "Makanan") and not at all (kriya kayu: the office chooses)."""
    office = OrganisationFactory(
        name="Disperindag Kota Tangerang",
        slug="disperindag-kota-tangerang",
        region_code="36.71",
        parent=province,
    )
    admin = _member(office, Role.ADMIN, full_name="Wulan Sari", email="admin@tangerang.test")
    officer = _member(
        office, Role.FIELD_OFFICER, full_name="Joko Prasetyo", email="petugas@tangerang.test"
    )
    curator = _member(office, Role.CURATOR, full_name="Sri Lestari", email="kurator@tangerang.test")
    groups = {
        "tas": ProductGroupFactory(organisation=office, code="tas", name="Tas"),
        "makanan": ProductGroupFactory(
            organisation=office, code="kuliner", name="makanan", is_food=True
        ),
        "kriya": ProductGroupFactory(organisation=office, code="kriya-kayu", name="Kriya kayu"),
    }
    setup = _decided_office(office, admin, officer, curator, groups, banten_expo.starts_on)
    business = BusinessFactory(
        organisation=office,
        name="Usaha Ukir Kayu",
        district_code="36.71.01",
        village_code="36.71.01.1001",
    )
    product = ProductFactory(business=business, group=groups["kriya"], name="Nampan Ukir")
    carving = ApplicationFactory(programme=setup.programme, product=product, status="verified")
    Decision.objects.create(
        application=carving,
        band=setup.programme.outcome_bands.get(target="national"),
        score_snapshot={"mean": 90},
        decided_at=timezone.now() - dt.timedelta(days=20),
    )
    setup.applications["carving"] = carving
    return setup


@pytest.fixture
def call(province, province_admin, province_groups, banten_expo, tangsel, tangerang):
    """An open call on Banten Trade Expo: 3 nominees from each office below, halal for food."""
    nomination_call = NominationCall.objects.create(
        organisation=province,
        exhibition=banten_expo,
        title="Nominasi Banten Trade Expo",
        note="Produk terbaik hasil kurasi dua tahun terakhir.",
        passed_within_years=2,
        food_certificate_codes=["halal"],
        deadline=timezone.now() + dt.timedelta(days=14),
        status=CallStatus.OPEN,
        opened_at=timezone.now(),
        created_by=province_admin,
    )
    nomination_call.groups.set(province_groups.values())
    for setup in (tangsel, tangerang):
        CallOffice.objects.create(call=nomination_call, office=setup.office, quota=3, minimum=1)
    return nomination_call


@pytest.fixture
def call_tangsel(call, tangsel):
    return call.offices.get(office=tangsel.office)


@pytest.fixture
def call_tangerang(call, tangerang):
    return call.offices.get(office=tangerang.office)
