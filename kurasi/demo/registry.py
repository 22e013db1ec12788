"""The 55 producers of the 2017 call and the call itself (DOMAIN.md §1), deterministically.

A seeded random generator draws every name, number and date, so each run produces exactly the
same records; lookups by natural keys make a second run change nothing.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings

from kurasi.accounts.models import Organisation, User
from kurasi.programmes.models import Application, ApplicationStatus, Programme, ProgrammeStatus
from kurasi.registry.models import Business, Certificate, CertificateType, Product, ProductGroup
from kurasi.registry.regions import districts_in, villages_in
from kurasi.registry.shipped import ensure_shipped_certificate_types

from .catalogue import (
    BRAND_WORDS,
    FAMILY_NAMES,
    FEMALE_NAMES,
    GROUP_SHARE,
    MALE_NAMES,
    PRODUCT_GROUPS,
    PRODUCT_LINES,
    STREETS,
)

WIB = ZoneInfo("Asia/Jakarta")
PRODUCER_COUNT = 55
PROGRAMME_SLUG = "kurasi-produk-ikm-2017"
DEMO_PRODUCER_NAME = "Siti Rahmawati"
MOBILE_PREFIXES = ["12", "13", "21", "57", "78", "95"]
KBLI_BY_GROUP = {code: kbli for code, _, _, kbli in PRODUCT_GROUPS}

ANNOUNCEMENT_2017 = """\
Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan mengundang pelaku Industri Kecil dan \
Menengah (IKM) di Kota Tangerang Selatan untuk mendaftarkan produknya dalam Kurasi Produk IKM 2017.

Kurasi dilakukan secara rinci oleh petugas dan kurator: pendataan produsen dan produk, penilaian \
mutu dan kemasan, serta pemeriksaan legalitas (NIB, P-IRT, halal, SNI). Hasilnya menjadi bahan \
pembinaan agar produk memenuhi baku mutu dan legalitasnya lengkap. Produk yang lolos kurasi dapat \
diikutsertakan dalam Trade Expo Indonesia 2017 dan Banten Trade Expo 2017.

Pendaftaran terbuka bagi produk tas, busana, aksesori, makanan, dan minuman ringan. Tidak dipungut \
biaya."""


def seed_product_groups(organisation):
    groups = {}
    for position, (code, name, is_food, kbli) in enumerate(PRODUCT_GROUPS):
        groups[code], _ = ProductGroup.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={"name": name, "is_food": is_food, "kbli_codes": kbli, "position": position},
        )
    return groups


def seed_programme_2017(organisation, groups):
    programme, created = Programme.objects.get_or_create(
        organisation=organisation,
        slug=PROGRAMME_SLUG,
        defaults={
            "title": "Kurasi Produk IKM 2017",
            "year": 2017,
            "announcement": ANNOUNCEMENT_2017,
            "registration_opens_at": dt.datetime(2017, 8, 21, 8, 0, tzinfo=WIB),
            "registration_closes_at": dt.datetime(2017, 9, 15, 16, 0, tzinfo=WIB),
            "curation_date": dt.date(2017, 9, 19),
            "venue": "Ruang Gintung, Pusat Pemerintahan Kota Tangerang Selatan lantai 4",
            "contact": "Bidang Perindustrian, Disperindag Kota Tangerang Selatan",
            "status": ProgrammeStatus.CLOSED,
        },
    )
    if created:
        programme.product_groups.set(groups.values())
        programme.required_certificate_types.set(
            CertificateType.objects.filter(code="nib", organisation=None)
        )
    return programme


def nik_for(rng, district_code, female, birth_year):
    """A structurally valid NIK issued in the district (DOMAIN.md §4: women's day + 40)."""
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    region = district_code.replace(".", "")
    day_code = day + 40 if female else day
    return f"{region}{day_code:02d}{month:02d}{birth_year % 100:02d}{rng.randint(1, 999):04d}"


def producer_specs(rng, organisation):
    """55 producers: every village of the area gets one, then the rest spread over districts."""
    villages = [v for d, _ in districts_in(organisation.region_code) for v, _ in villages_in(d)]
    places = villages + rng.sample(villages, PRODUCER_COUNT - len(villages))
    group_codes = [code for code, count in GROUP_SHARE.items() for _ in range(count)]
    rng.shuffle(group_codes)
    # The demo producer (Siti) runs a food business: the first place goes to "makanan".
    first_food = group_codes.index("makanan")
    group_codes[0], group_codes[first_food] = group_codes[first_food], group_codes[0]
    used_names = set()
    for index, (village, group) in enumerate(zip(places, group_codes, strict=True)):
        female = rng.random() < 0.62  # most food and clothing IKM owners in the article's groups
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        owner = f"{first} {rng.choice(FAMILY_NAMES)}"
        patterns, lines = PRODUCT_LINES[group]
        name = rng.choice(patterns).format(brand=rng.choice(BRAND_WORDS), owner=first)
        if index == 0:
            female, owner, name = True, DEMO_PRODUCER_NAME, "Dapur Siti"
        while name in used_names:
            name = f"{name} {rng.choice(BRAND_WORDS)}"
        used_names.add(name)
        yield {
            "index": index,
            "village": village,
            "group": group,
            "female": female,
            "owner": owner,
            "name": name,
            "lines": rng.sample(lines, 2 if rng.random() < 0.2 else 1),
        }


def seed_producers(organisation, groups, programme, demo_producer: User, recorder: User):
    rng = random.Random(2017)
    submitted_base = programme.registration_opens_at
    for spec in producer_specs(rng, organisation):
        business = seed_business(rng, organisation, spec, recorder)
        if spec["index"] == 0:
            # The demo producer's login owns the first business, so their pages have content.
            Business.objects.filter(pk=business.pk, owner__isnull=True).update(
                owner=demo_producer, phone=demo_producer.phone
            )
        submitted_at = submitted_base + dt.timedelta(hours=6 * spec["index"] + 2)
        for line in spec["lines"]:
            product = seed_product(rng, business, groups[spec["group"]], line)
            seed_certificates(rng, business, product, spec["group"])
            Application.objects.get_or_create(
                programme=programme,
                product=product,
                defaults={
                    "status": ApplicationStatus.VERIFIED,
                    "submitted_at": submitted_at,
                    "verified_at": submitted_at + dt.timedelta(days=2),
                    "verified_by": recorder,
                    "registered_by": recorder if spec["index"] % 4 == 3 else None,
                },
            )


def seed_business(rng, organisation, spec, recorder):
    birth_year = rng.randint(1965, 1995)
    district = spec["village"].rsplit(".", 1)[0]
    capital = rng.choice([25, 50, 75, 150, 300, 600, 1500]) * 1_000_000
    fields = {
        "owner_name": spec["owner"],
        "owner_gender": "F" if spec["female"] else "M",
        "nik": nik_for(rng, district, spec["female"], birth_year) if rng.random() < 0.8 else "",
        "phone": f"+628{rng.choice(MOBILE_PREFIXES)}{rng.randint(10_000_000, 99_999_999)}",
        "phone_is_whatsapp": rng.random() < 0.9,
        "address": (
            f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}, "
            f"RT {rng.randint(1, 9):03d}/RW {rng.randint(1, 12):03d}"
        ),
        "district_code": district,
        "village_code": spec["village"],
        "nib": f"912{rng.randint(0, 9_999_999_999):010d}" if rng.random() < 0.75 else "",
        "kbli_codes": [KBLI_BY_GROUP[spec["group"]][0]],
        "capital": capital,
        "yearly_sales": capital * rng.randint(2, 6),
        "year_founded": rng.randint(2005, 2016),
        "workers": rng.randint(1, 15),
        "consent_notice_version": settings.KURASI_PRIVACY_NOTICE_VERSION,
        "consent_recorded_by": recorder,
    }
    business, created = Business.objects.get_or_create(
        organisation=organisation, name=spec["name"], defaults=fields
    )
    if created:
        # Recorded when they registered for the 2017 call, as the office's database would say:
        # the figures count a business from the day it was recorded.
        recorded_at = dt.datetime(2017, 8, 21, 9, 0, tzinfo=WIB) + dt.timedelta(hours=spec["index"])
        Business.objects.filter(pk=business.pk).update(
            consent_given_at=recorded_at, created_at=recorded_at
        )
        business.created_at = recorded_at
    return business


def seed_product(rng, business, group, line):
    name, unit, (low, high), materials, packaging, shelf_life = line
    product, created = Product.objects.get_or_create(
        business=business,
        name=name,
        defaults={
            "group": group,
            "description": f"{name} buatan {business.name}, diproduksi di Tangerang Selatan.",
            "price": rng.randrange(low, high + 1, 1000),
            "unit": unit,
            "monthly_capacity": rng.choice([30, 60, 100, 200, 400, 800]),
            "materials": materials,
            "packaging": packaging,
            "shelf_life_days": shelf_life,
        },
    )
    if created:
        Product.objects.filter(pk=product.pk).update(created_at=business.created_at)
    return product


def seed_certificates(rng, business, product, group):
    """A realistic mix: NIB for most; food with and without P-IRT and halal; a few SNI."""
    types = {t.code: t for t in CertificateType.objects.filter(organisation=None)}
    wanted = []
    if business.nib:
        wanted.append(("nib", business.nib, None, None))
    if group in ("makanan", "minuman-ringan"):
        issued = dt.date(rng.randint(2013, 2017), rng.randint(1, 8), rng.randint(1, 28))
        if rng.random() < 0.6:
            # PerBPOM 22/2018: packaging, food type, province+regency, product, IRTP, expiry year.
            pirt = (
                f"{rng.randint(1, 5)}{rng.randint(1, 16):02d}3674{rng.randint(1, 99):02d}"
                f"{rng.randint(1, 9999):04d}-{(issued.year + 5) % 100:02d}"
            )
            wanted.append(("spp-irt", pirt, issued, issued.replace(year=issued.year + 5)))
        if rng.random() < 0.3:
            halal = f"0021{rng.randint(10**11, 10**12 - 1)}"
            wanted.append(("halal", halal, issued, issued.replace(year=issued.year + 2)))
    elif rng.random() < 0.12:
        issued = dt.date(2016, rng.randint(1, 12), rng.randint(1, 28))
        sni = f"SNI-{rng.randint(100, 999)}-{issued.year}"
        wanted.append(("sni", sni, issued, issued.replace(year=issued.year + 4)))
    for code, number, issued_on, expires_on in wanted:
        certificate_type = types[code]
        certificate, created = Certificate.objects.get_or_create(
            business=business,
            type=certificate_type,
            number=certificate_type.normalise_number(number),
            defaults={
                "product": None if code == "nib" else product,
                "issued_on": issued_on,
                "expires_on": expires_on,
                "issuer": certificate_type.issuer,
                "token": f"demo{business.pk:06d}{code.replace('-', '')}{product.pk:06d}"[:32],
            },
        )
        if created:  # recorded with the business (a NIB without a date counts from then)
            Certificate.objects.filter(pk=certificate.pk).update(created_at=business.created_at)


def seed_registry(organisation: Organisation, demo_producer: User, recorder: User):
    ensure_shipped_certificate_types(CertificateType)
    groups = seed_product_groups(organisation)
    programme = seed_programme_2017(organisation, groups)
    seed_producers(organisation, groups, programme, demo_producer, recorder)
    return programme
