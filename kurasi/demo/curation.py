"""The 2017 curation day's scoring: rubrics, curators' product groups, fair assignment, and
assessments with one harsh and one lenient curator (DOMAIN.md §6). Deterministic."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from kurasi.curation.assignment import Problem, assign
from kurasi.curation.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    CriterionScore,
    CurationPlan,
    CuratorCoverage,
    ProgrammeRubric,
    Rubric,
)
from kurasi.curation.scoring import CriterionSpec, to_decimal, weighted_score
from kurasi.curation.services import copy_preset, lock_rubric
from kurasi.registry.models import ProductGroup

WIB = ZoneInfo("Asia/Jakarta")
NON_FOOD = ["tas", "busana", "aksesori"]
FOOD = ["makanan", "minuman-ringan"]
# curator email → (groups covered, habit: points added to every score on a 1–5 scale).
# On the day two tables sat side by side (kurasi/demo/day.py): food and drink with the office's
# officer and the Dekranasda member, non-food with the designer and the retail buyer.
CURATORS = {
    "kurator1@tangsel.kurasi.test": (FOOD, 0.0),  # the office's own officer
    "kurator2@tangsel.kurasi.test": (NON_FOOD, -0.9),  # the designer: harsh
    "kurator3@tangsel.kurasi.test": (NON_FOOD, +0.8),  # the retail buyer: lenient
    "kurator4@tangsel.kurasi.test": (FOOD, 0.0),  # Dekranasda member
}


def office_rubric(organisation, preset_code):
    rubric = Rubric.objects.filter(organisation=organisation, preset=preset_code).first()
    return rubric or copy_preset(actor=None, organisation=organisation, preset_code=preset_code)


def seed_curation(organisation, programme, curators_by_email):
    CurationPlan.objects.get_or_create(
        programme=programme, defaults={"curators_per_application": 2}
    )
    rubrics = {
        "food": office_rubric(organisation, "food"),
        "non_food": office_rubric(organisation, "non_food"),
    }
    groups = {g.code: g for g in ProductGroup.objects.filter(organisation=organisation)}
    for group in groups.values():
        ProgrammeRubric.objects.get_or_create(
            programme=programme,
            product_group=group,
            defaults={"rubric": rubrics["food" if group.is_food else "non_food"]},
        )
    for email, (codes, _) in CURATORS.items():
        for code in codes:
            CuratorCoverage.objects.get_or_create(
                organisation=organisation,
                curator=curators_by_email[email],
                product_group=groups[code],
            )
    applications = list(programme.applications.select_related("product__group").order_by("pk"))
    if not Assignment.objects.filter(application__programme=programme).exists():
        problem = Problem(
            applications={a.pk: a.product.group.code for a in applications},
            curators={curators_by_email[e].pk: set(codes) for e, (codes, _) in CURATORS.items()},
            k=2,
        )
        solution = assign(problem)
        Assignment.objects.bulk_create(
            Assignment(application_id=a, curator_id=c, is_automatic=True)
            for c, a in sorted(solution.pairs)
        )
    seed_assessments(programme, applications, curators_by_email, rubrics)


def seed_assessments(programme, applications, curators_by_email, rubrics):
    rng = random.Random(19092017)
    habit = {curators_by_email[e].pk: bias for e, (_, bias) in CURATORS.items()}
    day = dt.datetime(2017, 9, 19, 9, 0, tzinfo=WIB)
    quality = {a.pk: rng.uniform(2.0, 4.6) for a in applications}
    pairs = Assignment.objects.filter(application__programme=programme).order_by(
        "application_id", "curator_id"
    )
    by_application = {a.pk: a for a in applications}
    for index, pair in enumerate(pairs):
        application = by_application[pair.application_id]
        rubric = rubrics["food" if application.product.group.is_food else "non_food"]
        criteria = list(rubric.criteria.all())
        values = {
            c.key: min(
                5,
                max(1, round(quality[application.pk] + habit[pair.curator_id] + rng.gauss(0, 0.6))),
            )
            for c in criteria
        }
        assessment, created = Assessment.objects.get_or_create(
            application=application,
            curator_id=pair.curator_id,
            defaults={"rubric": rubric, "status": AssessmentStatus.SUBMITTED},
        )
        if not created:
            continue
        lock_rubric(rubric)
        CriterionScore.objects.bulk_create(
            CriterionScore(assessment=assessment, criterion=c, value=values[c.key])
            for c in criteria
        )
        specs = [CriterionSpec(c.key, float(c.weight), c.minimum) for c in criteria]
        assessment.weighted_score = to_decimal(
            weighted_score(values, specs, rubric.scale_min, rubric.scale_max)
        )
        assessment.submitted_at = day + dt.timedelta(minutes=7 * index)
        assessment.save(update_fields=["weighted_score", "submitted_at"])
