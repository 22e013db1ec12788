"""This season's call, open on the day the demo is loaded, with its first registrations.

The 2017 and 2018 calls are history: without a call open today a visitor could not walk the first
thing a producer does (register a product from a phone), nor a field officer's assisted
registration, nor staff verifying what comes in. The window is therefore set around the day of
the first load; a later load keeps it (the call then closes in its own time, like a real one).

The demo producer (Siti) is left out of the entrants on purpose, so that logging in as her shows
an open call she has not yet answered.
"""

import datetime as dt
import random

from django.utils import timezone

from kurasi.programmes.models import Application, ApplicationStatus, Programme, ProgrammeStatus

from .registry import WIB

OPENED_DAYS_AGO = 10
CLOSES_IN_DAYS = 45
CURATION_DAYS_AFTER_CLOSING = 4  # as in 2017: closed on Friday 15, curated on Tuesday 19
QUOTA = 80
SATURDAY = 5
# Status of the entrants so far, in the order they registered: the earliest are checked already.
ENTRANT_STATUSES = (
    [ApplicationStatus.VERIFIED] * 7
    + [ApplicationStatus.INCOMPLETE] * 2
    + [ApplicationStatus.SUBMITTED] * 5
    + [ApplicationStatus.DRAFT] * 2
)
INCOMPLETE_REASONS = [
    "Foto produk kurang jelas: unggah foto kemasan tampak depan dengan cahaya terang.",
    "Dokumen NIB belum diunggah: unggah hasil cetak NIB dari OSS (PDF atau foto) di langkah Izin.",
]


def seed_open_call(organisation, programme_2017, demo_producer, verifier):
    """Return the organisation's call open today, creating this season's when there is none."""
    accepting = Programme.objects.for_organisation(organisation).accepting_registrations().first()
    if accepting is not None:
        return accepting
    today = timezone.localdate(timezone=WIB)
    opens_at = dt.datetime.combine(today - dt.timedelta(days=OPENED_DAYS_AGO), dt.time(8), WIB)
    closes_at = dt.datetime.combine(today + dt.timedelta(days=CLOSES_IN_DAYS), dt.time(16), WIB)
    curation_day = closes_at.date() + dt.timedelta(days=CURATION_DAYS_AFTER_CLOSING)
    while curation_day.weekday() >= SATURDAY:  # offices curate on working days
        curation_day += dt.timedelta(days=1)
    year = curation_day.year
    programme, created = Programme.objects.get_or_create(
        organisation=organisation,
        slug=f"kurasi-produk-ikm-{year}",
        defaults={
            "title": f"Kurasi Produk IKM {year}",
            "year": year,
            "announcement": programme_2017.announcement.replace("2017", str(year)),
            "registration_opens_at": opens_at,
            "registration_closes_at": closes_at,
            "curation_date": curation_day,
            "quota": QUOTA,
            "venue": programme_2017.venue,
            "contact": programme_2017.contact,
            "status": ProgrammeStatus.OPEN,
        },
    )
    if created:
        programme.product_groups.set(programme_2017.product_groups.all())
        programme.required_certificate_types.set(programme_2017.required_certificate_types.all())
        carry_rubrics(programme, programme_2017)
        seed_entrants(programme, programme_2017, demo_producer, verifier)
    return programme


def carry_rubrics(programme, programme_2017):
    """Each product group keeps its 2017 rubric: assignment and scheduling refuse to start while
    a group with applications has none (kurasi/curation/setup_checks.py)."""
    from kurasi.curation.models import ProgrammeRubric

    ProgrammeRubric.objects.bulk_create(
        ProgrammeRubric(
            programme=programme, product_group_id=choice.product_group_id, rubric=choice.rubric
        )
        for choice in ProgrammeRubric.objects.filter(programme=programme_2017)
    )


def seed_entrants(programme, programme_2017, demo_producer, verifier):
    """Sixteen returning producers, one product each, registered since the call opened."""
    rng = random.Random(programme.year)
    candidates = list(
        programme_2017.applications.exclude(product__business__owner=demo_producer)
        .select_related("product")
        .order_by("pk")
    )
    chosen = sorted(rng.sample(candidates, len(ENTRANT_STATUSES)), key=lambda a: a.pk)
    for index, (previous, status) in enumerate(zip(chosen, ENTRANT_STATUSES, strict=True)):
        submitted_at = registered_at(rng, programme.registration_opens_at, index, len(chosen))
        sent = status != ApplicationStatus.DRAFT
        checked = status in (ApplicationStatus.VERIFIED, ApplicationStatus.INCOMPLETE)
        note = INCOMPLETE_REASONS[index % 2] if status == ApplicationStatus.INCOMPLETE else ""
        Application.objects.create(
            programme=programme,
            product=previous.product,
            status=status,
            submitted_at=submitted_at if sent else None,
            verified_at=checked_at(rng, submitted_at) if checked else None,
            verified_by=verifier if checked else None,
            verification_note=note,
        )


def registered_at(rng, opens_at, index, count):
    """Spread over the days the call has been open, in waking hours, never in the future.

    Entrants come in the order of ENTRANT_STATUSES, so the verified ones registered first. The
    call is created OPENED_DAYS_AGO days after it opened, so that is how long it has been open."""
    day = opens_at.astimezone(WIB).date() + dt.timedelta(days=OPENED_DAYS_AGO * index // count)
    moment = dt.datetime.combine(day, dt.time(rng.randint(7, 20), rng.randint(0, 59)), WIB)
    return min(max(moment, opens_at), an_hour_ago())


def checked_at(rng, submitted_at):
    """Staff check a registration the next working morning (office hours, WIB)."""
    next_day = submitted_at.astimezone(WIB).date() + dt.timedelta(days=1)
    moment = dt.datetime.combine(next_day, dt.time(rng.randint(8, 14), rng.randint(0, 59)), WIB)
    return min(moment, an_hour_ago())


def an_hour_ago():
    return timezone.now() - dt.timedelta(hours=1)
