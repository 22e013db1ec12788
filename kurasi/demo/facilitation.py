"""Facilitation after the 2017 curation (pembinaan): halal, P-IRT and packaging programmes for the
gaps found, certificates gained in late 2017 and 2018, and the 2018 call to which about half of
2017's producers return. Deterministic (seeded random) and idempotent."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from kurasi.facilitation import services
from kurasi.facilitation.candidates import candidates_for
from kurasi.facilitation.models import (
    FacilitationKind,
    FacilitationProgramme,
    LegalityRule,
    Participation,
    ParticipationStatus,
    ProductLegalProfile,
    SniCategory,
)
from kurasi.facilitation.shipped import ensure_shipped_rules
from kurasi.programmes.models import Application, ApplicationStatus, Programme, ProgrammeStatus
from kurasi.registry.models import Business, CertificateType, Product

WIB = ZoneInfo("Asia/Jakarta")
PROGRAMME_2018_SLUG = "kurasi-produk-ikm-2018"

# Facts the registry lacks, recorded by staff on the products' legality profiles.
PROFILES = {
    "Kue Kering Nastar": {"sni_category": SniCategory.BISCUITS},
    "Minuman Sari Lemon": {"high_risk": True},  # pasteurised juice: BPOM MD, not P-IRT
}

PROGRAMMES_2017 = [
    {
        "title": "Fasilitasi Sertifikasi Halal 2017",
        "kind": FacilitationKind.CERTIFICATION,
        "target": "halal",
        "quota": 15,
        "starts_on": dt.date(2017, 10, 9),
        "ends_on": dt.date(2017, 12, 15),
        "provider": "LPPOM MUI Provinsi Banten",
        "description": "Biaya sertifikasi ditanggung APBD Kota Tangerang Selatan 2017. Peserta "
        "dibantu menyusun daftar bahan dan Sistem Jaminan Halal. (Jalur self-declare BPJPH "
        "baru ada sejak 2021.)",
    },
    {
        "title": "Pendampingan P-IRT 2017",
        "kind": FacilitationKind.CERTIFICATION,
        "target": "spp-irt",
        "quota": 10,
        "starts_on": dt.date(2017, 10, 16),
        "ends_on": dt.date(2017, 12, 22),
        "provider": "Dinas Kesehatan Kota Tangerang Selatan",
        "description": "Penyuluhan Keamanan Pangan (PKP) dua hari, pemeriksaan sarana produksi, "
        "dan pengajuan SPP-IRT.",
    },
    {
        "title": "Pelatihan Desain Kemasan 2017",
        "kind": FacilitationKind.TRAINING,
        "criterion": "kemasan",
        "quota": 12,
        "starts_on": dt.date(2017, 11, 6),
        "ends_on": dt.date(2017, 11, 10),
        "provider": "Rumah Kemasan Provinsi Banten",
        "description": "Lima hari: merek, tata letak label, bahan kemasan pangan, cetak digital.",
    },
]


def seed_profiles(organisation):
    for name, fields in PROFILES.items():
        for product in Product.objects.for_organisation(organisation).filter(name=name):
            ProductLegalProfile.objects.get_or_create(product=product, defaults=fields)


def _at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=WIB)


def seed_programme(rng, organisation, spec, admin):
    target = (
        CertificateType.objects.get(organisation=None, code=spec["target"])
        if spec.get("target")
        else None
    )
    programme, created = FacilitationProgramme.objects.get_or_create(
        organisation=organisation,
        title=spec["title"],
        defaults={
            "kind": spec["kind"],
            "target_type": target,
            "target_criterion_key": spec.get("criterion", ""),
            "quota": spec["quota"],
            "starts_on": spec["starts_on"],
            "ends_on": spec["ends_on"],
            "provider": spec["provider"],
            "cost_to_producer": 0,
            "description": spec["description"],
            "created_by": admin,
        },
    )
    if not created or programme.participations.exists():
        return programme
    candidates = [c["business"] for c in candidates_for(programme, [])][: spec["quota"]]
    services.add_participants(
        actor=admin, programme=programme, businesses=candidates, status=ParticipationStatus.ENROLLED
    )
    for index, participation in enumerate(
        programme.participations.select_related("business").order_by("business__name", "pk")
    ):
        seed_outcome(rng, programme, participation, index, admin)
    return programme


def seed_outcome(rng, programme, participation, index, admin):
    """Most finish; some drop out; certificates arrive between December 2017 and April 2018."""
    roll = rng.random()
    start = programme.starts_on
    if roll < 0.2:
        services.change_status(
            actor=admin,
            participation=participation,
            status=ParticipationStatus.DROPPED,
            note="Tidak hadir pada pertemuan kedua dan seterusnya.",
        )
        when = {"dropped_at": _at(start + dt.timedelta(days=14))}
    elif programme.target_type is None:
        services.change_status(
            actor=admin,
            participation=participation,
            status=ParticipationStatus.DONE,
            note="Lulus pelatihan; rancangan kemasan baru dibuat.",
        )
        when = {"done_at": _at(programme.ends_on, 15)}
    elif roll < 0.3:
        services.change_status(
            actor=admin, participation=participation, status=ParticipationStatus.IN_PROGRESS
        )
        when = {"started_at": _at(start + dt.timedelta(days=7))}
    else:
        issued = programme.ends_on + dt.timedelta(days=rng.randint(0, 120))
        product = _first_product_needing(participation.business, programme)
        services.complete_with_certificate(
            actor=admin,
            participation=participation,
            number=_number(rng, programme.target_type.code, issued),
            issued_on=issued,
            # MUI's halal certificates of the time held two years; P-IRT takes its type's five.
            expires_on=issued.replace(year=issued.year + 2)
            if programme.target_type.code == "halal"
            else None,
            product=product,
        )
        when = {"done_at": _at(issued, 14)}
    Participation.objects.filter(pk=participation.pk).update(
        invited_at=_at(start - dt.timedelta(days=14)),
        enrolled_at=_at(start - dt.timedelta(days=7)),
        **when,
    )


def _first_product_needing(business, programme):
    # A halal certificate covers the whole business here; a P-IRT names one food product.
    if programme.target_type.code != "spp-irt":
        return None
    return business.products.filter(group__is_food=True).order_by("pk").first()


def _number(rng, code, issued):
    if code == "spp-irt":
        return (
            f"{rng.randint(1, 5)}{rng.randint(1, 16):02d}3674{rng.randint(1, 99):02d}"
            f"{rng.randint(1, 9999):04d}{(issued.year + 5) % 100:02d}"
        )
    return f"00210{rng.randint(10**10, 10**11 - 1)}"


def seed_programme_2018(rng, organisation, programme_2017):
    programme, created = Programme.objects.get_or_create(
        organisation=organisation,
        slug=PROGRAMME_2018_SLUG,
        defaults={
            "title": "Kurasi Produk IKM 2018",
            "year": 2018,
            "announcement": programme_2017.announcement.replace("2017", "2018"),
            "registration_opens_at": dt.datetime(2018, 8, 6, 8, 0, tzinfo=WIB),
            "registration_closes_at": dt.datetime(2018, 9, 7, 16, 0, tzinfo=WIB),
            "curation_date": dt.date(2018, 9, 18),
            "venue": programme_2017.venue,
            "contact": programme_2017.contact,
            "status": ProgrammeStatus.CLOSED,
        },
    )
    if not created:
        return programme
    programme.product_groups.set(programme_2017.product_groups.all())
    programme.required_certificate_types.set(programme_2017.required_certificate_types.all())
    businesses = list(
        Business.objects.filter(products__applications__programme=programme_2017)
        .distinct()
        .order_by("pk")
    )
    helped = set(
        Participation.objects.filter(
            programme__organisation=organisation, status=ParticipationStatus.DONE
        ).values_list("business_id", flat=True)
    )
    # Those the office helped come back more often; the demo producer (first business) returns.
    returning = [
        b
        for i, b in enumerate(businesses)
        if i == 0 or rng.random() < (0.75 if b.pk in helped else 0.3)
    ]
    for index, business in enumerate(returning):
        product = business.products.order_by("pk").first()
        submitted = programme.registration_opens_at + dt.timedelta(hours=9 * index + 3)
        Application.objects.get_or_create(
            programme=programme,
            product=product,
            defaults={
                "status": ApplicationStatus.VERIFIED,
                "submitted_at": submitted,
                "verified_at": submitted + dt.timedelta(days=2),
            },
        )
    return programme


def seed_facilitation(organisation, programme_2017, admin):
    ensure_shipped_rules(LegalityRule, CertificateType)
    seed_profiles(organisation)
    rng = random.Random(9102017)
    for spec in PROGRAMMES_2017:
        seed_programme(rng, organisation, spec, admin)
    return seed_programme_2018(rng, organisation, programme_2017)
