"""The offices above Tangsel and the exhibitions they run (issue 20, DOMAIN.md §1).

Tangsel's best producers went to two exhibitions it did not run: Banten Trade Expo 2017 (the
province's Disperindag) and Trade Expo Indonesia 2017 (the Ministry of Trade, ICE BSD, 11–15
October). Here those organisers get their own offices and exhibitions, and ask the offices below
them for nominees:

- Disperindag Provinsi Banten (36), with Tangsel (36.74) and Kota Tangerang (36.71) below it —
  derived from the region codes as the platform does for any new office — and under the Ministry
  of Trade (set, as the platform operator would). Each office's first admin is invited and
  accepts, as on a real install.
- Banten's call for Banten Trade Expo asks Tangsel (six nominated and submitted; one held back,
  her consent to share never recorded) and Kota Tangerang (three nominated and submitted; its
  passing snack without P-IRT or halal refused by the criteria). Both lists are in, so Banten's
  page shows the offices side by side and its allocation (left to try: seven booths, eight
  nominees shared) works across them.
- The ministry's call for TEI asks Banten, which has not answered.

The season is 2017, so everything is dated then, through the services' `now`: the calls closed
for changes on their 2017 deadlines. Idempotent: offices, exhibitions and calls are found by
natural keys; a call already seeded is left as it is.
"""

import datetime as dt

from kurasi.accounts.models import Organisation, OrganisationKind, Role, User
from kurasi.accounts.services_invitations import accept, create_account
from kurasi.accounts.services_operator import create_office
from kurasi.exhibitions.models import HOLDING, Allocation, BoothType, Exhibition, Level
from kurasi.lib.answers import Channel
from kurasi.nominations import criteria
from kurasi.nominations.models import Nomination, NominationCall
from kurasi.nominations.services import create_call, nominate, open_call, record_consent, submit

from .accounts import DEMO_PASSWORD, STAFF, seed_admin_authenticator
from .registry import WIB, seed_product_groups
from .tangerang import seed_tangerang

KEMENDAG = {
    "slug": "kemendag",
    "name": "Kementerian Perdagangan Republik Indonesia",
    "kind": OrganisationKind.MINISTRY,
    # The ministry serves the whole country; its seat is in Jakarta (31), which the chain never
    # reads as "the offices of DKI Jakarta below it" (kurasi/accounts/chain.py).
    "region_code": "31",
    "address": "Jl. M.I. Ridwan Rais No. 5, Gambir, Jakarta Pusat 10110",
    "email": "kemendag@kemendag.invalid",
    "admin": ("admin@kemendag.kurasi.test", "Bambang Sutrisno"),
    "short": "Kemendag",
}
BANTEN = {
    "slug": "banten",
    "name": "Dinas Perindustrian dan Perdagangan Provinsi Banten",
    "kind": OrganisationKind.DINAS_PERINDAG,
    "region_code": "36",
    "address": "Kawasan Pusat Pemerintahan Provinsi Banten (KP3B), Jl. Syekh Nawawi Al-Bantani, "
    "Curug, Kota Serang, Banten",
    "email": "disperindag@banten.invalid",
    "admin": ("admin@banten.kurasi.test", "Yusuf Maulana"),
    "short": "Disperindag Provinsi Banten",
}
KOTA_TANGERANG = {
    "slug": "kota-tangerang",
    "name": "Dinas Perindustrian dan Perdagangan Kota Tangerang",
    "kind": OrganisationKind.DINAS_PERINDAG,
    "region_code": "36.71",
    "address": "Pusat Pemerintahan Kota Tangerang, Jl. Satria Sudirman No. 1, Sukaasih, "
    "Kota Tangerang, Banten",
    "email": "disperindag@kotatangerang.invalid",
    "admin": ("admin@kota-tangerang.kurasi.test", "Wulan Permatasari"),
    "short": "Disperindag Kota Tangerang",
}
OFFICES = [KEMENDAG, BANTEN, KOTA_TANGERANG]

# (organiser, name, fields, booth types (label, count, size, power, cold storage))
EXHIBITIONS = [
    (
        BANTEN,
        "Banten Trade Expo 2017",
        {
            "organiser": "Disperindag Provinsi Banten",
            "level": Level.REGIONAL,
            "venue": "Plaza Aspirasi KP3B, Kota Serang",
            "starts_on": dt.date(2017, 10, 18),
            "ends_on": dt.date(2017, 10, 22),
            "confirm_days": 5,
        },
        [
            # Seven places for eight nominees shared: one waits when Banten allocates.
            ("Stan 3×3 m", 4, "3 × 3 m", False, False),
            ("Stan kuliner dengan listrik", 3, "3 × 3 m", True, False),
        ],
    ),
    (
        KEMENDAG,
        "Trade Expo Indonesia 2017",
        {
            "organiser": "Kementerian Perdagangan RI",
            "level": Level.NATIONAL,
            "venue": "ICE BSD City, Kabupaten Tangerang",
            "starts_on": dt.date(2017, 10, 11),
            "ends_on": dt.date(2017, 10, 15),
            "confirm_days": 5,
        },
        [
            ("Paviliun daerah 3×3 m", 20, "3 × 3 m", False, False),
            ("Stan pendingin", 4, "3 × 3 m", True, True),
        ],
    ),
]


def chain_logins():
    """The admins of the offices above Tangsel and beside it, for seed_demo's list."""
    return [(spec["admin"][0], f"{Role.ADMIN.label} · {spec['short']}") for spec in OFFICES]


def seed_chain(tangsel) -> list[str]:
    """The offices, Kota Tangerang's season, the organisers' exhibitions and their calls.
    Returns lines for seed_demo's summary."""
    kemendag = seed_office(KEMENDAG)
    banten = seed_office(BANTEN, above=kemendag)
    kota_tangerang = seed_office(KOTA_TANGERANG)
    offices = {o.slug: o for o in (kemendag, banten, kota_tangerang)}
    seed_tangerang(kota_tangerang, admin_of(KOTA_TANGERANG))
    for organiser in (banten, kemendag):
        seed_product_groups(organiser)  # the groups its call files nominees under
    expos = {
        spec["slug"]: seed_exhibition(offices[spec["slug"]], name, fields, booths)
        for spec, name, fields, booths in EXHIBITIONS
    }
    tangsel.refresh_from_db(fields=["parent"])
    seed_banten_call(expos["banten"], tangsel, kota_tangerang)
    seed_tei_call(expos["kemendag"], banten)
    return summary(tangsel, offices)


def summary(tangsel, offices) -> list[str]:
    banten, kemendag = offices["banten"], offices["kemendag"]
    below = ", ".join(o.name for o in banten.offices_below.order_by("name"))
    calls = NominationCall.objects.filter(organisation__in=[banten, kemendag]).order_by("deadline")
    return [
        f"  Chain: {kemendag.name} > {banten.name} > {below}",
        *(
            f"  Call for nominations: {call.title} ({call.offices.count()} offices asked, "
            f"{Nomination.objects.filter(call_office__call=call).count()} nominated)"
            for call in calls
        ),
    ]


def admin_of(spec) -> User:
    return User.objects.get(email=spec["admin"][0])


def seed_office(spec, above=None):
    """The office as the platform operator starts it (create_office: region checks, its place in
    the chain, audit, the first admin's invitation), the admin accepting with the demo password
    and the published two-step key. An office already there is left as it is.

    The invitation is mailed once seed_demo's transaction commits, as create_office always does
    (in development the console prints it); it is accepted by then, so its link only says so."""
    office = Organisation.objects.filter(slug=spec["slug"]).first()
    if office is not None:
        return office
    email, name = spec["admin"]
    office, invitation, _link = create_office(
        actor=None,
        name=spec["name"],
        kind=spec["kind"],
        region_code=spec["region_code"],
        admin_email=email,
        admin_name=name,
        slug=spec["slug"],
        parent=above,
    )
    Organisation.objects.filter(pk=office.pk).update(address=spec["address"], email=spec["email"])
    admin = User.objects.filter(email=email).first() or create_account(
        invitation=invitation, full_name=name, password=DEMO_PASSWORD
    )
    seed_admin_authenticator(admin)
    accept(invitation=invitation, user=admin)
    return office


def seed_exhibition(organiser, name, fields, booths):
    """An organiser's exhibition fed by nominations (no programme of its own) and its booths."""
    exhibition, created = Exhibition.objects.get_or_create(
        organisation=organiser, name=name, defaults=fields
    )
    if created:
        BoothType.objects.bulk_create(
            BoothType(
                exhibition=exhibition,
                label=label,
                count=count,
                size=size,
                power=power,
                cold_storage=cold,
            )
            for label, count, size, power, cold in booths
        )
    return exhibition


def at(month, day, hour):
    return dt.datetime(2017, month, day, hour, 0, tzinfo=WIB)


# Banten's call: criteria of a regional show (passed in the last two years; food and drink with
# P-IRT or halal), six nominees from Tangsel and four from Kota Tangerang, at least two and one
# of them placed.
BANTEN_CALL = {
    "title": "Nominasi IKM Banten Trade Expo 2017",
    "note": "Usulkan produk terbaik hasil kurasi kabupaten/kota: lolos kurasi dalam dua tahun "
    "terakhir; produk pangan wajib memiliki SPP-IRT atau sertifikat halal. Kirim daftar dengan "
    "surat pengantar paling lambat 6 Oktober 2017.",
    "deadline": at(10, 6, 16),
    "food_certificate_codes": ["spp-irt", "halal"],
}
QUOTAS = {"disperindag-tangsel": (6, 2), "kota-tangerang": (4, 1)}
# (office slug, nominees, held back for missing consent, who answers, when: nominated,
# consent recorded, list submitted)
BANTEN_LISTS = [
    (
        "disperindag-tangsel",
        6,
        1,
        (STAFF[1][0], Channel.PHONE),
        (at(9, 28, 10), at(9, 29, 14), at(10, 3, 14)),
        "Enam produk hasil Kurasi Produk IKM 2017. Satu pelaku usaha belum dapat dihubungi "
        "untuk persetujuan berbagi data; menyusul bila sudah menjawab.",
    ),
    (
        "kota-tangerang",
        3,
        0,
        (KOTA_TANGERANG["admin"][0], Channel.IN_PERSON),
        (at(9, 29, 9), at(10, 2, 10), at(10, 5, 11)),
        "Tiga produk unggulan Kota Tangerang hasil kurasi 21 September 2017.",
    ),
]

TEI_CALL = {
    "title": "Nominasi IKM Trade Expo Indonesia 2017",
    "note": "Paviliun daerah TEI 2017: usulkan IKM yang lolos kurasi siap pameran nasional. "
    "Produk pangan wajib memiliki SPP-IRT, izin edar BPOM MD, atau sertifikat halal.",
    "deadline": at(9, 29, 16),
    "food_certificate_codes": ["spp-irt", "bpom-md", "halal"],
}


def seed_banten_call(expo, tangsel, kota_tangerang):
    """Banten asks its two offices; both nominate and submit (Tangsel holding one back)."""
    if NominationCall.objects.filter(exhibition=expo).exists():
        return
    banten_admin = admin_of(BANTEN)
    offices = {tangsel.slug: tangsel, kota_tangerang.slug: kota_tangerang}
    call = create_call(
        actor=banten_admin,
        exhibition=expo,
        title=BANTEN_CALL["title"],
        note=BANTEN_CALL["note"],
        deadline=BANTEN_CALL["deadline"],
        groups=list(expo.organisation.product_groups.all()),
        passed_within_years=2,
        food_certificate_codes=BANTEN_CALL["food_certificate_codes"],
        offices=[(offices[slug], *QUOTAS[slug]) for slug in QUOTAS],
        now=at(9, 26, 9),
    )
    open_call(actor=banten_admin, call=call, now=at(9, 26, 9))
    for slug, count, held_back, answers, times, cover_note in BANTEN_LISTS:
        call_office = call.offices.get(office=offices[slug])
        seed_list(call_office, count, held_back, answers, times, cover_note)


def seed_list(call_office, count, held_back, answers, times, cover_note):
    """The office's admin nominates its best eligible products, records who agreed to share
    (all but `held_back`, who could not be reached) and submits the list."""
    office = call_office.office
    admin = office.memberships.get(role=Role.ADMIN).user
    nominated_at, answered_at, submitted_at = times
    chosen = best_eligible(call_office, count)
    nominations = nominate(
        actor=admin, call_office=call_office, applications=chosen, now=nominated_at
    )
    recorder_email, channel = answers
    recorder = User.objects.get(email=recorder_email)
    for nomination in nominations[: len(nominations) - held_back]:
        owner = nomination.application.business.owner_name
        record_consent(
            actor=recorder,
            nomination=nomination,
            given=True,
            channel=channel,
            consent_by=f"{owner}, pemilik",
            now=answered_at,
        )
    submit(actor=admin, call_office=call_office, cover_note=cover_note, now=submitted_at)


def best_eligible(call_office, count):
    """The office's choice: eligible products it already placed at its own exhibition of the
    same name first (Tangsel's own Banten Trade Expo 2017 list), then the best scores; one
    product per business, as the call allows."""
    placed = set(
        Allocation.objects.filter(
            exhibition__organisation=call_office.office,
            exhibition__name=call_office.call.exhibition.name,
            status__in=HOLDING,
        ).values_list("application_id", flat=True)
    )
    eligible = [c for c in criteria.assess(call_office) if c.eligible]
    eligible.sort(key=lambda c: (c.application.pk not in placed, -(c.score or 0), c.application.pk))
    chosen, businesses = [], set()
    for candidate in eligible:
        if candidate.application.business_id in businesses:
            continue
        businesses.add(candidate.application.business_id)
        chosen.append(candidate.application)
    return chosen[:count]


def seed_tei_call(expo, banten):
    """The ministry asks Banten for ten nominees; Banten has not answered."""
    if NominationCall.objects.filter(exhibition=expo).exists():
        return
    ministry_admin = admin_of(KEMENDAG)
    call = create_call(
        actor=ministry_admin,
        exhibition=expo,
        title=TEI_CALL["title"],
        note=TEI_CALL["note"],
        deadline=TEI_CALL["deadline"],
        groups=list(expo.organisation.product_groups.all()),
        passed_within_years=2,
        food_certificate_codes=TEI_CALL["food_certificate_codes"],
        offices=[(banten, 10, 0)],
        now=at(9, 18, 9),
    )
    open_call(actor=ministry_admin, call=call, now=at(9, 18, 9))
