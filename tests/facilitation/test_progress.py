"""Progress across years: a business's timeline for staff, and a programme compared with the
year before (applications, legality coverage, pass rate, returning producers)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.curation.models import Decision, OutcomeBand
from kurasi.facilitation.models import Participation, ParticipationStatus

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    ProductFactory,
    ProgrammeFactory,
    certificate_type,
)


def timeline_url(business):
    return reverse("facilitation:business_timeline", args=[business.organisation.slug, business.pk])


def compare_url(programme):
    return reverse(
        "facilitation:programme_comparison", args=[programme.organisation.slug, programme.slug]
    )


def test_timeline_lists_programmes_certificates_and_facilitation(
    client_for, admin_user, siti, scored_2017, halal_programme
):
    CertificateFactory(
        business=siti, type=certificate_type("halal"), number="H1", issued_on=dt.date(2018, 1, 10)
    )
    Participation.objects.create(
        programme=halal_programme,
        business=siti,
        status=ParticipationStatus.DONE,
        outcome_note="Sertifikat terbit",
    )
    response = client_for(admin_user).get(timeline_url(siti))
    assert response.status_code == 200
    entries = response.context["plan"].timeline
    assert [e.kind for e in entries] == ["curation", "certificate", "facilitation"]
    assert "Sertifikat terbit" in entries[2].detail
    assert 'class="kind-facilitation"' in response.content.decode()


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_timeline_allowed_for_office_staff(client_for, request, siti, persona):
    assert client_for(request.getfixturevalue(persona)).get(timeline_url(siti)).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_timeline_refused(client_for, request, siti, persona, status):
    assert (
        client_for(request.getfixturevalue(persona)).get(timeline_url(siti)).status_code == status
    )


def make_years(organisation, product_groups):
    """2017: four producers (two pass); 2018: three, two of whom return; halal gained in between."""
    p2017 = ProgrammeFactory(
        organisation=organisation,
        title="Kurasi 2017",
        slug="kurasi-2017",
        year=2017,
        status="closed",
        curation_date=dt.date(2017, 9, 19),
    )
    p2018 = ProgrammeFactory(
        organisation=organisation,
        title="Kurasi 2018",
        slug="kurasi-2018",
        year=2018,
        status="closed",
        curation_date=dt.date(2018, 9, 18),
    )
    passed = OutcomeBand.objects.create(
        programme=p2017, label="Lolos", minimum_score=70, is_pass=True
    )
    failed = OutcomeBand.objects.create(programme=p2017, label="Pembinaan", minimum_score=0)
    businesses = [BusinessFactory(organisation=organisation, name=f"Usaha {i}") for i in range(5)]
    for index, business in enumerate(businesses[:4]):
        product = ProductFactory(business=business, group=product_groups["makanan"])
        application = ApplicationFactory(programme=p2017, product=product, status="verified")
        Decision.objects.create(
            application=application,
            band=passed if index < 2 else failed,
            decided_at=dt.datetime(2017, 9, 22, tzinfo=dt.UTC),
        )
        if index in (0, 1):
            ApplicationFactory(programme=p2018, product=product, status="verified")
    ApplicationFactory(
        programme=p2018,
        product=ProductFactory(business=businesses[4], group=product_groups["tas"]),
        status="submitted",
    )
    # Halal: one held in 2017; two more gained in December 2017 (after the 2017 curation day).
    CertificateFactory(
        business=businesses[0],
        type=certificate_type("halal"),
        number="H0",
        issued_on=dt.date(2016, 5, 1),
        expires_on=dt.date(2019, 5, 1),
    )
    for business in businesses[1:3]:
        CertificateFactory(
            business=business,
            type=certificate_type("halal"),
            number=f"H{business.pk}",
            issued_on=dt.date(2017, 12, 1),
            expires_on=dt.date(2019, 12, 1),
        )
    return p2017, p2018


def test_comparison_with_the_year_before(
    client_for, admin_user, rules, organisation, product_groups
):
    _p2017, p2018 = make_years(organisation, product_groups)
    response = client_for(admin_user).get(compare_url(p2018))
    assert response.status_code == 200
    current, previous = response.context["current"], response.context["previous"]
    assert (current.applications, previous.applications) == (3, 4)
    assert response.context["returning"] == 2
    assert (previous.pass_rate, current.pass_rate) == (50, None)
    halal = next(row for row in response.context["coverage"] if row["name"] == "Sertifikat Halal")
    # 2018: businesses 0 and 1 of the three hold one; 2017: only business 0 of the four.
    assert halal["now"] == (2, 67)
    assert halal["before"] == (1, 25)


def test_comparison_of_the_first_programme_has_nothing_before(
    client_for, field_officer, rules, organisation, product_groups
):
    p2017, _ = make_years(organisation, product_groups)
    response = client_for(field_officer).get(compare_url(p2017))
    assert response.status_code == 200
    assert response.context["previous"] is None


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_comparison_refused(
    client_for, request, rules, organisation, product_groups, persona, status
):
    _, p2018 = make_years(organisation, product_groups)
    assert (
        client_for(request.getfixturevalue(persona)).get(compare_url(p2018)).status_code == status
    )


def test_comparison_runs_constant_queries(
    client_for, admin_user, rules, organisation, product_groups
):
    _, p2018 = make_years(organisation, product_groups)
    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as few:
        client.get(compare_url(p2018))
    for index in range(10):
        business = BusinessFactory(
            organisation=organisation, name=f"Baru {index}", nib=f"91200000000{index:02d}"
        )
        ApplicationFactory(
            programme=p2018, product=ProductFactory(business=business), status="verified"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(compare_url(p2018))
    assert len(many) == len(few)
