"""A programme scored with the food rubric, its suggested bands, and a helper that makes an
application with submitted assessments (scores chosen by the test)."""

import datetime as dt

import pytest
from django.urls import reverse

from kurasi.accounts.models import Role
from kurasi.curation.decisions import create_default_bands
from kurasi.curation.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    CriterionScore,
    CurationPlan,
    ProgrammeRubric,
)
from kurasi.curation.scoring import CriterionSpec, to_decimal, weighted_score
from kurasi.curation.services import copy_preset

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    MembershipFactory,
    ProductFactory,
    certificate_type,
)

CURATION_DAY = dt.date(2026, 9, 19)


@pytest.fixture
def programme(open_programme, product_groups, admin_user, organisation):
    open_programme.curation_date = CURATION_DAY
    open_programme.save(update_fields=["curation_date"])
    rubric = copy_preset(actor=admin_user, organisation=organisation, preset_code="food")
    for code in ("makanan", "minuman-ringan"):
        ProgrammeRubric.objects.create(
            programme=open_programme, product_group=product_groups[code], rubric=rubric
        )
    CurationPlan.objects.create(programme=open_programme, disagreement_threshold=20)
    return open_programme


@pytest.fixture
def bands(programme, admin_user):
    return {b.label: b for b in create_default_bands(actor=admin_user, programme=programme)}


@pytest.fixture
def curators(organisation, curator):
    others = [
        MembershipFactory(organisation=organisation, role=Role.CURATOR).user for _ in range(2)
    ]
    return [curator, *others]


def rubric_of(programme, group_code="makanan"):
    return programme.rubric_choices.get(product_group__code=group_code).rubric


def score(programme, application, curator, values, *, submitted=True, advice=None):
    """Submit one curator's assessment: `values` is one int for every criterion or a dict."""
    rubric = rubric_of(programme, application.product.group.code)
    criteria = list(rubric.criteria.all())
    if isinstance(values, int):
        values = {c.key: values for c in criteria}
    Assignment.objects.get_or_create(application=application, curator=curator)
    specs = [CriterionSpec(c.key, float(c.weight), c.minimum) for c in criteria]
    assessment = Assessment.objects.create(
        application=application,
        curator=curator,
        rubric=rubric,
        status=AssessmentStatus.SUBMITTED if submitted else AssessmentStatus.DRAFT,
        weighted_score=to_decimal(weighted_score(values, specs, 1, 5)),
        recommendation=(advice or {}).get("overall", ""),
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(
            assessment=assessment,
            criterion=c,
            value=values[c.key],
            recommendation=(advice or {}).get(c.key, ""),
        )
        for c in criteria
    )
    return assessment


def make_application(programme, product_groups, name, *, nib=True, owner=None, group="makanan"):
    business = BusinessFactory(
        organisation=programme.organisation,
        name=f"Usaha {name}",
        owner=owner,
        nik="3674015508950001",
        address="Jl. Rahasia No. 7",
    )
    if nib:
        CertificateFactory(
            business=business, type=certificate_type("nib"), issued_on=dt.date(2020, 1, 2)
        )
    product = ProductFactory(business=business, group=product_groups[group], name=name)
    return ApplicationFactory(programme=programme, product=product, status="verified")


def results_url(programme, suffix=""):
    return reverse("curation:results", args=[programme.organisation.slug, programme.slug]) + suffix


def detail_url(programme, application):
    return reverse(
        "curation:result_detail",
        args=[programme.organisation.slug, programme.slug, application.pk],
    )
