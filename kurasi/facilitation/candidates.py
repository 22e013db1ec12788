"""Who a facilitation programme should invite: the businesses with the gap it closes."""

from kurasi.registry.models import Business

from .assessed import latest_scores, weak_criteria
from .gaps import SUPPORT_STATUSES, office_gaps
from .labels import status_label


def candidates_for(programme, exclude_ids):
    """Businesses with the gap the programme closes, judged on its start date, best score first."""
    organisation = programme.organisation
    businesses = Business.objects.for_organisation(organisation).exclude(pk__in=exclude_ids)
    found = []
    if programme.target_type_id:
        for item in office_gaps(organisation, programme.starts_on, businesses=businesses):
            open_needs = [
                r
                for r in item.requirements
                if programme.target_type_id in r.rule.type_ids and r.status in SUPPORT_STATUSES
            ]
            if open_needs:
                statuses = sorted({r.status for r in open_needs})
                found.append((item.business, [(s, status_label(s)) for s in statuses]))
    elif programme.target_criterion_key:
        businesses = list(businesses)
        weak = weak_criteria([b.pk for b in businesses])
        for business in businesses:
            if any(w.key == programme.target_criterion_key for w in weak.get(business.pk, [])):
                found.append((business, []))
    scores = latest_scores([b.pk for b, _ in found])
    rows = [
        {"business": b, "statuses": s, "score": scores.get(b.pk, (None, None))[1]} for b, s in found
    ]
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["business"].name))
    return rows
