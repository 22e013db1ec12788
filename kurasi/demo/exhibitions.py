"""Trade Expo Indonesia 2017 (national, ICE BSD City, 11–15 October) and Banten Trade Expo 2017
(regional, 18–22 October: "mid-October" in the article, dates chosen for the demo), allocated from
the 2017 decisions; invitations sent on 28 September, most confirmed, one declined, so the waiting
list moves. Idempotent and deterministic (fixed times, no randomness)."""

import datetime as dt
from zoneinfo import ZoneInfo

from kurasi.curation.models_decisions import OutcomeTarget
from kurasi.exhibitions.invitations import respond, send_invitations
from kurasi.exhibitions.models import (
    Allocation,
    AllocationStatus,
    BoothType,
    Exhibition,
    GroupQuota,
)
from kurasi.exhibitions.services import run_allocation
from kurasi.lib.answers import AnswerRecord, Channel
from kurasi.registry.models import CertificateType

WIB = ZoneInfo("Asia/Jakarta")
ALLOCATED_AT = dt.datetime(2017, 9, 27, 10, 0, tzinfo=WIB)
INVITED_AT = dt.datetime(2017, 9, 28, 9, 0, tzinfo=WIB)
ANSWERED_AT = dt.datetime(2017, 9, 29, 14, 0, tzinfo=WIB)


def phoned(allocation):
    """The demo's answers came by phone from the owner, and the admin entered them."""
    return AnswerRecord(
        answered_by=f"{allocation.business.owner_name}, pemilik",
        channel=Channel.PHONE,
        answered_at=ANSWERED_AT,
    )


def _exhibition(programme, name, **fields):
    exhibition, created = Exhibition.objects.get_or_create(
        organisation=programme.organisation, programme=programme, name=name, defaults=fields
    )
    return exhibition, created


def seed_exhibitions(programme, admin):
    if Exhibition.objects.filter(programme=programme).exists():
        return
    bands = {b.target: b for b in programme.outcome_bands.all()}
    food = programme.organisation.product_groups.filter(is_food=True)
    permits = CertificateType.objects.filter(organisation=None, code__in=["spp-irt", "halal"])
    tei, _ = _exhibition(
        programme,
        "Trade Expo Indonesia 2017",
        organiser="Kementerian Perdagangan RI",
        level="national",
        venue="ICE BSD City, Serpong",
        starts_on=dt.date(2017, 10, 11),
        ends_on=dt.date(2017, 10, 15),
        quota=8,
        confirm_days=5,
    )
    tei.admitted_bands.set([bands[OutcomeTarget.NATIONAL]])
    tei.food_certificates.set(permits)
    BoothType.objects.create(exhibition=tei, label="Stan standar 3×3 m", count=6, size="3 × 3 m")
    BoothType.objects.create(
        exhibition=tei,
        label="Stan pendingin",
        count=2,
        size="3 × 3 m",
        power=True,
        cold_storage=True,
    )
    banten, _ = _exhibition(
        programme,
        "Banten Trade Expo 2017",
        organiser="Disperindag Provinsi Banten",
        level="regional",
        venue="Serang, Banten",
        starts_on=dt.date(2017, 10, 18),
        ends_on=dt.date(2017, 10, 22),
        quota=10,
        confirm_days=5,
        district_max=4,
    )
    banten.admitted_bands.set([bands[OutcomeTarget.NATIONAL], bands[OutcomeTarget.REGIONAL]])
    banten.food_certificates.set(permits)
    BoothType.objects.create(exhibition=banten, label="Stan 2×2 m", count=8, size="2 × 2 m")
    BoothType.objects.create(
        exhibition=banten, label="Stan dengan listrik", count=2, size="2 × 2 m", power=True
    )
    for group in food:
        GroupQuota.objects.create(exhibition=tei, group=group, minimum=0, maximum=4)
    first_food = food.order_by("position").first()
    if first_food:
        GroupQuota.objects.filter(exhibition=tei, group=first_food).update(minimum=1)
    run_allocation(actor=admin, exhibition=tei, now=ALLOCATED_AT)
    for exhibition in (tei, banten):
        send_invitations(actor=admin, exhibition=exhibition, now=INVITED_AT, notify=False)
    # Answers, given by phone and recorded by the admin (most demo businesses have no account):
    # at TEI the first three confirm; at Banten four confirm and the fifth declines, so the first
    # on the waiting list is invited at once.
    for exhibition, confirming, declining in ((tei, 3, 0), (banten, 4, 1)):
        invited = list(
            Allocation.objects.filter(
                exhibition=exhibition, status=AllocationStatus.INVITED
            ).order_by("-score", "id")
        )
        for allocation in invited[:confirming]:
            respond(
                actor=admin,
                for_producer=True,
                allocation=allocation,
                accept=True,
                now=ANSWERED_AT,
                record=phoned(allocation),
            )
        for allocation in invited[confirming : confirming + declining]:
            respond(
                actor=admin,
                for_producer=True,
                allocation=allocation,
                accept=False,
                now=ANSWERED_AT,
                record=phoned(allocation),
            )
