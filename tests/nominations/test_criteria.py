"""Who an office may nominate: passed, recent, food with the permit asked, one per business."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.nominations import criteria
from kurasi.nominations.models import Nomination
from kurasi.programmes.models import Application

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    ProductFactory,
    certificate_type,
)


def judged(call_office, applications=None):
    return {c.application.pk: c for c in criteria.assess(call_office, applications)}


def codes(candidate):
    return [reason.code for reason in candidate.reasons]


def test_assess_passes_recent_passed_products_and_food_with_halal(call_tangsel, tangsel):
    found = judged(call_tangsel)
    assert codes(found[tangsel.app("bag").pk]) == []
    assert codes(found[tangsel.app("food_halal").pk]) == []
    assert codes(found[tangsel.app("food_no_halal").pk]) == [criteria.FOOD_PERMIT]
    assert codes(found[tangsel.app("failed").pk]) == [criteria.NOT_PASSED]
    assert codes(found[tangsel.app("coaching").pk]) == [criteria.NOT_PASSED]
    assert codes(found[tangsel.app("absent").pk]) == [criteria.ABSENT]
    assert codes(found[tangsel.app("old").pk]) == [criteria.TOO_OLD]
    # The office's curated producers only: the undecided one is not listed.
    assert tangsel.app("undecided").pk not in found


def test_reasons_are_sentences_the_office_can_read(call_tangsel, tangsel):
    found = judged(call_tangsel)
    [permit] = found[tangsel.app("food_no_halal").pk].reasons
    assert "Sertifikat Halal" in permit.text
    [outcome] = found[tangsel.app("failed").pk].reasons
    assert "Tidak lolos" in outcome.text


def test_undecided_and_other_offices_applications_are_refused(call_tangsel, tangsel, tangerang):
    asked = Application.objects.filter(
        pk__in=[tangsel.app("undecided").pk, tangerang.app("bag").pk]
    )
    found = judged(call_tangsel, asked)
    assert codes(found[tangsel.app("undecided").pk]) == [criteria.NOT_DECIDED]
    assert codes(found[tangerang.app("bag").pk]) == [criteria.OTHER_OFFICE]


def test_halal_expired_by_the_first_day_does_not_count(call_tangsel, tangsel, banten_expo):
    tangsel.halal.expires_on = banten_expo.starts_on - dt.timedelta(days=1)
    tangsel.halal.save()
    assert codes(judged(call_tangsel)[tangsel.app("food_halal").pk]) == [criteria.FOOD_PERMIT]


def test_a_business_wide_permit_covers_every_product(call_tangsel, tangsel):
    application = tangsel.app("food_no_halal")
    CertificateFactory(business=application.business, type=certificate_type("halal"))
    assert codes(judged(call_tangsel)[application.pk]) == []


def test_another_permit_type_does_not_count(call_tangsel, tangsel):
    application = tangsel.app("food_no_halal")
    CertificateFactory(
        business=application.business,
        product=application.product,
        type=certificate_type("spp-irt"),
    )
    assert codes(judged(call_tangsel)[application.pk]) == [criteria.FOOD_PERMIT]


def test_a_call_asking_no_permit_takes_food_without_one(call, call_tangsel, tangsel):
    call.food_certificate_codes = []
    call.save()
    call_tangsel.refresh_from_db()
    assert codes(judged(call_tangsel)[tangsel.app("food_no_halal").pk]) == []


def test_a_longer_window_takes_the_older_decision(call, call_tangsel, tangsel):
    call.passed_within_years = 4
    call.save()
    call_tangsel.refresh_from_db()
    assert codes(judged(call_tangsel)[tangsel.app("old").pk]) == []


def test_one_product_per_business_per_call(call_tangsel, tangsel, product_groups):
    bag = tangsel.app("bag")
    second = ProductFactory(business=bag.business, group=product_groups["tas"], name="Tas Kedua")
    other = ApplicationFactory(programme=tangsel.programme, product=second, status="verified")
    decision = bag.decision
    decision.pk, decision.application, decision.verification_code = None, other, "SECOND"
    decision.save()
    Nomination.objects.create(call_office=call_tangsel, application=bag)
    found = judged(call_tangsel, Application.objects.filter(pk__in=[bag.pk, other.pk]))
    assert codes(found[other.pk]) == [criteria.BUSINESS_NOMINATED]
    assert codes(found[bag.pk]) == []
    assert found[bag.pk].nomination is not None


def test_groups_map_by_code_then_name_else_the_office_chooses(
    call_tangerang, tangerang, province_groups
):
    found = judged(call_tangerang)
    assert found[tangerang.app("bag").pk].group == province_groups["tas"]
    # kuliner / "makanan" → the province's "Makanan" by name, any case.
    assert found[tangerang.app("food_halal").pk].group == province_groups["makanan"]
    assert found[tangerang.app("carving").pk].group is None
    assert codes(found[tangerang.app("carving").pk]) == []


def test_assess_reads_many_applications_with_the_same_queries(call_tangsel, tangsel):
    criteria.assess(call_tangsel)  # warm the content types and the like
    with CaptureQueriesContext(connection) as few:
        criteria.assess(call_tangsel)
    for n in range(30):
        business = BusinessFactory(organisation=tangsel.office)
        product = ProductFactory(business=business, group=tangsel.groups["makanan"])
        application = ApplicationFactory(
            programme=tangsel.programme, product=product, status="verified"
        )
        decision = tangsel.app("bag").decision
        decision.pk, decision.application, decision.verification_code = None, application, f"X{n}"
        decision.save()
    with CaptureQueriesContext(connection) as many:
        result = criteria.assess(call_tangsel)
    assert len(result) == 37
    assert len(many) == len(few)
