"""The result letter: an official-looking PDF in Bahasa Indonesia, made from an HTML template
with WeasyPrint when someone downloads it (letters are records; PDFs are not stored)."""

import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kurasi.lib.qr import qr_svg
from kurasi.lib.urls import absolute_reverse, site_url

from .models import Anchor, AssessmentStatus, CriterionScore
from .results import legality_for, plan_for


def verification_url(decision) -> str:
    return absolute_reverse("curation:verify_code", decision.verification_code)


def printed_url(url: str, code: str):
    """The verification link as printed: the line may break only before the code, never at one
    of the code's hyphens, where a reader typing it would not know whether the hyphen belongs."""
    prefix, _code, rest = url.rpartition(code)
    return format_html('{}<wbr><span class="nobreak">{}{}</span>', prefix, code, rest)


def nearest_level(mean: float, scale_min: int, scale_max: int) -> int:
    """The scale level closest to a mean (halves round up: 3.5 reads as 4)."""
    level = int(Decimal(str(mean)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return min(max(level, scale_min), scale_max)


def criterion_results(application):
    """Per criterion: the curators' mean in words (the anchor of the nearest level) and their
    advice. Curators' names are never attached: the producer sees the panel's view."""
    scores = list(
        CriterionScore.objects.filter(
            assessment__application=application,
            assessment__status=AssessmentStatus.SUBMITTED,
            value__isnull=False,
        )
        .select_related("criterion", "assessment__rubric")
        .prefetch_related(Prefetch("criterion__anchors", queryset=Anchor.objects.order_by("level")))
        .order_by("criterion__position", "criterion__id", "assessment__curator_id")
    )
    by_criterion = defaultdict(list)
    for score in scores:
        by_criterion[score.criterion].append(score)
    rows = []
    for criterion, items in by_criterion.items():
        rubric = items[0].assessment.rubric
        mean = statistics.fmean(s.value for s in items)
        level = nearest_level(mean, rubric.scale_min, rubric.scale_max)
        anchors = {a.level: a.text for a in criterion.anchors.all()}
        advice = list(dict.fromkeys(s.recommendation.strip() for s in items if s.recommendation))
        rows.append(
            {
                "name": criterion.name,
                "level": level,
                "words": anchors.get(level, ""),
                "advice": advice,
                "below_minimum": criterion.minimum is not None and mean < criterion.minimum,
            }
        )
    return rows


def overall_recommendations(application):
    texts = application.assessments.filter(status=AssessmentStatus.SUBMITTED).values_list(
        "recommendation", flat=True
    )
    return list(dict.fromkeys(t.strip() for t in texts.order_by("curator_id") if t.strip()))


def letter_context(decision):
    from .decisions import appeal_closes_at

    application = decision.application
    programme = application.programme
    on_day = programme.curation_date or timezone.localdate()
    url = verification_url(decision)
    criteria = criterion_results(application)
    legality = legality_for(application, on_day)
    # What stands between the product and a passing band, in the producer's words.
    blocking = [
        _("%(permit)s (permit)") % {"permit": f.name} for f in legality if f.is_gate and not f.held
    ] + [
        _("%(criterion)s at least at the minimum") % {"criterion": c["name"]}
        for c in criteria
        if c["below_minimum"]
    ]
    return {
        "decision": decision,
        "application": application,
        "programme": programme,
        "organisation": programme.organisation,
        "product": application.product,
        "business": application.product.business,
        "criteria": criteria,
        "blocking": blocking,
        "recommendations": overall_recommendations(application),
        "legality": legality,
        "final_score": decision.deciding_score,
        "raw_mean": decision.raw_mean,
        "calibrated": decision.is_calibrated,
        "issued_on": timezone.localdate(decision.letter_issued_at or timezone.now()),
        "appeal_closes_at": appeal_closes_at(decision, plan_for(programme)),
        "verification_url": url,
        "printed_verification_url": printed_url(url, decision.verification_code),
        "qr_svg": qr_svg(url),
    }


def render_letter_pdf(decision) -> bytes:
    """The letter as PDF bytes, always in Bahasa Indonesia whatever the reader's UI language."""
    from weasyprint import HTML  # imported here: it loads Pango, needed by this page only

    with translation.override("id"):
        html = render_to_string("curation/letters/letter.html", letter_context(decision))
    return HTML(string=html, base_url=site_url()).write_pdf()
