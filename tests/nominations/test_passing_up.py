"""A province nominates upwards from what its offices below shared with it: Banten sends its
cities' best on to Trade Expo Indonesia, asking their consent through the city that keeps their
contact."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kurasi.exhibitions.models import BoothType, Exhibition
from kurasi.nominations import criteria, services
from kurasi.nominations.models import CallOffice, CallStatus, ConsentState, NominationCall
from kurasi.outbox.models import Message

from ..factories import OrganisationFactory
from . import nominees
from .nominees import nominate, submit

pytestmark = pytest.mark.django_db

lists = nominees.lists  # the offices' lists (a fixture)


@pytest.fixture
def national(province):
    """The ministry above the province, with Trade Expo Indonesia and a call asking Banten."""
    ministry = OrganisationFactory(
        name="Kementerian Perdagangan", slug="kemendag", region_code="31", kind="ministry"
    )
    province.parent = ministry
    province.save(update_fields=["parent"])
    first_day = timezone.localdate() + dt.timedelta(days=60)
    expo = Exhibition.objects.create(
        organisation=ministry,
        name="Trade Expo Indonesia",
        level="national",
        venue="ICE BSD City",
        starts_on=first_day,
        ends_on=first_day + dt.timedelta(days=4),
    )
    BoothType.objects.create(exhibition=expo, label="Standar", count=10)
    call = NominationCall.objects.create(
        organisation=ministry,
        exhibition=expo,
        title="Nominasi TEI",
        passed_within_years=2,
        deadline=timezone.now() + dt.timedelta(days=20),
        status=CallStatus.OPEN,
        opened_at=timezone.now(),
    )
    return CallOffice.objects.create(call=call, office=province, quota=5)


def test_a_province_may_nominate_what_its_offices_shared_with_it(
    national, lists, tangsel, tangerang, province_admin, outsider
):
    judged = {c.application.pk: c for c in criteria.assess(national)}
    # Shared with Banten (consent given, list sent): eligible upwards.
    assert judged[tangsel.app("bag").pk].eligible
    assert judged[tangerang.app("carving").pk].eligible
    # Held back by Tangsel (no consent): Banten never got it, so it cannot pass it on.
    assert tangsel.app("food_no_halal").pk not in judged
    # A Tangsel product that was never nominated to Banten is not Banten's to nominate.
    assert tangsel.app("old").pk not in judged
    services.nominate(actor=province_admin, call_office=national, applications=[tangsel.app("bag")])
    assert national.nominations.get().application == tangsel.app("bag")


def test_not_shared_by_an_office_below_is_refused(national, lists, tangsel, province_admin):
    with pytest.raises(ValidationError):
        services.nominate(
            actor=province_admin,
            call_office=national,
            applications=[tangsel.app("food_no_halal")],
        )
    assert not national.nominations.exists()


def test_consent_for_a_passed_up_nominee_is_asked_through_her_own_office(
    national, lists, tangsel, province, province_admin
):
    nomination = nominate(
        national, tangsel.app("bag"), None, consent=ConsentState.MISSING, by=province_admin
    )
    message = services.ask_consent(actor=province_admin, nomination=nomination)
    # In Tangsel's outbox (it keeps her contact), not the province's.
    assert message.organisation == tangsel.office
    assert not Message.objects.filter(organisation=province).exists()
    assert tangsel.office.name in message.body
    assert "Trade Expo Indonesia" in message.body
    nomination.refresh_from_db()
    assert nomination.consent == ConsentState.ASKED


def test_a_list_sent_upwards_keeps_the_province_out_of_the_cities_contacts(
    national, lists, tangsel, province_admin, client_for
):
    business = tangsel.app("bag").business
    business.nik, business.phone = "3674012301850004", "+6281377700123"
    business.save(update_fields=["nik", "phone"])
    nominate(national, tangsel.app("bag"), None, by=province_admin)
    submit(national, by=province_admin)
    page = client_for(province_admin).get(national.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert tangsel.app("bag").product.name in body
    assert "3674012301850004" not in body
    assert "81377700123" not in body
