"""API clients: a person's token with the scopes asked for (all by default); the exhibition and
the facilitation programme that the reads and the writes of those areas are tested on."""

import datetime as dt

import pytest
from django.db.models import Max
from rest_framework.test import APIClient

from kurasi.api.scopes import Scope
from kurasi.api.services import create_token
from kurasi.audit.models import AuditEvent
from kurasi.curation.decisions import create_default_bands
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.invitations import send_invitations
from kurasi.exhibitions.models import BoothType, Exhibition, GroupQuota
from kurasi.exhibitions.services import run_allocation
from kurasi.facilitation.models import (
    FacilitationKind,
    FacilitationProgramme,
    LegalityRule,
    Participation,
    ParticipationStatus,
)
from kurasi.facilitation.shipped import ensure_shipped_rules
from kurasi.registry.models import CertificateType
from kurasi.registry.shipped import ensure_shipped_certificate_types
from tests.factories import (
    ApplicationFactory,
    BusinessFactory,
    ProductFactory,
    ProgrammeFactory,
    certificate_type,
)

OFFICE = "/api/v1/o/disperindag-tangsel"
NIK = "3674015508950001"
PHONE = "+6281355550001"


@pytest.fixture
def api_for(db):
    """`api_for(user)` → a client sending a fresh token of `user`; `scopes=[…]` to narrow it."""

    def make(user, scopes=None, language="en"):
        _token, secret = create_token(
            actor=user, name="test", scopes=scopes if scopes is not None else Scope.values
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE=language)
        return client

    return make


@pytest.fixture
def events_before(db):
    """The audit trail is append-only: a test looks at what its request adds after this."""
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


def audited(events_before, areas=("facilitation",)):
    """The actions recorded since `events_before` in these areas (a token's creation is too)."""
    events = AuditEvent.objects.filter(id__gt=events_before).order_by("id")
    actions = events.values_list("action", flat=True)
    return [action for action in actions if action.split(".")[0] in areas]


@pytest.fixture
def anonymous_api(db):
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


# --- exhibitions: Trade Expo Indonesia 2017, fed by the 2017 curation ---------------------


def new_exhibition(programme, name, starts_on):
    return Exhibition.objects.create(
        organisation=programme.organisation,
        programme=programme,
        name=name,
        level="national",
        venue="ICE BSD City",
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=4),
        confirm_days=5,
    )


def decided(programme, band, owner, name, score, group):
    business = BusinessFactory(
        organisation=programme.organisation, owner=owner, name=f"Usaha {name}", nik=NIK, phone=PHONE
    )
    product = ProductFactory(business=business, group=group, name=name)
    application = ApplicationFactory(programme=programme, product=product, status="verified")
    Decision.objects.create(
        application=application,
        band=band,
        score_snapshot={"mean": score},
        decided_at=dt.datetime(2017, 9, 22, tzinfo=dt.UTC),
    )
    return application


@pytest.fixture
def programme(organisation):
    return ProgrammeFactory(organisation=organisation, slug="kurasi-2017", year=2017)


@pytest.fixture
def national(programme, admin_user):
    bands = create_default_bands(actor=admin_user, programme=programme)
    return next(b for b in bands if b.target == "national")


@pytest.fixture
def exhibition(programme, national, product_groups, producer, other_producer):
    """TEI with one booth and two decided bags: Siti's (best) and Budi's."""
    show = new_exhibition(programme, "Trade Expo Indonesia 2017", dt.date(2017, 10, 11))
    show.admitted_bands.set([national])
    BoothType.objects.create(exhibition=show, label="Standar", count=1, size="3 × 3 m")
    GroupQuota.objects.create(exhibition=show, group=product_groups["tas"], minimum=0, maximum=1)
    for owner, name, score in ((producer, "Tas Siti", 92), (other_producer, "Tas Budi", 88)):
        decided(programme, national, owner, name, score, product_groups["tas"])
    return show


@pytest.fixture
def invited(exhibition, admin_user):
    """Allocated and invited: Siti holds the booth (invited), Budi waits."""
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition, notify=False)
    return exhibition


# --- facilitation: a halal certification programme and a food producer who needs it -------


@pytest.fixture
def rules(db):
    ensure_shipped_certificate_types(CertificateType)
    ensure_shipped_rules(LegalityRule, CertificateType)


def food_business(organisation, group, name, **fields):
    """A micro food business with one product and no permit but its NIB."""
    business = BusinessFactory(
        organisation=organisation, name=name, capital=50_000_000, nib="9120001234567", **fields
    )
    ProductFactory(business=business, group=group, name=f"Keripik {name}", shelf_life_days=120)
    return business


@pytest.fixture
def siti(rules, organisation, product_groups, producer):
    return food_business(
        organisation,
        product_groups["makanan"],
        "Dapur Siti",
        owner=producer,
        nik=NIK,
        district_code="36.74.01",
    )


def facilitation_programme(organisation, title, target=None):
    return FacilitationProgramme.objects.create(
        organisation=organisation,
        title=title,
        kind=FacilitationKind.CERTIFICATION if target else FacilitationKind.TRAINING,
        target_type=certificate_type(target) if target else None,
        quota=10,
        starts_on=dt.date(2026, 10, 17),
        ends_on=dt.date(2026, 12, 31),
        provider="BPJPH",
    )


@pytest.fixture
def halal_programme(rules, organisation):
    return facilitation_programme(organisation, "Fasilitasi Sertifikasi Halal 2026", "halal")


@pytest.fixture
def participation(halal_programme, siti):
    return Participation.objects.create(
        programme=halal_programme, business=siti, status=ParticipationStatus.ENROLLED
    )
