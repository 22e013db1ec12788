"""The person's copy of their data (UU PDP right of access and portability): one .zip holding
data.json with readable keys and the files they gave or received — product photos, certificate
documents, result letters and exhibition invitation letters.

Built as a stream: files are read in chunks and the archive leaves as it is written, so a producer
with many photos does not hold a worker's memory.
"""

import json
import zipfile

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.curation.letters import render_letter_pdf
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.invitations import render_invitation_pdf
from kurasi.exhibitions.models import Allocation, AllocationStatus
from kurasi.facilitation.models_programmes import Participation
from kurasi.facilitation.plan import build_plan
from kurasi.programmes.models import Application
from kurasi.registry.models import Business, Certificate, ProductPhoto

from .models import PrivacyRequest

CHUNK = 64 * 1024
# Invitations the producer was sent; proposed and internal outcomes are the office's drafts.
SENT = [
    AllocationStatus.INVITED,
    AllocationStatus.CONFIRMED,
    AllocationStatus.DECLINED,
    AllocationStatus.EXPIRED,
]


def businesses_of(user, organisation=None):
    businesses = Business.objects.filter(merged_into__isnull=True).select_related("organisation")
    if user is not None:
        businesses = businesses.filter(owner=user)
    if organisation is not None:
        businesses = businesses.filter(organisation=organisation)
    return businesses.prefetch_related(
        "products__group",
        Prefetch("products__photos", queryset=ProductPhoto.objects.order_by("position", "pk")),
        Prefetch("certificates", queryset=Certificate.objects.select_related("type", "product")),
    )


def _when(value):
    return value.isoformat() if value else None


def account_data(user):
    return {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "joined_at": _when(user.date_joined),
        "last_login_at": _when(user.last_login),
    }


def consents_data(user, businesses):
    if user is None:
        return _business_consents(None, businesses)
    signed_up = AuditEvent.objects.filter(
        action__in=["account.signed_up", "account.created_for_producer"],
        object_type=user._meta.label_lower,
        object_id=str(user.pk),
    ).order_by("created_at")
    consents = [
        {
            "given_when": "account created",
            "privacy_notice_version": (event.changes.get("privacy_notice_version") or [None, ""])[
                1
            ],
            "at": _when(event.created_at),
        }
        for event in signed_up
    ]
    return consents + _business_consents(user, businesses)


def _business_consents(user, businesses):
    return [
        {
            "given_when": f"business registered: {business.name}",
            "privacy_notice_version": business.consent_notice_version or None,
            "at": _when(business.consent_given_at),
            "recorded_by_an_officer": business.consent_recorded_by_id
            not in (None, user and user.pk),
        }
        for business in businesses
        if business.consent_notice_version or business.consent_given_at
    ]


def business_data(business, photo_names, document_names):
    return {
        "name": business.name,
        "office": business.organisation.name,
        "owner_name": business.owner_name,
        "owner_gender": business.get_owner_gender_display(),
        "nik": business.nik,
        "phone": business.phone,
        "reachable_on_whatsapp": business.phone_is_whatsapp,
        "email": business.email,
        "address": business.address,
        "district": business.district_name,
        "village": business.village_name,
        "postal_code": business.postal_code,
        "nib": business.nib,
        "npwp": business.npwp,
        "kbli_codes": business.kbli_codes,
        "capital_rupiah": _number(business.capital),
        "yearly_sales_rupiah": _number(business.yearly_sales),
        "scale": business.get_scale_display(),
        "year_founded": business.year_founded,
        "workers": business.workers,
        "marketplace_links": business.marketplace_links,
        "social_media_links": business.social_links,
        "registered_at": _when(business.created_at),
        "products": [_product_data(product, photo_names) for product in business.products.all()],
        "certificates": [
            _certificate_data(certificate, document_names)
            for certificate in business.certificates.all()
        ],
    }


def _number(value):
    return int(value) if value is not None else None


def _product_data(product, photo_names):
    return {
        "name": product.name,
        "group": product.group.name,
        "description": product.description,
        "price_rupiah": _number(product.price),
        "unit": product.unit,
        "capacity_per_month": product.monthly_capacity,
        "main_materials": product.materials,
        "packaging": product.packaging,
        "shelf_life_days": product.shelf_life_days,
        "photos": [photo_names[photo.pk] for photo in product.photos.all()],
    }


def _certificate_data(certificate, document_names):
    return {
        "type": certificate.type.name,
        "number": certificate.number,
        "product": certificate.product.name if certificate.product else None,
        "issued_by": certificate.issuer,
        "issued_on": _when(certificate.issued_on),
        "expires_on": _when(certificate.expires_on),
        "verified_by_the_office": certificate.verified_at is not None,
        "document": document_names.get(certificate.pk),
    }


def applications_data(businesses):
    applications = (
        Application.objects.filter(product__business__in=businesses)
        .select_related("programme__organisation", "product", "decision__band")
        .order_by("programme__year", "pk")
    )
    rows = []
    for application in applications:
        decision = getattr(application, "decision", None)
        issued = decision is not None and decision.letter_issued_at is not None
        rows.append(
            {
                "programme": application.programme.title,
                "year": application.programme.year,
                "office": application.programme.organisation.name,
                "product": application.product.name,
                "status": application.get_status_display(),
                "submitted_at": _when(application.submitted_at),
                "office_note": application.verification_note,
                "decision": {
                    "outcome": str(decision.outcome_label),
                    "letter_number": decision.letter_number,
                    "letter_issued_at": _when(decision.letter_issued_at),
                    "verification_code": decision.verification_code,
                }
                if issued
                else None,
            }
        )
    return rows


def facilitation_data(businesses):
    plans = []
    for business in businesses:
        plan = build_plan(business)
        plans.append(
            {
                "business": business.name,
                "to_obtain": [
                    {
                        "permit": item.alternatives,
                        "product": item.product_name,
                        "status": str(item.status_label),
                        "deadline": _when(item.deadline),
                    }
                    for item in plan.obtain
                ],
            }
        )
    participations = Participation.objects.filter(business__in=businesses).select_related(
        "programme", "business"
    )
    return plans, [
        {
            "business": participation.business.name,
            "programme": participation.programme.title,
            "status": participation.get_status_display(),
            "outcome": participation.outcome_note,
            "invited_at": _when(participation.invited_at),
            "done_at": _when(participation.done_at),
        }
        for participation in participations
    ]


def invitations_of(businesses):
    return (
        Allocation.objects.filter(business__in=businesses, status__in=SENT)
        .select_related(
            "exhibition__organisation", "application__product", "business", "booth_type"
        )
        .order_by("exhibition__starts_on", "pk")
    )


def invitation_data(allocation):
    exhibition = allocation.exhibition
    return {
        "exhibition": exhibition.name,
        "starts_on": _when(exhibition.starts_on),
        "product": allocation.application.product.name,
        "booth": str(allocation.booth_type) if allocation.booth_type else None,
        "status": allocation.get_status_display(),
        "confirm_by": _when(allocation.deadline),
        "answered_at": _when(allocation.responded_at),
    }


def requests_data(user):
    return [
        {
            "kind": request.get_kind_display(),
            "status": request.get_status_display(),
            "received_at": _when(request.received_at),
            "answer_due_by": _when(request.deadline),
            "answer": request.answer,
        }
        for request in PrivacyRequest.objects.filter(user=user).order_by("received_at")
    ]


def issued_decisions(businesses):
    return Decision.objects.filter(
        application__product__business__in=businesses, letter_issued_at__isnull=False
    ).select_related(
        "band",
        "application__programme__organisation",
        "application__product__business",
        "application__product__group",
    )


class Package:
    """What goes into one person's archive: the JSON and a list of (name in zip, opener)."""

    def __init__(self, user, organisation=None, business=None):
        """`user`: the producer (None for an owner recorded without a login, given `business`);
        `organisation`: only that office's records, for a package made by its staff."""
        self.user = user
        if user is None:
            self.businesses = list(businesses_of(None).filter(pk=business.pk))
        else:
            self.businesses = list(businesses_of(user, organisation))
        self.files = []  # (name in the archive, callable giving a file-like object or bytes)
        self._photo_names, self._document_names = {}, {}
        self._collect_files()

    def _collect_files(self):
        for b_index, business in enumerate(self.businesses, start=1):
            for p_index, product in enumerate(business.products.all(), start=1):
                for n, photo in enumerate(product.photos.all(), start=1):
                    name = f"files/business-{b_index}/product-{p_index}/photo-{n}.jpg"
                    self._photo_names[photo.pk] = name
                    self.files.append((name, photo.image))
            for c_index, certificate in enumerate(business.certificates.all(), start=1):
                if certificate.document:
                    extension = certificate.document.name.rsplit(".", 1)[-1]
                    name = f"files/business-{b_index}/certificate-{c_index}.{extension}"
                    self._document_names[certificate.pk] = name
                    self.files.append((name, certificate.document))
        for decision in issued_decisions(self.businesses):
            name = f"letters/result-{decision.verification_code}.pdf"
            self.files.append((name, lambda d=decision: render_letter_pdf(d)))
        self.invitations = list(invitations_of(self.businesses))
        for n, allocation in enumerate(self.invitations, start=1):
            name = f"letters/exhibition-invitation-{n}.pdf"
            self.files.append((name, lambda a=allocation: render_invitation_pdf(a)))

    def data(self):
        plans, participations = facilitation_data(self.businesses)
        return {
            "about": {
                "made_at": _when(timezone.now()),
                "privacy_notice_version_now": settings.KURASI_PRIVACY_NOTICE_VERSION,
                "files": "Paths in this file point to files inside this archive.",
            },
            "account": account_data(self.user) if self.user else None,
            "consents": consents_data(self.user, self.businesses),
            "businesses": [
                business_data(business, self._photo_names, self._document_names)
                for business in self.businesses
            ],
            "applications_and_decisions": applications_data(self.businesses),
            "improvement_plans": plans,
            "facilitation": participations,
            "exhibition_invitations": [invitation_data(a) for a in self.invitations],
            "personal_data_requests": requests_data(self.user) if self.user else [],
        }


class _Sink:
    """A write-only file for ZipFile that hands what was written to the response."""

    def __init__(self):
        self.parts, self.position = [], 0

    def write(self, data):
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def take(self):
        data, self.parts = b"".join(self.parts), []
        return data


def stream_zip(package):
    """Yield the archive's bytes: data.json first, then every file, a chunk at a time."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(package.data(), ensure_ascii=False, indent=2)
        archive.writestr("data.json", text)
        yield sink.take()
        for name, source in package.files:
            with archive.open(name, mode="w") as target:
                for chunk in _chunks(source):
                    target.write(chunk)
                    yield sink.take()
    yield sink.take()


def _chunks(source):
    if callable(source):
        yield source()
        return
    with source.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk
