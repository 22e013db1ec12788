"""Aggregation per application: mean, median, calibrated scores, disagreement, vetoes, the
legality gate, the proposed outcome band and the ranking per product group.

Everything for a programme comes from a fixed handful of queries (no query per application), then
the arithmetic of scoring.py runs in Python: calibration needs every assessment of the programme
anyway, so the whole programme is computed at once and pages show a slice of it.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Avg, FloatField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kurasi.lib.numbers import number
from kurasi.programmes.models import COUNTED_STATUSES, Application
from kurasi.registry.models import Certificate

from .models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    CriterionScore,
    CurationPlan,
    LegalityCheck,
    ProgrammeRubric,
)
from .models_decisions import Appeal, AppealStatus, OutcomeBand, outcome_label
from .scoring import CriterionSpec, aggregate, calibrate, calibrated_score, vetoed_criteria


@dataclass(slots=True)
class CuratorScore:
    curator_id: int
    name: str
    raw: float
    calibrated: float


@dataclass
class Veto:
    key: str
    criterion: str
    mean: float
    minimum: int


@dataclass
class LegalityFinding:
    certificate_type_id: int
    name: str
    is_gate: bool
    held: bool
    expired: bool
    note: str = ""


@dataclass(slots=True)
class ApplicationResult:
    application: object  # a light stand-in (see _light_applications) or an Application
    scores: list = field(default_factory=list)
    pending: int = 0
    mean: float | None = None
    median: float | None = None
    spread: float | None = None
    calibrated_mean: float | None = None
    disagreement: bool = False
    vetoes: list = field(default_factory=list)
    legality: list = field(default_factory=list)
    proposed_band: OutcomeBand | None = None
    capped: bool = False
    rank: int | None = None
    appeal_open: bool = False
    basis: str = "mean"  # the plan's score_basis
    # Marked "did not come" at the check-in desk: nothing to score, no proposal, no rank; the
    # outcome to decide is "absent" (checking the producer in later undoes it).
    absent: bool = False

    @property
    def decision(self):
        return getattr(self.application, "decision", None)

    @property
    def gate_failed(self):
        return any(f.is_gate and not f.held for f in self.legality)

    @property
    def deciding_score(self):
        """The final score ("Nilai akhir"): the one bands are proposed from and decisions,
        letters, exports and the API show first. The plan's `basis` says which mean it is."""
        return self.calibrated_mean if self.is_calibrated else self.mean

    # The name older code and the API's `score` field know it by.
    score = deciding_score

    @property
    def is_calibrated(self):
        """Whether the final score is the calibrated mean (and so may differ from the raw one)."""
        return self.basis == "calibrated"

    def cap_reasons(self, on_day):
        reasons = [
            _("%(criterion)s below its minimum (%(mean)s < %(minimum)s)")
            % {"criterion": v.criterion, "mean": number(v.mean, 1), "minimum": number(v.minimum)}
            for v in self.vetoes
        ]
        day = date_format(on_day, "j F Y")
        reasons += [
            _("%(permit)s missing on %(date)s") % {"permit": f.name, "date": day}
            for f in self.legality
            if f.is_gate and not f.held
        ]
        return reasons

    def snapshot(self, on_day):
        """The figures a decision was made on, as plain JSON."""
        return {
            "deciding_score": self.deciding_score,
            "basis": self.basis,
            "mean": self.mean,
            "median": self.median,
            "calibrated_mean": self.calibrated_mean,
            "spread": self.spread,
            "disagreement": self.disagreement,
            "capped": self.capped,
            "scores": [
                {"curator_id": s.curator_id, "raw": s.raw, "calibrated": s.calibrated}
                for s in self.scores
            ],
            "vetoes": [
                {"criterion": v.key, "mean": v.mean, "minimum": v.minimum} for v in self.vetoes
            ],
            "legality": [
                {"certificate_type_id": f.certificate_type_id, "held": f.held, "gate": f.is_gate}
                for f in self.legality
            ],
            "judged_on": on_day.isoformat(),
            "absent": self.absent,
        }


@dataclass
class ProgrammeResults:
    programme: object
    plan: CurationPlan
    bands: list
    on_day: object
    rows: list  # ApplicationResult, ordered by group then rank

    def by_application(self):
        return {r.application.pk: r for r in self.rows}

    def groups(self, rows=None):
        """[(product group, [rows])] in the order of `rows`."""
        grouped = {}
        for row in self.rows if rows is None else rows:
            group = row.application.product.group
            grouped.setdefault(group.pk, (group, []))[1].append(row)
        return list(grouped.values())


def plan_for(programme):
    """The programme's curation plan, or an unsaved one with the defaults (no write on a read)."""
    return CurationPlan.objects.filter(programme=programme).first() or CurationPlan(
        programme=programme
    )


def propose_band(score, bands, *, capped):
    """(band, capped) for a score: the best band whose minimum it reaches; a veto or a failed
    legality gate caps a passing band at the best band that does not pass."""
    return _propose(score, _ordered_bands(bands), capped=capped)


def _ordered_bands(bands):
    """[(minimum, band)] best first, and the best band that does not pass."""
    ordered = sorted(bands, key=lambda b: (-b.minimum_score, b.position, b.pk or 0))
    return [(float(b.minimum_score), b) for b in ordered], next(
        (b for b in ordered if not b.is_pass), None
    )


def _propose(score, ordered_bands, *, capped):
    if score is None:
        return None, False
    ordered, best_failing = ordered_bands
    score = round(score, 2)
    reached = next((band for minimum, band in ordered if score >= minimum), None)
    if reached is None or not capped or not reached.is_pass:
        return reached, False
    return best_failing, True


@dataclass
class ResultInputs:
    """Everything the results are computed from, as read from the database. results_cache.py
    keeps a copy and, after a curator's save, patches only what the save touched before
    assembling the rows again (the arithmetic over kept numbers is cheap; reading is not)."""

    programme: object
    plan: CurationPlan
    bands: list
    on_day: object
    applications: list  # light stand-ins, in display order
    submitted: dict  # (curator id, application id) → (curator's name, weighted score)
    assigned: list  # (application id, curator id)
    vetoes: dict  # application id → [Veto]
    legality: dict  # application id → [LegalityFinding]
    appeals: set  # application ids with an open appeal


def compute_results(programme, *, on_day=None):
    """Every counted application of the programme with its aggregate and proposal."""
    return assemble(load_inputs(programme, on_day=on_day))


def load_inputs(programme, *, on_day=None):
    on_day = on_day or programme.curation_date or timezone.localdate()
    bands = list(OutcomeBand.objects.filter(programme=programme))
    applications = _light_applications(programme, {b.pk: b for b in bands})
    holders = {a.pk: ApplicationResult(application=a) for a in applications}
    _add_legality(programme, holders, on_day)
    return ResultInputs(
        programme=programme,
        plan=plan_for(programme),
        bands=bands,
        on_day=on_day,
        applications=applications,
        submitted=submitted_scores(programme),
        assigned=list(
            Assignment.objects.filter(application__programme=programme).values_list(
                "application_id", "curator_id"
            )
        ),
        vetoes=veto_means(programme),
        legality={pk: holder.legality for pk, holder in holders.items()},
        appeals=open_appeals(programme),
    )


def assemble(inputs):
    """The rows from the inputs: pure arithmetic, no query. The kept results and a full
    computation both come through here, so they cannot drift apart."""
    plan, bands = inputs.plan, inputs.bands
    ordered_bands = _ordered_bands(bands)
    rows = {
        a.pk: ApplicationResult(application=a, basis=plan.score_basis) for a in inputs.applications
    }
    _add_scores(rows, inputs.submitted, inputs.assigned, float(plan.disagreement_threshold))
    for application_id, vetoes in inputs.vetoes.items():
        if application_id in rows:
            rows[application_id].vetoes = list(vetoes)
    for application_id, row in rows.items():
        row.legality = inputs.legality.get(application_id, [])
        row.appeal_open = application_id in inputs.appeals
        row.absent = row.application.absent
        if row.absent:
            row.pending = 0  # curators are not waited for: they have nothing to score
            continue
        row.proposed_band, row.capped = _propose(
            row.score, ordered_bands, capped=bool(row.vetoes) or row.gate_failed
        )
    return ProgrammeResults(
        inputs.programme, plan, bands, inputs.on_day, _ranked(list(rows.values()))
    )


def open_appeals(programme):
    return set(
        Appeal.objects.filter(
            decision__application__programme=programme, status=AppealStatus.OPEN
        ).values_list("decision__application_id", flat=True)
    )


def _light_applications(programme, bands_by_id):
    """The programme's applications as light read-only stand-ins (no model instances: building
    thousands of them cost more than every query of the page together)."""
    groups = {}
    applications = []
    for (
        pk,
        product_id,
        product_name,
        business_id,
        business_name,
        group_id,
        group_name,
        group_position,
        decision_id,
        band_id,
        decided_absent,
        overridden,
        letter_number,
        no_show_at,
    ) in (
        Application.objects.filter(programme=programme, status__in=COUNTED_STATUSES)
        .order_by("product__group__position", "product__group__name", "product__name", "pk")
        .values_list(
            "pk",
            "product_id",
            "product__name",
            "product__business_id",
            "product__business__name",
            "product__group_id",
            "product__group__name",
            "product__group__position",
            "decision__id",
            "decision__band_id",
            "decision__absent",
            "decision__overridden",
            "decision__letter_number",
            "check_in__no_show_at",
        )
    ):
        group = groups.setdefault(
            group_id, SimpleNamespace(pk=group_id, name=group_name, position=group_position)
        )
        business = SimpleNamespace(pk=business_id, name=business_name)
        product = SimpleNamespace(
            pk=product_id,
            name=product_name,
            group_id=group_id,
            group=group,
            business_id=business_id,
            business=business,
        )
        decision = None
        if decision_id is not None:
            band = bands_by_id.get(band_id)
            decision = SimpleNamespace(
                pk=decision_id,
                band_id=band_id,
                band=band,
                absent=decided_absent,
                outcome_label=outcome_label(band, absent=decided_absent),
                overridden=overridden,
                letter_number=letter_number,
            )
        applications.append(
            SimpleNamespace(
                pk=pk, product=product, decision=decision, absent=no_show_at is not None
            )
        )
    return applications


def submitted_scores(programme, **filters):
    """{(curator id, application id): (curator's name, weighted score)} of submitted
    assessments; `filters` narrow the assessments (results_cache.py reads only changed ones)."""
    return {
        (curator_id, application_id): (name, float(score))
        for curator_id, name, application_id, score in Assessment.objects.filter(
            application__programme=programme,
            status=AssessmentStatus.SUBMITTED,
            weighted_score__isnull=False,
            **filters,
        )
        .annotate(score=Cast("weighted_score", FloatField()))
        .values_list("curator_id", "curator__full_name", "application_id", "score")
        .order_by()
    }


def _add_scores(rows, submitted, assigned, threshold):
    triples = [(c, a, s) for (c, a), (_, s) in submitted.items()]
    z = calibrate(triples)
    values = [s for _, _, s in triples]
    programme_mean = statistics.fmean(values) if values else 0.0
    # Plain float arithmetic: statistics.pstdev works in exact fractions, slow at 6,000 scores.
    programme_spread = (
        math.sqrt(statistics.fmean((v - programme_mean) ** 2 for v in values))
        if len(values) > 1
        else 0.0
    )
    # Lean loops: after every save all 2,000 rows are assembled again (results_cache.py).
    by_row = defaultdict(list)
    for (curator_id, application_id), (name, value) in submitted.items():
        if application_id in rows:
            by_row[application_id].append((name, curator_id, value))
    for application_id, curator_id in assigned:
        if application_id in rows and (curator_id, application_id) not in submitted:
            rows[application_id].pending += 1
    for application_id, entries in by_row.items():
        entries.sort(key=lambda e: (e[0], e[1]))
        row = rows[application_id]
        row.scores = [
            CuratorScore(
                curator_id,
                name,
                value,
                calibrated_score(
                    z[(curator_id, application_id)],
                    programme_mean=programme_mean,
                    programme_spread=programme_spread,
                ),
            )
            for name, curator_id, value in entries
        ]
        summary = aggregate([s.raw for s in row.scores])
        row.mean, row.median, row.spread = summary.mean, summary.median, summary.spread
        row.calibrated_mean = round(math.fsum(s.calibrated for s in row.scores) / len(entries), 2)
        row.disagreement = summary.disagreement(threshold)


def veto_means(programme, application_ids=None):
    """{application id: [Veto]}. A criterion vetoes when the curators' MEAN for it is below its
    minimum: one harsh curator alone does not block a product (the disagreement flag shows such
    splits). `application_ids` narrows the reading to those applications."""
    means = CriterionScore.objects.filter(
        assessment__application__programme=programme,
        assessment__status=AssessmentStatus.SUBMITTED,
        criterion__minimum__isnull=False,
        value__isnull=False,
    )
    if application_ids is not None:
        means = means.filter(assessment__application_id__in=application_ids)
    means = (
        means.values(
            "assessment__application_id",
            "criterion__key",
            "criterion__name",
            "criterion__minimum",
            "criterion__position",
        )
        .annotate(mean=Avg("value"))
        .order_by("assessment__application_id", "criterion__position", "criterion__key")
    )
    vetoes = defaultdict(list)
    for item in means:
        spec = CriterionSpec(item["criterion__key"], 1.0, item["criterion__minimum"])
        mean = round(float(item["mean"]), 2)
        if vetoed_criteria({spec.key: mean}, [spec]):
            vetoes[item["assessment__application_id"]].append(
                Veto(spec.key, item["criterion__name"], mean, spec.minimum)
            )
    return dict(vetoes)


def certificate_counts(issued_on, expires_on, on_day):
    """A permit counts on a day when it was issued by then and had not expired."""
    return (issued_on is None or issued_on <= on_day) and (
        expires_on is None or expires_on >= on_day
    )


def legality_for(application, on_day):
    """The legality findings of one application (for its letter), judged on `on_day`."""
    row = ApplicationResult(application=application)
    _add_legality(application.programme, {application.pk: row}, on_day, one=True)
    return row.legality


def _add_legality(programme, rows, on_day, *, one=False):
    rubric_by_group = dict(
        ProgrammeRubric.objects.filter(programme=programme).values_list(
            "product_group_id", "rubric_id"
        )
    )
    checks = defaultdict(list)
    for check in LegalityCheck.objects.filter(
        rubric_id__in=set(rubric_by_group.values())
    ).select_related("certificate_type"):
        checks[check.rubric_id].append(check)
    # (business, type) → [(product, counts on the day)]
    held = defaultdict(list)
    businesses = (
        [r.application.product.business_id for r in rows.values()]
        if one
        else Application.objects.filter(programme=programme).values("product__business_id")
    )
    for business_id, product_id, type_id, issued, expires in Certificate.objects.filter(
        business_id__in=businesses
    ).values_list("business_id", "product_id", "type_id", "issued_on", "expires_on"):
        held[(business_id, type_id)].append(
            (product_id, certificate_counts(issued, expires, on_day))
        )
    # Findings are read-only and alike across products: share one object per (check, state).
    findings = {}
    for row in rows.values():
        product = row.application.product
        for check in checks.get(rubric_by_group.get(product.group_id), ()):
            # A product-level permit (P-IRT, halal) covers only the product it names.
            mine = [
                counts
                for product_id, counts in held.get(
                    (product.business_id, check.certificate_type_id), ()
                )
                if product_id is None or product_id == product.pk
            ]
            state = (check.pk, any(mine), bool(mine) and not any(mine))
            finding = findings.get(state)
            if finding is None:
                finding = findings[state] = LegalityFinding(
                    check.certificate_type_id,
                    check.certificate_type.name,
                    check.is_gate,
                    held=state[1],
                    expired=state[2],
                    note=check.note,
                )
            row.legality.append(finding)


def _ranked(rows):
    """Rank within each product group by the proposal's score, the calibrated mean breaking ties.
    Absent products are not ranked and come last (scores given before the absence are kept)."""
    by_group = defaultdict(list)
    for row in rows:
        by_group[row.application.product.group_id].append(row)
    ordered = []
    for group_rows in by_group.values():
        group_rows.sort(
            key=lambda r: (
                r.absent,
                r.score is None,
                -(r.score or 0),
                -(r.calibrated_mean or 0),
                r.application.product.name,
            )
        )
        ranked = (r for r in group_rows if r.score is not None and not r.absent)
        for rank, row in enumerate(ranked, start=1):
            row.rank = rank
        ordered.extend(group_rows)
    return ordered


STATUS_FILTERS = {
    "undecided": lambda r: r.decision is None,
    "decided": lambda r: r.decision is not None,
    "disagreement": lambda r: r.disagreement,
    "capped": lambda r: bool(r.vetoes) or r.gate_failed,
    "pending": lambda r: not r.absent and (r.pending > 0 or r.mean is None),
    "appeal": lambda r: r.appeal_open,
    "absent": lambda r: r.absent,
}


def filter_rows(results, *, group_id=None, status=""):
    rows = results.rows
    if group_id:
        rows = [r for r in rows if r.application.product.group_id == group_id]
    if status in STATUS_FILTERS:
        rows = [r for r in rows if STATUS_FILTERS[status](r)]
    return rows
