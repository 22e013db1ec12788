"""Rubric workflows: copy a preset into an office, revise a rubric (new version once used)."""

from django.db import transaction
from django.utils import timezone

from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision
from kurasi.registry.models import CertificateType

from .models import (
    Anchor,
    Assessment,
    AssessmentStatus,
    Criterion,
    CriterionScore,
    LegalityCheck,
    Rubric,
)
from .presets import presets
from .scoring import CriterionSpec, to_decimal, weighted_score


@transaction.atomic
def copy_preset(*, actor, organisation, preset_code, name=""):
    """Create the organisation's own rubric from a shipped preset.

    Side effects: a Rubric with its criteria, anchors and legality checks; an audit event.
    """
    preset = presets()[preset_code]
    rubric = Rubric.objects.create(
        organisation=organisation,
        name=name or preset["name"],
        kind=preset["kind"],
        scale_min=preset["scale_min"],
        scale_max=preset["scale_max"],
        preset=preset_code,
    )
    for position, spec in enumerate(preset["criteria"]):
        criterion = Criterion.objects.create(
            rubric=rubric,
            key=spec["key"],
            name=spec["name"],
            guidance=spec.get("guidance", ""),
            weight=spec["weight"],
            minimum=spec.get("minimum"),
            position=position,
        )
        Anchor.objects.bulk_create(
            Anchor(criterion=criterion, level=preset["scale_min"] + offset, text=text)
            for offset, text in enumerate(spec["anchors"])
        )
    types = CertificateType.objects.available_to(organisation)
    for position, spec in enumerate(preset["legality"]):
        certificate_type = (
            types.filter(code=spec["certificate_type"]).order_by("organisation").first()
        )
        if certificate_type is not None:
            LegalityCheck.objects.create(
                rubric=rubric,
                certificate_type=certificate_type,
                is_gate=spec["is_gate"],
                note=spec.get("note", ""),
                position=position,
            )
    record_event(
        actor=actor,
        action="rubric.created",
        obj=rubric,
        organisation=organisation,
        changes={"preset": [None, preset_code]},
    )
    return rubric


@transaction.atomic
def rubric_for_editing(*, actor, rubric: Rubric) -> Rubric:
    """The version an edit should change: the rubric itself while unused, else a new version.

    Side effects when a new version is made: copies of criteria, anchors and checks; audit event.
    """
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if not rubric.is_locked:
        return rubric
    latest = Rubric.objects.filter(family=rubric.family).order_by("-version").first()
    if latest.pk != rubric.pk and not latest.is_locked:
        return latest
    new = Rubric.objects.create(
        organisation=rubric.organisation,
        name=rubric.name,
        kind=rubric.kind,
        scale_min=rubric.scale_min,
        scale_max=rubric.scale_max,
        family=rubric.family,
        version=latest.version + 1,
        preset=rubric.preset,
    )
    for criterion in rubric.criteria.prefetch_related("anchors"):
        anchors = list(criterion.anchors.all())
        criterion.pk = None
        criterion.rubric = new
        criterion.save()
        Anchor.objects.bulk_create(
            Anchor(criterion=criterion, level=a.level, text=a.text) for a in anchors
        )
    LegalityCheck.objects.bulk_create(
        LegalityCheck(
            rubric=new,
            certificate_type_id=check.certificate_type_id,
            is_gate=check.is_gate,
            note=check.note,
            position=check.position,
        )
        for check in rubric.legality_checks.all()
    )
    record_event(
        actor=actor,
        action="rubric.versioned",
        obj=new,
        organisation=rubric.organisation,
        changes={"version": [rubric.version, new.version]},
    )
    return new


def lock_rubric(rubric: Rubric) -> None:
    """Freeze a rubric when its first assessment starts (called by the scoring service)."""
    if rubric.locked_at is None:
        Rubric.objects.filter(pk=rubric.pk, locked_at__isnull=True).update(locked_at=timezone.now())
        rubric.refresh_from_db(fields=["locked_at"])


class AssessmentClosed(Exception):
    """The assessment was already submitted; later saves change nothing."""


def rubric_for_application(application) -> Rubric:
    choice = (
        application.programme.rubric_choices.select_related("rubric")
        .filter(product_group_id=application.product.group_id)
        .first()
    )
    if choice is None:
        raise LookupError("No rubric is set for this product group in this programme.")
    return choice.rubric


def start_assessment(*, actor, assignment):
    """The curator's assessment of the assigned application (with its rubric), created on first
    open. Side effects: creates the Assessment on the programme's rubric and locks that rubric
    version.
    """
    # Every later open is one query: no transaction, no rubric look-up.
    existing = (
        Assessment.objects.select_related("rubric")
        .filter(application_id=assignment.application_id, curator_id=assignment.curator_id)
        .first()
    )
    return existing or _create_assessment(assignment)


@transaction.atomic
def _create_assessment(assignment):
    rubric = rubric_for_application(assignment.application)
    assessment, created = Assessment.objects.get_or_create(
        application_id=assignment.application_id,
        curator_id=assignment.curator_id,
        defaults={"rubric": rubric},
    )
    if created:
        lock_rubric(rubric)
    return assessment


def _kept(stored, typed, stale):
    """A blank from a form older than the stored revision keeps the stored value."""
    return stored if stale and typed in (None, "") else typed


@transaction.atomic
def save_assessment(
    *, actor, assessment, scores, notes="", recommendation="", submit=False, base_revision=None
):
    """Store what the curator typed; submit when asked. Submitting twice changes nothing.

    `scores`: {criterion key: {"value": int|None, "note": str, "recommendation": str}}.
    `base_revision`: the revision the sending form was showing. The form always sends every
    field, so when another device saved since (a stale form), the form's blanks are fields it never
    saw filled, not erasures: they keep the stored value. A field both sent filled: the later save
    wins. Values outside the rubric's scale raise ValueError. Side effects: CriterionScore rows,
    the weighted score, an audit event on submission.
    """
    assessment = (
        Assessment.objects.select_for_update().select_related("rubric").get(pk=assessment.pk)
    )
    if assessment.status == AssessmentStatus.SUBMITTED:
        return assessment
    stale = base_revision is not None and base_revision < assessment.revision
    rubric = assessment.rubric
    criteria = {c.key: c for c in rubric.criteria.all()}
    existing = {s.criterion_id: s for s in assessment.scores.all()}
    to_create, to_update = [], []
    for key, typed in scores.items():
        criterion = criteria.get(key)
        if criterion is None:
            continue
        value = typed.get("value")
        if value is not None and not rubric.scale_min <= int(value) <= rubric.scale_max:
            raise ValueError(f"Score {value} is outside {rubric.scale_min}–{rubric.scale_max}.")
        row = existing.get(criterion.pk) or CriterionScore(
            assessment=assessment, criterion=criterion
        )
        row.value = _kept(row.value, None if value is None else int(value), stale)
        row.note = _kept(row.note, typed.get("note", "")[:5000], stale)
        row.recommendation = _kept(
            row.recommendation, typed.get("recommendation", "")[:5000], stale
        )
        (to_update if row.pk else to_create).append(row)
    CriterionScore.objects.bulk_create(to_create)
    CriterionScore.objects.bulk_update(to_update, ["value", "note", "recommendation"])
    values = dict(
        CriterionScore.objects.filter(assessment=assessment).values_list("criterion__key", "value")
    )
    specs = [CriterionSpec(c.key, float(c.weight), c.minimum) for c in criteria.values()]
    assessment.notes = _kept(assessment.notes, notes[:10000], stale)
    assessment.recommendation = _kept(assessment.recommendation, recommendation[:10000], stale)
    assessment.weighted_score = to_decimal(
        weighted_score(values, specs, rubric.scale_min, rubric.scale_max)
    )
    assessment.revision += 1
    fields = ["notes", "recommendation", "weighted_score", "revision", "updated_at"]
    if submit:
        missing = [c.name for c in criteria.values() if values.get(c.key) is None]
        if missing:
            raise IncompleteAssessment(missing)
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = timezone.now()
        fields += ["status", "submitted_at"]
    assessment.save(update_fields=fields)
    if submit:
        record_event(
            actor=actor,
            action="assessment.submitted",
            obj=assessment,
            organisation=assessment.application.programme.organisation,
            # Every criterion's score as submitted, so a later question has the full answer.
            changes={
                "weighted_score": [None, str(assessment.weighted_score)],
                **{criteria[key].name: [None, value] for key, value in values.items()},
            },
        )
    return assessment


class IncompleteAssessment(Exception):
    def __init__(self, missing):
        super().__init__(", ".join(missing))
        self.missing = missing


@transaction.atomic
def edit_rubric(
    *, actor, rubric: Rubric, fields: dict, criteria: list[dict], checks: list, revision=None
):
    """Apply an admin's edit. A rubric already used for scoring gets a new version instead.

    `revision`: the one the editor started from (none: as `rubric` was read); StaleEdit, nothing
    written, when someone else saved the rubric since.

    `criteria`: [{"key", "name", "guidance", "weight", "minimum", "anchors": [text per level]}].
    `checks`: [(CertificateType, is_gate)]. Returns the version that now holds the edit.
    Side effects: the version's criteria, anchors and checks are replaced; an audit event.
    """
    claim_revision(rubric, revision)
    target = rubric_for_editing(actor=actor, rubric=rubric)
    for name, value in fields.items():
        setattr(target, name, value)
    target.save()
    # Safe to replace: an unlocked version has no scores pointing at its criteria.
    target.criteria.all().delete()
    target.legality_checks.all().delete()
    for position, spec in enumerate(criteria):
        criterion = Criterion.objects.create(
            rubric=target,
            key=spec["key"],
            name=spec["name"],
            guidance=spec.get("guidance", ""),
            weight=spec["weight"],
            minimum=spec.get("minimum"),
            position=position,
        )
        Anchor.objects.bulk_create(
            Anchor(criterion=criterion, level=target.scale_min + offset, text=text)
            for offset, text in enumerate(spec["anchors"])
        )
    LegalityCheck.objects.bulk_create(
        LegalityCheck(rubric=target, certificate_type=certificate_type, is_gate=is_gate, position=i)
        for i, (certificate_type, is_gate) in enumerate(checks)
    )
    record_event(
        actor=actor,
        action="rubric.changed",
        obj=target,
        organisation=target.organisation,
        changes={"criteria": [None, [c["key"] for c in criteria]]},
    )
    return target
