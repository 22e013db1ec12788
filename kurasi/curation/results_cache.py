"""The results page's computation, kept until something it depends on changes.

Calibration needs every assessment of the programme, so the results cost the same whichever page
of them is shown; staff open the page again and again while deciding. Validity is a fingerprint
read from the database on every request (counts and latest change times of everything the results
are computed from), so every process sees any change at once, whichever page or import made it.

The kept results live in this process's memory, not in the shared cache: unpickling 2,000 rows
from a cache costs more than half of computing them. Nothing depends on the copy: a process that
has none, or a stale one, computes afresh. Views treat the results as read-only. Decisions are
always computed afresh (kurasi/curation/decisions.py).

Right after a change (a curator saves: the normal state of a curation day) the results are not
computed afresh either. What they are computed from (results.ResultInputs) is kept beside them, and
when only assessments, decisions, check-ins or appeals changed, the kept inputs are patched: the
assessments changed since the last look are read (their scores, and the criterion means of their
applications for the vetoes), decisions and check-ins are read again with the applications' light
row, open appeals again. Then results.assemble runs the arithmetic over the kept numbers: a save
moves its curator's calibration and the programme's mean, so every row is assembled again, but
from memory, without reading 6,000 scores. Anything else (applications, products, permits, bands,
rubrics, the plan, assignments, a deleted assessment) computes everything afresh.

Changed assessments are found by `updated_at`, re-reading those changed in the two minutes
before the latest one seen: a transaction that commits later than a newer one (a slow save) is
still read on the next change. Re-reading an assessment already applied changes nothing.
"""

import dataclasses
import datetime as dt
import hashlib
import threading
from collections import OrderedDict

from django.db.models import Count, FloatField, Max
from django.db.models.functions import Cast
from django.utils import timezone

from kurasi.programmes.models import Application
from kurasi.registry.models import Certificate

from .models import (
    Appeal,
    Assessment,
    AssessmentStatus,
    Assignment,
    Decision,
    LegalityCheck,
    OutcomeBand,
    ProgrammeRubric,
)
from .models_day import CheckIn
from .results import (
    _light_applications,
    assemble,
    load_inputs,
    open_appeals,
    plan_for,
    veto_means,
)

KEPT_PROGRAMMES = 8
# Changed assessments are re-read from this long before the latest change seen (see above).
RE_READ = dt.timedelta(minutes=2)
# The parts of the fingerprint a kept copy can follow by patching its inputs.
PATCHABLE = {"assessments", "decisions", "check_ins", "appeals"}
_kept: OrderedDict = OrderedDict()  # programme id → Kept
_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class Kept:
    parts: dict  # the fingerprint's parts the results were computed at
    inputs: object  # results.ResultInputs
    assessment_ids: frozenset  # every assessment of the programme, submitted or not
    results: object


def fingerprint(programme, on_day) -> str:
    return _digest(fingerprint_parts(programme, on_day))


def _digest(parts) -> str:
    return hashlib.sha256(repr(sorted(parts.items())).encode()).hexdigest()


def fingerprint_parts(programme, on_day) -> dict:
    """Counts and latest change times of everything the results are computed from, by name."""
    applications = Application.objects.filter(programme=programme)
    plan = plan_for(programme)
    return {
        "programme": (programme.pk, on_day.isoformat()),
        "applications": applications.aggregate(
            n=Count("id"),
            changed=Max("updated_at"),
            product_changed=Max("product__updated_at"),
            business_changed=Max("product__business__updated_at"),
        ),
        "assessments": Assessment.objects.filter(application__programme=programme).aggregate(
            n=Count("id"), changed=Max("updated_at")
        ),
        "assignments": Assignment.objects.filter(application__programme=programme).aggregate(
            n=Count("id"), last=Max("id")
        ),
        "decisions": Decision.objects.filter(application__programme=programme).aggregate(
            n=Count("id"), decided=Max("decided_at"), letter=Max("letter_issued_at")
        ),
        # The check-in desk's "did not come" (and a late arrival undoing it) changes rows.
        "check_ins": CheckIn.objects.filter(programme=programme).aggregate(
            n=Count("id"), changed=Max("updated_at")
        ),
        "appeals": Appeal.objects.filter(decision__application__programme=programme).aggregate(
            n=Count("id"), filed=Max("filed_at"), answered=Max("resolved_at")
        ),
        "permits": Certificate.objects.filter(
            business_id__in=applications.values("product__business_id")
        ).aggregate(n=Count("id"), changed=Max("updated_at")),
        "rubrics": sorted(
            ProgrammeRubric.objects.filter(programme=programme).values_list(
                "product_group_id", "rubric_id"
            )
        ),
        "legality_checks": LegalityCheck.objects.filter(
            rubric_id__in=ProgrammeRubric.objects.filter(programme=programme).values("rubric_id")
        ).aggregate(n=Count("id"), last=Max("id")),
        "bands": list(OutcomeBand.objects.filter(programme=programme).values_list()),
        "plan": [(f.name, getattr(plan, f.attname)) for f in plan._meta.concrete_fields],
    }


def cached_results(programme, *, on_day=None):
    on_day = on_day or programme.curation_date or timezone.localdate()
    parts = fingerprint_parts(programme, on_day)
    with _lock:
        kept = _kept.get(programme.pk)
    if kept is not None and kept.parts == parts:
        with _lock:
            if programme.pk in _kept:
                _kept.move_to_end(programme.pk)
        return kept.results
    patched = _patched(kept, parts, programme) if kept is not None else None
    if patched is None:
        inputs = load_inputs(programme, on_day=on_day)
        ids = frozenset(
            Assessment.objects.filter(application__programme=programme).values_list("pk", flat=True)
        )
    else:
        inputs, ids = patched
    kept = Kept(parts, inputs, ids, assemble(inputs))
    with _lock:
        _kept[programme.pk] = kept
        _kept.move_to_end(programme.pk)
        while len(_kept) > KEPT_PROGRAMMES:
            _kept.popitem(last=False)
    return kept.results


def _patched(kept, parts, programme):
    """(inputs, assessment ids) brought up to `parts` from the kept ones, or None when what
    changed cannot be patched. The kept inputs are not touched (other requests may read them)."""
    changed = {name for name, value in parts.items() if kept.parts.get(name) != value}
    if not changed <= PATCHABLE:
        return None
    inputs = dataclasses.replace(kept.inputs)
    ids = kept.assessment_ids
    if "assessments" in changed:
        ids = _patch_assessments(inputs, ids, kept.parts["assessments"], parts["assessments"])
        if ids is None:
            return None
    if changed & {"decisions", "check_ins"}:
        bands = {b.pk: b for b in inputs.bands}
        applications = _light_applications(programme, bands)
        if [a.pk for a in applications] != [a.pk for a in inputs.applications]:
            return None  # another set of applications: their permits were never read
        inputs.applications = applications
    if "appeals" in changed:
        inputs.appeals = open_appeals(programme)
    return inputs, ids


def _patch_assessments(inputs, ids, before, now):
    """Apply the assessments changed since `before` to a copy of the inputs' scores and vetoes;
    the programme's assessment ids, or None when one was deleted (counted by `now`)."""
    if before["changed"] is None or now["changed"] is None:
        return None
    changed = list(
        Assessment.objects.filter(
            application__programme=inputs.programme,
            updated_at__gte=before["changed"] - RE_READ,
        )
        .annotate(score=Cast("weighted_score", FloatField()))
        .values_list("pk", "curator_id", "curator__full_name", "application_id", "status", "score")
    )
    ids = ids | {pk for pk, *_rest in changed}
    if len(ids) != now["n"]:
        return None
    submitted = dict(inputs.submitted)
    for _pk, curator_id, name, application_id, status, score in changed:
        if status == AssessmentStatus.SUBMITTED and score is not None:
            submitted[(curator_id, application_id)] = (name, float(score))
        else:
            submitted.pop((curator_id, application_id), None)
    touched = {application_id for _pk, _c, _n, application_id, _s, _score in changed}
    vetoes = {pk: found for pk, found in inputs.vetoes.items() if pk not in touched}
    vetoes.update(veto_means(inputs.programme, touched))
    inputs.submitted, inputs.vetoes = submitted, vetoes
    return ids
