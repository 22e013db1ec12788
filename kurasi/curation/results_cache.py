"""The results page's computation, kept until something it depends on changes.

Calibration needs every assessment of the programme, so the results cost the same whichever page
of them is shown; staff open the page again and again while deciding. Validity is a fingerprint
read from the database on every request (counts and latest change times of everything the results
are computed from), so every process sees any change at once, whichever page or import made it.

The kept results live in this process's memory, not in the shared cache: unpickling 2,000 rows
from a cache costs more than half of computing them. Nothing depends on the copy: a process that
has none, or a stale one, computes afresh. Views treat the results as read-only. Decisions are
always computed afresh (kurasi/curation/decisions.py).
"""

import hashlib
import threading
from collections import OrderedDict

from django.db.models import Count, Max
from django.utils import timezone

from kurasi.programmes.models import Application
from kurasi.registry.models import Certificate

from .models import (
    Appeal,
    Assessment,
    Assignment,
    Decision,
    LegalityCheck,
    OutcomeBand,
    ProgrammeRubric,
)
from .models_day import CheckIn
from .results import compute_results, plan_for

KEPT_PROGRAMMES = 8
_kept: OrderedDict = OrderedDict()  # programme id → (fingerprint, results)
_lock = threading.Lock()


def fingerprint(programme, on_day) -> str:
    applications = Application.objects.filter(programme=programme)
    plan = plan_for(programme)
    parts = [
        programme.pk,
        on_day.isoformat(),
        applications.aggregate(
            n=Count("id"),
            changed=Max("updated_at"),
            product_changed=Max("product__updated_at"),
            business_changed=Max("product__business__updated_at"),
        ),
        Assessment.objects.filter(application__programme=programme).aggregate(
            n=Count("id"), changed=Max("updated_at")
        ),
        Assignment.objects.filter(application__programme=programme).aggregate(
            n=Count("id"), last=Max("id")
        ),
        Decision.objects.filter(application__programme=programme).aggregate(
            n=Count("id"), decided=Max("decided_at"), letter=Max("letter_issued_at")
        ),
        # The check-in desk's "did not come" (and a late arrival undoing it) changes rows.
        CheckIn.objects.filter(programme=programme).aggregate(
            n=Count("id"), changed=Max("updated_at")
        ),
        Appeal.objects.filter(decision__application__programme=programme).aggregate(
            n=Count("id"), filed=Max("filed_at"), answered=Max("resolved_at")
        ),
        Certificate.objects.filter(
            business_id__in=applications.values("product__business_id")
        ).aggregate(n=Count("id"), changed=Max("updated_at")),
        sorted(
            ProgrammeRubric.objects.filter(programme=programme).values_list(
                "product_group_id", "rubric_id"
            )
        ),
        LegalityCheck.objects.filter(
            rubric_id__in=ProgrammeRubric.objects.filter(programme=programme).values("rubric_id")
        ).aggregate(n=Count("id"), last=Max("id")),
        list(OutcomeBand.objects.filter(programme=programme).values_list()),
        [(field.name, getattr(plan, field.attname)) for field in plan._meta.concrete_fields],
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_results(programme, *, on_day=None):
    on_day = on_day or programme.curation_date or timezone.localdate()
    current = fingerprint(programme, on_day)
    with _lock:
        kept = _kept.get(programme.pk)
        if kept is not None and kept[0] == current:
            _kept.move_to_end(programme.pk)
            return kept[1]
    results = compute_results(programme, on_day=on_day)
    with _lock:
        _kept[programme.pk] = (current, results)
        _kept.move_to_end(programme.pk)
        while len(_kept) > KEPT_PROGRAMMES:
            _kept.popitem(last=False)
    return results
