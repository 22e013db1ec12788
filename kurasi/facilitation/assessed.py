"""What the curators found: weak criteria with their advice, and each business's latest score.

A criterion is weak when the curators' mean is in the lowest quarter of the rubric's scale (at or
below 2 on a 1–5 scale) or below the criterion's own minimum. Only submitted assessments count,
and for each product only its latest programme: last year's weakness may be fixed already.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Prefetch

from kurasi.curation.models import Anchor, Assessment, AssessmentStatus, CriterionScore


@dataclass
class WeakCriterion:
    business_id: int
    product_name: str
    programme_title: str
    year: int
    key: str
    name: str
    mean: float
    below_minimum: bool
    guidance: str
    target: str  # what a good level looks like (the anchor one step above "enough")
    advice: list = field(default_factory=list)


def weak_threshold(scale_min, scale_max):
    return scale_min + (scale_max - scale_min) / 4


def weak_criteria(business_ids) -> dict:
    """{business id: [WeakCriterion]} in two queries, whatever the number of businesses."""
    scores = (
        CriterionScore.objects.filter(
            assessment__status=AssessmentStatus.SUBMITTED,
            assessment__application__product__business_id__in=list(business_ids),
            value__isnull=False,
        )
        .select_related(
            "criterion",
            "assessment__rubric",
            "assessment__application__programme",
            "assessment__application__product",
        )
        .prefetch_related(Prefetch("criterion__anchors", queryset=Anchor.objects.order_by("level")))
        .order_by("criterion__position", "criterion_id", "assessment__curator_id")
    )
    by_application = defaultdict(list)
    for score in scores:
        by_application[score.assessment.application].append(score)
    latest = {}
    for application in by_application:
        current = latest.get(application.product_id)
        if current is None or application.programme.year > current.programme.year:
            latest[application.product_id] = application
    result = defaultdict(list)
    for application in latest.values():
        by_criterion = defaultdict(list)
        for score in by_application[application]:
            by_criterion[score.criterion].append(score)
        for criterion, items in by_criterion.items():
            rubric = items[0].assessment.rubric
            mean = statistics.fmean(s.value for s in items)
            below = criterion.minimum is not None and mean < criterion.minimum
            if not below and mean > weak_threshold(rubric.scale_min, rubric.scale_max):
                continue
            anchors = {a.level: a.text for a in criterion.anchors.all()}
            target_level = min(rubric.scale_max, rubric.scale_min + 3)
            result[application.product.business_id].append(
                WeakCriterion(
                    business_id=application.product.business_id,
                    product_name=application.product.name,
                    programme_title=application.programme.title,
                    year=application.programme.year,
                    key=criterion.key,
                    name=criterion.name,
                    mean=round(mean, 1),
                    below_minimum=below,
                    guidance=criterion.guidance,
                    target=anchors.get(target_level, ""),
                    advice=list(
                        dict.fromkeys(s.recommendation.strip() for s in items if s.recommendation)
                    ),
                )
            )
    return result


def latest_scores(business_ids) -> dict:
    """{business id: (year, mean weighted score 0–100)} of each business's latest programme."""
    rows = (
        Assessment.objects.filter(
            status=AssessmentStatus.SUBMITTED,
            weighted_score__isnull=False,
            application__product__business_id__in=list(business_ids),
        )
        .values("application__product__business_id", "application__programme__year")
        .annotate(mean=Avg("weighted_score"))
    )
    result = {}
    for row in rows:
        business_id, year = (
            row["application__product__business_id"],
            row["application__programme__year"],
        )
        if business_id not in result or year > result[business_id][0]:
            result[business_id] = (year, float(row["mean"]))
    return result
