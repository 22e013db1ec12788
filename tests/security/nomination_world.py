"""Calls for nominations in the access world (issue 20), built the first time a row asks:

- the world's office as an ORGANISER: its exhibition (no programme: fed by nominations) calls on
  an office below it, which has nominated one of its producers (consent given, list submitted,
  photos shared);
- the world's office as an office ASKED: a province above it calls for its exhibition; the
  office nominated the world's application, which has an invitation at the province's show.

Personas are the world's office's own, so the first kind tests the organiser's pages and the
second the asked office's pages; the other office's staff are never personas (404 for them is
tested in tests/nominations)."""

import datetime as dt
import secrets

from django.utils import timezone

from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.models import Allocation, AllocationStatus, BoothType, Exhibition
from kurasi.nominations.models import (
    CallOffice,
    CallStatus,
    ConsentState,
    Nomination,
    NominationCall,
)
from kurasi.registry.models import ProductPhoto

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    OrganisationFactory,
    ProductFactory,
    ProgrammeFactory,
)


def _call(organiser, exhibition, office, *, title):
    now = timezone.now()
    call, _ = NominationCall.objects.get_or_create(
        exhibition=exhibition,
        defaults={
            "organisation": organiser,
            "title": title,
            "deadline": now + dt.timedelta(days=14),
            "status": CallStatus.OPEN,
            "opened_at": now,
        },
    )
    call_office, _ = CallOffice.objects.get_or_create(
        call=call, office=office, defaults={"quota": 5, "submitted_at": now}
    )
    return call, call_office


def _exhibition(organisation, name, programme=None):
    first_day = timezone.localdate() + dt.timedelta(days=40)
    exhibition, created = Exhibition.objects.get_or_create(
        organisation=organisation,
        name=name,
        defaults={
            "programme": programme,
            "level": "regional",
            "starts_on": first_day,
            "ends_on": first_day + dt.timedelta(days=3),
        },
    )
    if created:
        BoothType.objects.create(exhibition=exhibition, label="Standar", count=4)
    return exhibition


def as_organiser(w):
    """(call, the nominee's photo) of the world's office's own call."""
    from .world import _jpeg

    office = _org("disperindag-kota-bawah") or OrganisationFactory(
        name="Disperindag Kota Bawah", slug="disperindag-kota-bawah", parent=w.organisation
    )
    exhibition = _exhibition(w.organisation, "Pameran Usulan Kota")
    call, call_office = _call(w.organisation, exhibition, office, title="Nominasi Pameran Kota")
    nomination = Nomination.objects.filter(call_office=call_office).first()
    if nomination is None:
        programme = ProgrammeFactory(organisation=office, slug="kurasi-kota-bawah")
        business = BusinessFactory(organisation=office, name="Usaha Bawah")
        product = ProductFactory(business=business, name="Tas Bawah")
        application = ApplicationFactory(programme=programme, product=product)
        Decision.objects.create(application=application, absent=True, decided_at=timezone.now())
        nomination = Nomination.objects.create(
            call_office=call_office, application=application, consent=ConsentState.GIVEN
        )
        photo = ProductPhoto(product=product, width=32, height=24, token=secrets.token_hex(16))
        photo.image.save("photo.jpg", _jpeg(), save=True)
    photo = ProductPhoto.objects.get(product=nomination.application.product)
    return call, photo


def as_office_asked(w):
    """(call office, invited allocation) of a province's call the world's office answered."""
    province = _org("disperindag-provinsi-uji") or OrganisationFactory(
        name="Disperindag Provinsi Uji", slug="disperindag-provinsi-uji"
    )
    if w.organisation.parent_id != province.pk:
        w.organisation.parent = province
        w.organisation.save(update_fields=["parent"])
    exhibition = _exhibition(province, "Pameran Provinsi Uji")
    _unused, call_office = _call(province, exhibition, w.organisation, title="Nominasi Provinsi")
    Nomination.objects.get_or_create(
        call_office=call_office,
        application=w.application,
        defaults={"consent": ConsentState.GIVEN},
    )
    allocation, _ = Allocation.objects.get_or_create(
        exhibition=exhibition,
        application=w.application,
        defaults={
            "business": w.business,
            "booth_type": exhibition.booth_types.first(),
            "status": AllocationStatus.INVITED,
            "invited_at": timezone.now(),
            "deadline": timezone.now() + dt.timedelta(days=5),
        },
    )
    return call_office, allocation


def _org(slug):
    from kurasi.accounts.models import Organisation

    return Organisation.objects.filter(slug=slug).first()


def organiser_call(w):
    return {"slug": w.organisation.slug, "call_id": as_organiser(w)[0].pk}


def nominee_photo(w):
    call, photo = as_organiser(w)
    return {"slug": w.organisation.slug, "call_id": call.pk, "token": photo.token}


def office_places(w):
    return {"slug": w.organisation.slug, "call_office_id": as_office_asked(w)[0].pk}


def office_answer(w):
    call_office, allocation = as_office_asked(w)
    return {
        "slug": w.organisation.slug,
        "call_office_id": call_office.pk,
        "allocation_id": allocation.pk,
    }
