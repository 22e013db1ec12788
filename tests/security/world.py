"""A whole office to attack: the demo (every kind of record) plus the few records it lacks,
another office with its admin, and a second producer.

Built once per test function that needs it (seed_demo runs in a few seconds in memory).
"""

import datetime as dt
import io
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from kurasi.accounts.models import Organisation, Role, User
from kurasi.api.services import create_token
from kurasi.curation.models import Assignment, ConflictOfInterest, Rubric
from kurasi.curation.models_day import CurationSession, Slot, Table
from kurasi.curation.models_decisions import Appeal, Decision
from kurasi.demo.accounts import ORGANISATION, PRODUCER, STAFF
from kurasi.demo.registry import PROGRAMME_SLUG
from kurasi.exhibitions.models import (
    Allocation,
    AllocationStatus,
    BoothType,
    Exhibition,
    GroupQuota,
)
from kurasi.facilitation.models_programmes import FacilitationProgramme, Participation
from kurasi.privacy.models import DataBreach, PrivacyRequest
from kurasi.privacy.services import request_erasure
from kurasi.programmes.models import Programme, ProgrammeStatus
from kurasi.registry.models import Business, Certificate, ProductPhoto

from ..factories import MembershipFactory, OrganisationFactory, UserFactory


@dataclass
class World:
    organisation: Organisation
    personas: dict  # name → User (None for anonymous)
    programme: Programme  # the demo's finished 2017 call
    open_call: Programme  # a call open today, for the registration wizard
    business: Business  # the producer's own business
    product: object
    application: object
    decision: Decision
    appeal: Appeal
    certificate: Certificate
    photo: ProductPhoto
    assignment: Assignment  # the curator persona's own
    conflict: ConflictOfInterest
    rubric: Rubric
    session: CurationSession
    table: Table
    slot: Slot
    facilitation: FacilitationProgramme
    participation: Participation
    exhibition: Exhibition
    booth_type: BoothType
    quota: GroupQuota
    allocation: Allocation
    privacy_request: PrivacyRequest
    breach: DataBreach
    api_token: object  # the admin's own


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 40)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def build_world():
    call_command("seed_demo", stdout=io.StringIO(), quiet_logins=True)
    organisation = Organisation.objects.get(slug=ORGANISATION["slug"])
    staff = {email: User.objects.get(email=email) for email, _, _ in STAFF}
    admin = next(staff[e] for e, _, role in STAFF if role == Role.ADMIN)
    field_officer = next(staff[e] for e, _, role in STAFF if role == Role.FIELD_OFFICER)
    curator = next(staff[e] for e, _, role in STAFF if role == Role.CURATOR)
    producer = User.objects.get(phone=PRODUCER[0])
    other_office = OrganisationFactory(name="Disperindag Kota Depok", slug="disperindag-depok")
    outsider = MembershipFactory(
        organisation=other_office, role=Role.ADMIN, user=UserFactory(full_name="Orang Luar")
    ).user
    other_producer = UserFactory(full_name="Produsen Lain", email=None, phone="+6281298765999")

    programme = Programme.objects.get(organisation=organisation, slug=PROGRAMME_SLUG)
    # An invitation the producer can still answer: it has a letter and a reply form.
    allocation = (
        Allocation.objects.filter(status=AllocationStatus.INVITED)
        .select_related("application__product__business")
        .order_by("pk")
        .first()
    )
    business = allocation.application.product.business
    business.owner = producer
    business.save(update_fields=["owner"])
    application = allocation.application
    product = application.product
    decision = Decision.objects.get(application=application)
    now = timezone.now()
    open_call = Programme.objects.create(
        organisation=organisation,
        title="Kurasi Produk IKM (terbuka)",
        slug="kurasi-terbuka",
        year=now.year,
        status=ProgrammeStatus.OPEN,
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=10),
    )
    open_call.product_groups.set(programme.product_groups.all())
    certificates = Certificate.objects.filter(business__organisation=organisation)
    certificate = certificates.filter(business=business).first() or certificates.first()
    certificate.document.save("document.jpg", _jpeg(), save=True)
    photo = ProductPhoto(product=product, width=32, height=24, token=secrets.token_hex(16))
    photo.image.save("photo.jpg", _jpeg(), save=True)
    assignment = Assignment.objects.filter(curator=curator).order_by("pk").first()
    session = CurationSession.objects.get(programme=programme)
    exhibition = allocation.exhibition
    return World(
        organisation=organisation,
        personas={
            "anonymous": None,
            "admin": admin,
            "field_officer": field_officer,
            "curator": curator,
            "producer": producer,
            "other_producer": other_producer,
            "outsider": outsider,
        },
        programme=programme,
        open_call=open_call,
        business=business,
        product=product,
        application=application,
        decision=decision,
        appeal=Appeal.objects.create(decision=decision, text="Mohon ditinjau.", filed_by=producer),
        certificate=certificate,
        photo=photo,
        assignment=assignment,
        conflict=ConflictOfInterest.objects.create(
            curator=curator,
            business=Business.objects.filter(organisation=organisation).exclude(pk=business.pk)[0],
            relation="saudara",
        ),
        rubric=Rubric.objects.filter(organisation=organisation).first(),
        session=session,
        table=Table.objects.filter(session=session).first(),
        slot=Slot.objects.filter(session=session).first(),
        facilitation=FacilitationProgramme.objects.filter(organisation=organisation).first(),
        participation=Participation.objects.filter(programme__organisation=organisation).first(),
        exhibition=exhibition,
        booth_type=BoothType.objects.filter(exhibition=exhibition).first(),
        quota=GroupQuota.objects.filter(exhibition=exhibition).first(),
        allocation=allocation,
        privacy_request=request_erasure(
            actor=producer, organisation=organisation, reason="Saya berhenti berusaha."
        ),
        api_token=create_token(actor=admin, name="Sistem provinsi", scopes=["registry:read"])[0],
        breach=DataBreach.objects.create(
            organisation=organisation,
            discovered_at=now,
            description="Laptop petugas hilang.",
            categories=["identity"],
            people_affected=12,
            recorded_by=admin,
        ),
    )
