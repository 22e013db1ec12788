"""Many applications with three submitted assessments each, made with bulk_create (seconds, not
minutes): for the query-count test and bench/bench_programme_applications.py."""

import random

from kurasi.curation.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    CriterionScore,
)
from kurasi.programmes.models import Application, ApplicationStatus
from kurasi.registry.models import Business, Certificate, CertificateType, Product


def add_scored_applications(programme, group, rubric, curators, count, *, seed=1):
    rng = random.Random(seed)
    organisation = programme.organisation
    start = Business.objects.count()
    businesses = Business.objects.bulk_create(
        Business(organisation=organisation, name=f"Usaha Massal {start + i}", owner_name="Pemilik")
        for i in range(count)
    )
    nib = CertificateType.objects.get(organisation=None, code="nib")
    Certificate.objects.bulk_create(
        Certificate(business=b, type=nib, number=f"9{b.pk:012d}", token=f"bulk{b.pk:028d}")
        for b in businesses
        if rng.random() < 0.8
    )
    products = Product.objects.bulk_create(
        Product(business=b, group=group, name=f"Produk Massal {b.pk}") for b in businesses
    )
    applications = Application.objects.bulk_create(
        Application(
            programme=programme,
            product=p,
            business_id=p.business_id,
            status=ApplicationStatus.VERIFIED,
        )
        for p in products
    )
    Assignment.objects.bulk_create(
        Assignment(application=a, curator=c) for a in applications for c in curators
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            application=a,
            curator=c,
            rubric=rubric,
            status=AssessmentStatus.SUBMITTED,
            weighted_score=round(rng.uniform(20, 95), 2),
        )
        for a in applications
        for c in curators
    )
    vetoing = [c for c in rubric.criteria.all() if c.minimum is not None]
    CriterionScore.objects.bulk_create(
        (
            CriterionScore(assessment=a, criterion=c, value=rng.randint(1, 5))
            for a in assessments
            for c in vetoing
        ),
        batch_size=2000,
    )
    return applications
