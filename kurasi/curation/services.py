"""Rubric workflows: copy a preset into an office, revise a rubric (new version once used)."""

from django.db import transaction
from django.utils import timezone

from kurasi.audit.services import record_event
from kurasi.registry.models import CertificateType

from .models import Anchor, Criterion, LegalityCheck, Rubric
from .presets import presets


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
