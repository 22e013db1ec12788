"""Kota Tangerang's small 2017 curation (issue 20's second office below Banten): ten producers,
food and non-food, scored by two curators on 21 September 2017 and decided four days later — some
ready for a national exhibition, some for a regional one, two sent to coaching. A few food
products hold P-IRT and halal, one passing snack holds neither (a call asking for food permits
rejects it).

Made the way Tangsel's season is (kurasi/demo/registry.py, curation.py, decisions.py) but by
hand rather than drawn: ten rows are quicker to load and easier to read than a generator, and
each row is there to show one thing. Idempotent: natural keys throughout; a decided programme is
left as it is.
"""

import datetime as dt
import random

from django.conf import settings

from kurasi.accounts.models import Role, User
from kurasi.accounts.services import grant_role
from kurasi.curation.decisions import create_default_bands, decide, issue_letters
from kurasi.curation.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    CriterionScore,
    CurationPlan,
    CuratorCoverage,
    ProgrammeRubric,
)
from kurasi.curation.models_decisions import Decision
from kurasi.curation.scoring import CriterionSpec, to_decimal, weighted_score
from kurasi.curation.services import lock_rubric
from kurasi.programmes.models import Application, ApplicationStatus, Programme, ProgrammeStatus
from kurasi.registry.models import Business, Certificate, CertificateType, Product

from .accounts import upsert_user
from .curation import office_rubric
from .decisions import demo_code as letter_code
from .registry import KBLI_BY_GROUP, WIB, nik_for, seed_product_groups

PROGRAMME_SLUG = "kurasi-ikm-kota-tangerang-2017"
CURATION_DAY = dt.date(2017, 9, 21)
DECIDED_AT = dt.datetime(2017, 9, 25, 10, 0, tzinfo=WIB)
LETTERS_AT = dt.datetime(2017, 9, 27, 9, 0, tzinfo=WIB)

CURATORS = [
    ("kurator1@kota-tangerang.kurasi.test", "Lukman Hakim"),
    ("kurator2@kota-tangerang.kurasi.test", "Ratna Sari Dewi"),
]

# (business, owner, F/M, village, group, (product, unit, price, materials, packaging, shelf
# life), permits held for the product, quality on the 1–5 scale). Quality 4.4 and more lands in
# "ready for a national exhibition", 3.8 in "regional", 3.2 and less in "coaching".
PRODUCERS = [
    (
        "Kecap Benteng Cisadane",
        "Lim Siok Hwa",
        "F",
        "36.71.01.1004",
        "makanan",
        (
            "Kecap Manis Benteng",
            "botol 600 ml",
            28000,
            "kedelai hitam, gula aren, garam",
            "botol kaca",
            365,
        ),
        ("spp-irt", "halal"),
        4.6,
    ),
    (
        "Dodol Pasar Lama",
        "Tan Mei Ling",
        "F",
        "36.71.01.1001",
        "makanan",
        ("Kue Keranjang", "kotak 500 g", 45000, "ketan, gula pasir", "kotak karton", 60),
        ("spp-irt",),
        3.9,
    ),
    (
        "Laksa Bu Yati",
        "Suryati",
        "F",
        "36.71.07.1002",
        "makanan",
        (
            "Bumbu Laksa Tangerang",
            "pak 250 g",
            25000,
            "kelapa, kunyit, udang ebi, rempah",
            "plastik standing pouch",
            90,
        ),
        ("spp-irt", "halal"),
        4.0,
    ),
    (
        "Keripik Tempe Cipondoh",
        "Wawan Gunawan",
        "M",
        "36.71.05.1001",
        "makanan",
        (
            "Keripik Tempe Sagu",
            "pak 200 g",
            15000,
            "tempe, tepung sagu, bawang putih",
            "plastik PP",
            60,
        ),
        (),  # passes curation without any food permit: a call asking for one rejects it
        4.1,
    ),
    (
        "Sirup Karawaci",
        "Nurhasanah",
        "F",
        "36.71.07.1001",
        "minuman-ringan",
        ("Sirup Jeruk Nipis", "botol 600 ml", 32000, "jeruk nipis, gula", "botol kaca", 365),
        ("spp-irt",),
        3.8,
    ),
    (
        "Kopi Pinang",
        "Rudi Hartono",
        "M",
        "36.71.11.1001",
        "minuman-ringan",
        (
            "Kopi Bubuk Robusta Lampung",
            "pak 250 g",
            40000,
            "biji kopi robusta",
            "kemasan valve aluminium",
            270,
        ),
        (),
        3.0,
    ),
    (
        "Batik Tangerang Cisadane",
        "Ratna Juwita",
        "F",
        "36.71.10.1001",
        "busana",
        (
            "Kain Batik Tulis Motif Perahu Cisadane",
            "lembar 2 m",
            450000,
            "kain katun primisima, malam, pewarna alam",
            "kotak karton",
            None,
        ),
        (),
        4.5,
    ),
    (
        "Kebaya Encim Benteng",
        "Oey Lian Nio",
        "F",
        "36.71.01.1002",
        "busana",
        ("Kebaya Encim Bordir", "pcs", 350000, "kain voile, benang bordir", "kotak karton", None),
        (),
        3.9,
    ),
    (
        "Anyaman Neglasari",
        "Siti Aminah",
        "F",
        "36.71.10.1002",
        "tas",
        (
            "Tas Anyaman Eceng Gondok",
            "pcs",
            125000,
            "eceng gondok, kain furing",
            "kantong kain",
            None,
        ),
        (),
        4.0,
    ),
    (
        "Kriya Keramik Periuk",
        "Agus Salim",
        "M",
        "36.71.08.1001",
        "aksesori",
        (
            "Kalung Manik Keramik",
            "pcs",
            55000,
            "tanah liat, glasir, tali waxed",
            "kotak kecil",
            None,
        ),
        (),
        3.2,
    ),
]


def seed_tangerang(office, admin):
    """Kota Tangerang's curators, producers and decided 2017 programme. Returns the programme."""
    groups = seed_product_groups(office)
    curators = [upsert_user(email=email, full_name=name) for email, name in CURATORS]
    for curator in curators:
        grant_role(actor=None, organisation=office, user=curator, role=Role.CURATOR)
    programme = _programme(office, groups)
    if Decision.objects.filter(application__programme=programme).exists():
        return programme
    rng = random.Random(21092017)
    applications = [
        _application(rng, office, programme, groups, admin, index, row)
        for index, row in enumerate(PRODUCERS)
    ]
    _score(office, programme, groups, curators, applications, rng)
    _decide(programme, admin)
    return programme


def _programme(office, groups):
    programme, created = Programme.objects.get_or_create(
        organisation=office,
        slug=PROGRAMME_SLUG,
        defaults={
            "title": "Kurasi Produk IKM Kota Tangerang 2017",
            "year": 2017,
            "announcement": (
                "Disperindag Kota Tangerang mengundang IKM Kota Tangerang mendaftarkan produknya "
                "untuk dikurasi. Produk yang lolos dapat diusulkan ke Banten Trade Expo 2017."
            ),
            "registration_opens_at": dt.datetime(2017, 8, 28, 8, 0, tzinfo=WIB),
            "registration_closes_at": dt.datetime(2017, 9, 15, 16, 0, tzinfo=WIB),
            "curation_date": CURATION_DAY,
            "venue": "Gedung Pusat Pemerintahan Kota Tangerang",
            "contact": "Bidang Perindustrian, Disperindag Kota Tangerang",
            "status": ProgrammeStatus.CLOSED,
        },
    )
    if created:
        programme.product_groups.set(groups.values())
    return programme


def _application(rng, office, programme, groups, recorder, index, row):
    name, owner, gender, village, group, line, permits, _quality = row
    district = village.rsplit(".", 1)[0]
    recorded_at = dt.datetime(2017, 8, 28, 9, 0, tzinfo=WIB) + dt.timedelta(hours=5 * index)
    capital = rng.choice([25, 50, 100, 250]) * 1_000_000
    business, created = Business.objects.get_or_create(
        organisation=office,
        name=name,
        defaults={
            "owner_name": owner,
            "owner_gender": gender,
            "nik": nik_for(rng, district, gender == "F", rng.randint(1965, 1990)),
            "phone": f"+62813{rng.randint(10_000_000, 99_999_999)}",
            "phone_is_whatsapp": True,
            "address": f"Jl. Kisamaun No. {rng.randint(1, 120)}, RT 00{rng.randint(1, 9)}",
            "district_code": district,
            "village_code": village,
            "nib": f"912{rng.randint(0, 9_999_999_999):010d}",
            "kbli_codes": [KBLI_BY_GROUP[group][0]],
            "capital": capital,
            "yearly_sales": capital * 3,
            "year_founded": rng.randint(2000, 2015),
            "workers": rng.randint(2, 12),
            "consent_notice_version": settings.KURASI_PRIVACY_NOTICE_VERSION,
            "consent_recorded_by": recorder,
        },
    )
    if created:
        Business.objects.filter(pk=business.pk).update(
            consent_given_at=recorded_at, created_at=recorded_at
        )
    product_name, unit, price, materials, packaging, shelf_life = line
    product, _ = Product.objects.get_or_create(
        business=business,
        name=product_name,
        defaults={
            "group": groups[group],
            "description": f"{product_name} buatan {name}, diproduksi di Kota Tangerang.",
            "price": price,
            "unit": unit,
            "monthly_capacity": rng.choice([50, 100, 200, 400]),
            "materials": materials,
            "packaging": packaging,
            "shelf_life_days": shelf_life,
        },
    )
    _certificates(rng, business, product, permits)
    application, _ = Application.objects.get_or_create(
        programme=programme,
        product=product,
        defaults={
            "status": ApplicationStatus.VERIFIED,
            "submitted_at": recorded_at,
            "verified_at": recorded_at + dt.timedelta(days=2),
            "verified_by": recorder,
        },
    )
    return application


def _certificates(rng, business, product, permits):
    types = {t.code: t for t in CertificateType.objects.filter(organisation=None)}
    issued = dt.date(2016, rng.randint(1, 12), rng.randint(1, 28))
    wanted = [("nib", business.nib, None, None)]
    for code in permits:
        if code == "spp-irt":  # PerBPOM 22/2018, regency 3671 (Kota Tangerang), expiring 2021
            food_type, product_no = rng.randint(1, 16), rng.randint(1, 99)
            number = f"2{food_type:02d}3671{product_no:02d}{rng.randint(1, 9999):04d}-21"
            wanted.append((code, number, issued, issued.replace(year=issued.year + 5)))
        else:
            number = f"0021{rng.randint(10**11, 10**12 - 1)}"
            wanted.append((code, number, issued, issued.replace(year=issued.year + 2)))
    for code, number, issued_on, expires_on in wanted:
        kind = types[code]
        Certificate.objects.get_or_create(
            business=business,
            type=kind,
            number=kind.normalise_number(number),
            defaults={
                "product": None if code == "nib" else product,
                "issued_on": issued_on,
                "expires_on": expires_on,
                "issuer": kind.issuer,
                "token": f"demo{business.pk:06d}{code.replace('-', '')}{product.pk:06d}"[:32],
            },
        )


def _score(office, programme, groups, curators, applications, rng):
    """Both curators score every product (one table on a small day), near its quality."""
    CurationPlan.objects.get_or_create(
        programme=programme, defaults={"curators_per_application": 2}
    )
    rubrics = {
        True: office_rubric(office, "food"),
        False: office_rubric(office, "non_food"),
    }
    for group in groups.values():
        ProgrammeRubric.objects.get_or_create(
            programme=programme, product_group=group, defaults={"rubric": rubrics[group.is_food]}
        )
        for curator in curators:
            CuratorCoverage.objects.get_or_create(
                organisation=office, curator=curator, product_group=group
            )
    quality = {row[5][0]: row[7] for row in PRODUCERS}
    start = dt.datetime.combine(CURATION_DAY, dt.time(9, 0), WIB)
    for index, application in enumerate(applications):
        rubric = rubrics[application.product.group.is_food]
        lock_rubric(rubric)
        criteria = list(rubric.criteria.all())
        specs = [CriterionSpec(c.key, float(c.weight), c.minimum) for c in criteria]
        for curator in curators:
            _assess(application, curator, rubric, criteria, specs, quality, rng, start, index)


def _assess(application, curator: User, rubric, criteria, specs, quality, rng, start, index):
    Assignment.objects.get_or_create(
        application=application, curator=curator, defaults={"is_automatic": True}
    )
    assessment, created = Assessment.objects.get_or_create(
        application=application,
        curator=curator,
        defaults={"rubric": rubric, "status": AssessmentStatus.SUBMITTED},
    )
    if not created:
        return
    target = quality[application.product.name]
    values = {c.key: min(5, max(2, round(target + rng.uniform(-0.5, 0.5)))) for c in criteria}
    CriterionScore.objects.bulk_create(
        CriterionScore(assessment=assessment, criterion=c, value=values[c.key]) for c in criteria
    )
    assessment.weighted_score = to_decimal(
        weighted_score(values, specs, rubric.scale_min, rubric.scale_max)
    )
    assessment.submitted_at = start + dt.timedelta(minutes=12 * index)
    assessment.save(update_fields=["weighted_score", "submitted_at"])


def _decide(programme, admin):
    create_default_bands(actor=admin, programme=programme)
    ids = list(programme.applications.order_by("pk").values_list("pk", flat=True))
    decide(actor=admin, programme=programme, application_ids=ids, now=DECIDED_AT)
    issue_letters(actor=admin, programme=programme, now=LETTERS_AT, notify=False)
    # Random codes would differ on every fresh database; the demo's are seeded (on their own
    # generator, so a re-run that skips the scoring draws the same ones).
    rng = random.Random(27092017)
    for decision in Decision.objects.filter(application__programme=programme).order_by(
        "letter_number"
    ):
        Decision.objects.filter(pk=decision.pk).update(verification_code=letter_code(rng))
