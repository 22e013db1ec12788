"""Progress across years: a business's timeline and a programme compared with the year before."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.curation.models import AssessmentStatus, Decision
from kurasi.lib.numbers import number
from kurasi.programmes.models import COUNTED_STATUSES, Application, Programme
from kurasi.registry.models import Business, Certificate, CertificateType

from .rules import EXPIRING, VALID, Cert, certificate_status

# The certificate types whose coverage the comparison shows, in this order.
COVERAGE_CODES = ["nib", "spp-irt", "bpom-md", "halal", "sni", "merek"]


@dataclass
class TimelineEntry:
    day: dt.date
    kind: str  # curation, certificate, facilitation
    title: str
    detail: str = ""


def timeline_for(business) -> list[TimelineEntry]:
    """Curation programmes entered (score, outcome), certificates gained, facilitation received."""
    from .models import Participation  # here: models imports nothing from this module

    entries = []
    applications = (
        Application.objects.filter(product__business=business, status__in=COUNTED_STATUSES)
        .select_related("programme", "product", "decision__band")
        .annotate(
            mean=Avg(
                "assessments__weighted_score",
                filter=Q(assessments__status=AssessmentStatus.SUBMITTED),
            )
        )
    )
    for application in applications:
        programme = application.programme
        day = programme.curation_date or timezone.localdate(programme.registration_closes_at)
        parts = []
        decision = getattr(application, "decision", None)
        # Once decided, the final score the decision was made on (calibrated where the
        # programme uses calibration), as the letter prints it; before, the raw mean.
        shown = decision.deciding_score if decision is not None else None
        shown = application.mean if shown is None else shown
        if shown is not None:
            parts.append(_("score %(score)s of 100") % {"score": number(shown, 1)})
        if decision is not None:
            parts.append(_("outcome: %(band)s") % {"band": decision.outcome_label})
        entries.append(
            TimelineEntry(
                day,
                "curation",
                f"{programme.title} — {application.product.name}",
                " · ".join(parts),
            )
        )
    for certificate in Certificate.objects.filter(
        business=business, issued_on__isnull=False
    ).select_related("type", "product"):
        detail = certificate.product.name if certificate.product else ""
        entries.append(
            TimelineEntry(
                certificate.issued_on,
                "certificate",
                _("%(type)s obtained") % {"type": certificate.type.name},
                detail,
            )
        )
    for participation in Participation.objects.filter(business=business).select_related(
        "programme"
    ):
        programme = participation.programme
        entries.append(
            TimelineEntry(
                programme.starts_on,
                "facilitation",
                programme.title,
                " · ".join(
                    x for x in [participation.get_status_display(), participation.outcome_note] if x
                ),
            )
        )
    entries.sort(key=lambda e: (e.day, e.kind))
    return entries


def judging_day(programme) -> dt.date:
    return programme.curation_date or timezone.localdate(programme.registration_closes_at)


def previous_programme(programme):
    return (
        Programme.objects.filter(organisation=programme.organisation, year__lt=programme.year)
        .order_by("-year", "-registration_opens_at")
        .first()
    )


@dataclass
class ProgrammeFigures:
    programme: Programme
    day: dt.date
    applications: int = 0
    businesses: set = field(default_factory=set)
    coverage: list = field(default_factory=list)  # [(type name, held count, share %)]
    decisions: int = 0
    passed: int = 0

    @property
    def pass_rate(self):
        return round(100 * self.passed / self.decisions) if self.decisions else None


def programme_figures(programme, types) -> ProgrammeFigures:
    """Figures of one programme in four queries."""
    day = judging_day(programme)
    figures = ProgrammeFigures(programme=programme, day=day)
    rows = list(
        Application.objects.filter(programme=programme, status__in=COUNTED_STATUSES).values_list(
            "product__business_id", flat=True
        )
    )
    figures.applications = len(rows)
    figures.businesses = set(rows)
    nib_ids = set(
        Business.objects.filter(pk__in=figures.businesses)
        .exclude(nib="")
        .values_list("pk", flat=True)
    )
    held = defaultdict(set)
    for values in Certificate.objects.filter(business_id__in=figures.businesses).values_list(
        "business_id", "type_id", "issued_on", "expires_on"
    ):
        business_id, type_id, issued_on, expires_on = values
        status = certificate_status(Cert(0, type_id, None, issued_on, expires_on), day)
        if status in (VALID, EXPIRING):
            held[type_id].add(business_id)
    total = len(figures.businesses)
    for certificate_type in types:
        holders = held[certificate_type.pk] | (nib_ids if certificate_type.code == "nib" else set())
        share = round(100 * len(holders) / total) if total else 0
        figures.coverage.append((certificate_type.name, len(holders), share))
    # Absent products were never judged: neither passed nor failed, so not in the rate.
    decisions = Decision.objects.filter(application__programme=programme, absent=False).aggregate(
        all=Count("pk"), passed=Count("pk", filter=Q(band__is_pass=True))
    )
    figures.decisions, figures.passed = decisions["all"], decisions["passed"]
    return figures


def compare(programme):
    """(this year's figures, last programme's figures or None, returning producers count)."""
    types = sorted(
        CertificateType.objects.filter(organisation=None, code__in=COVERAGE_CODES),
        key=lambda t: COVERAGE_CODES.index(t.code),
    )
    current = programme_figures(programme, types)
    previous = previous_programme(programme)
    if previous is None:
        return current, None, 0
    before = programme_figures(previous, types)
    return current, before, len(current.businesses & before.businesses)
